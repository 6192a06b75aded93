import Foundation
import PhotogateCore
import PhotogateTestSupport
import Testing

/// `photogate sanitize` and `photogate inspect` as a user runs them: the real binary, real
/// files, exit codes and printed words.
@Suite("photogate sanitize")
struct SanitizeCommandTests {
    let folder = TemporaryFolder("cli-sanitize")

    static func phonePhoto() -> [UInt8] {
        var exif = ExifBlock()
        exif.make = "Apple"
        exif.model = "iPhone 12"
        exif.serial = "F2LXK0ABCD12"
        exif.latitude = 51.5
        exif.longitude = -0.12
        exif.orientation = 6
        exif.thumbnailJPEG = QuadrantPicture.upright(width: 16, height: 16).encoded(.jpeg)
        return JPEGSegments.splice([JPEGSegments.exif(exif.bytes()), JPEGSegments.comment("Rose Lane")],
                                   into: QuadrantPicture.upright(width: 64, height: 96).encoded(.jpeg))
    }

    @Test("a clean batch exits 0 and reports what was removed, in JSON")
    func cleanBatchJSON() throws {
        folder.write("in/IMG_1.JPG", Self.phonePhoto())
        folder.write("in/scan.png", QuadrantPicture.upright().encoded(.png, strings: ["png-comment-0-Author": "Mrs Smith"]))
        let result = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/out", folder.path + "/in"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try #require(try result.json() as? [[String: Any]])
        #expect(objects.count == 2)
        for object in objects {
            #expect(Set(object.keys).isSuperset(of: ["input", "output", "status", "reason", "removed"]))
            #expect(object["status"] as? String == "clean")
            #expect(object["reason"] is NSNull)
        }
        let phone = try #require(objects.first { ($0["input"] as? String)?.hasSuffix("IMG_1.JPG") == true })
        let removed = try #require(phone["removed"] as? [String])
        #expect(Set(removed).isSuperset(of: ["gps", "serial", "exif", "thumbnail", "comment"]))
        #expect(phone["output"] as? String == folder.path + "/out/IMG_1.jpg")
        #expect(try Exiftool.leftoverMetadata(in: folder.path + "/out/IMG_1.jpg") == [])
        #expect(!(try Exiftool.leftoverMetadata(in: folder.path + "/in/IMG_1.JPG")).isEmpty, "the independent check must see the input's metadata")
    }

    @Test("a batch with bad inputs goes on, gives each one line naming file and reason, and exits 1")
    func badInputsInABatch() throws {
        folder.write("in/good.jpg", Self.phonePhoto())
        folder.write("in/empty.jpg", [])
        folder.write("in/notes.jpg", Array("not a photo".utf8))
        let good = Self.phonePhoto()
        folder.write("in/truncated.jpg", Array(good.prefix(good.count / 2)))
        folder.write("in/.DS_Store", Array("finder".utf8))
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/in/link.jpg", withDestinationPath: folder.path + "/in/good.jpg")
        #expect(mkfifo(folder.path + "/in/pipe.jpg", 0o600) == 0)
        // What a killed run left in the output folder's staging area is cleared.
        folder.write("out/.photogate-partial/.good.jpg.partial-ABC123", [1, 2, 3])
        let result = try CommandRunner.photogate(["sanitize", "--out", folder.path + "/out", folder.path + "/in"])
        #expect(result.status == 1)
        let rejected = result.stderrLines.filter { $0.hasPrefix("✗") }
        #expect(rejected.count == 5, "\(result.stderr)")
        for name in ["empty.jpg", "notes.jpg", "truncated.jpg", "link.jpg", "pipe.jpg"] {
            #expect(rejected.contains { $0.contains(name) && $0.contains("rejected: ") })
        }
        #expect(result.stdoutLines.contains { $0.hasPrefix("✓") && $0.contains("good.jpg") })
        #expect(!result.stdout.contains(".DS_Store") && !result.stderr.contains(".DS_Store"))
        #expect(!result.stderr.contains("Fatal") && !result.stderr.contains("Stack"))
        #expect(folder.list("out") == ["good.jpg"], "no partial output may be left behind")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out/.photogate-partial"))
    }

    @Test("the decompression bomb is refused by the default limit, and the limit is configurable")
    func megapixelLimit() throws {
        let out = folder.path + "/out"
        let bomb = try CommandRunner.photogate(["sanitize", "--json", "--out", out, TestAssets.root + "/Fixtures/photos/huge.png"])
        #expect(bomb.status == 1)
        let refused = try #require(try bomb.json() as? [[String: Any]])
        #expect(refused.first?["code"] as? String == "too_many_pixels", "\(bomb.stdout)")

        let photo = folder.write("in/photo.jpg", QuadrantPicture.upright(width: 1200, height: 1000).encoded(.jpeg))
        #expect(try CommandRunner.photogate(["sanitize", "--max-megapixels", "0", "--out", out, photo]).status == 2, "a limit of 0 is bad usage")
        #expect(try CommandRunner.photogate(["sanitize", "--max-megapixels", "1", "--out", out, photo]).status == 1, "1.2 megapixels is over 1")
        #expect(try CommandRunner.photogate(["sanitize", "--max-megapixels", "2", "--max-file-mb", "1", "--out", out, photo]).status == 0)
        #expect(folder.list("out") == ["photo.jpg"])
    }

    @Test("never overwrites an input, even when the output folder is the input folder")
    func neverOverwritesInputs() throws {
        let original = Self.phonePhoto()
        folder.write("photos/a.jpg", original)
        folder.write("photos/a.png", QuadrantPicture.upright().encoded(.png))
        let result = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/photos", folder.path + "/photos"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.read("photos/a.jpg") == original)
        let outputs = try #require(try result.json() as? [[String: Any]]).compactMap { $0["output"] as? String }
        #expect(Set(outputs).count == 2)
        #expect(!outputs.contains(folder.path + "/photos/a.jpg"))
    }

    @Test("two inputs with the same name get distinct outputs, the same ones on every run")
    func sameNames() throws {
        folder.write("card/100APPLE/IMG_0001.JPG", Self.phonePhoto())
        folder.write("card/101APPLE/IMG_0001.JPG", QuadrantPicture.upright().encoded(.jpeg))
        // Into a fresh folder each time: in the same one, the second run keeps the first's files.
        func run(into out: String) throws -> [String: String] {
            let result = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/" + out, folder.path + "/card"])
            let objects = try #require(try result.json() as? [[String: Any]])
            #expect(objects.allSatisfy { ($0["output"] as! String).hasPrefix(folder.path + "/\(out)/") })
            return Dictionary(uniqueKeysWithValues: objects.map { ($0["input"] as! String, ($0["output"] as! NSString).lastPathComponent) })
        }
        let first = try run(into: "out1"), second = try run(into: "out2")
        #expect(first == second)
        #expect(Set(first.values).count == 2)
    }

    @Test("a folder of thousands of files is processed whole, one outcome each")
    func thousandsOfFiles() throws {
        let tiny = QuadrantPicture.upright(width: 8, height: 8).encoded(.jpeg)
        for index in 0..<1500 {
            folder.write("many/\(index / 100)/p\(index).jpg", index % 100 == 99 ? [0xFF, 0xD8] : tiny)
        }
        let result = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/out", folder.path + "/many"])
        #expect(result.status == 1)
        let objects = try #require(try result.json() as? [[String: Any]])
        #expect(objects.count == 1500)
        #expect(objects.filter { $0["status"] as? String == "rejected" }.count == 15)
        #expect(folder.list("out").count == 1485)
    }

    @Test("usage errors exit 2 with a message, a missing path exits 2 after the rest is done")
    func usageErrors() throws {
        let badQuality = try CommandRunner.photogate(["sanitize", "--quality", "0", "x.jpg"])
        #expect(badQuality.status == 2)
        #expect(badQuality.stderr.contains("--quality"))
        let unknown = try CommandRunner.photogate(["sanitize", "--frobnicate"])
        #expect(unknown.status == 2)
        let photo = folder.write("ok.jpg", QuadrantPicture.upright().encoded(.jpeg))
        let missing = try CommandRunner.photogate(["sanitize", "--out", folder.path + "/out", photo, folder.path + "/nope.jpg"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.jpg: rejected: no such file"))
        #expect(folder.list("out") == ["ok.jpg"])
    }

    @Test("--help exits 0 and explains the exit codes")
    func help() throws {
        let result = try CommandRunner.photogate(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Exit codes"))
    }
}

@Suite("photogate inspect")
struct InspectCommandTests {
    let folder = TemporaryFolder("cli-inspect")

    @Test("JSON has every field, with nulls where a fact is absent")
    func jsonFields() throws {
        let phone = folder.write("IMG_1.JPG", SanitizeCommandTests.phonePhoto())
        let plain = folder.write("plain.png", QuadrantPicture.upright().encoded(.png))
        let result = try CommandRunner.photogate(["inspect", "--json", phone, plain])
        #expect(result.status == 0)
        let objects = try #require(try result.json() as? [[String: Any]])
        let required: Set = ["file", "format", "width", "height", "orientation", "gps", "make", "model", "serial",
                             "captured_at", "people", "thumbnail", "xmp", "iptc", "icc", "comment"]
        try #require(objects.count == 2)
        for object in objects { #expect(Set(object.keys).isSuperset(of: required)) }
        let first = objects[0]
        #expect(first["format"] as? String == "jpeg")
        #expect(first["orientation"] as? Int == 6)
        #expect(first["serial"] as? String == "F2LXK0ABCD12")
        #expect(first["thumbnail"] as? Bool == true)
        #expect(first["comment"] as? Bool == true)
        let gps = try #require(first["gps"] as? [String: Double])
        #expect(abs(gps["lat"]! - 51.5) < 1e-4 && abs(gps["lon"]! + 0.12) < 1e-4)
        #expect(objects[1]["gps"] is NSNull && objects[1]["serial"] is NSNull)
    }

    @Test("an unreadable file gets an error object and exit 2; the others are still reported")
    func unreadable() throws {
        let good = folder.write("good.jpg", QuadrantPicture.upright().encoded(.jpeg))
        let bad = folder.write("bad.jpg", Array("hello".utf8))
        let result = try CommandRunner.photogate(["inspect", "--json", good, bad])
        #expect(result.status == 2)
        let objects = try #require(try result.json() as? [[String: Any]])
        try #require(objects.count == 2)
        #expect(objects[0]["error"] == nil)
        #expect((objects[1]["error"] as? String)?.contains("not a photo") == true)
    }

    @Test("the human report warns about location, serial numbers and previews")
    func humanReport() throws {
        let phone = folder.write("IMG_1.JPG", SanitizeCommandTests.phonePhoto())
        let result = try CommandRunner.photogate(["inspect", phone])
        #expect(result.status == 0)
        #expect(result.stdout.contains("⚠ GPS location: 51.50000, -0.12000"))
        #expect(result.stdout.contains("⚠ Camera serial number: F2LXK0ABCD12"))
        #expect(result.stdout.contains("⚠ Embedded preview image"))
        #expect(result.stdout.contains("Camera: Apple iPhone 12"))
    }
}
