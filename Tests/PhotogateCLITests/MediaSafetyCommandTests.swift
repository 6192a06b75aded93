import Foundation
import PhotogateCore
import PhotogateTestSupport
import Testing

/// Through the real binary: tags that cannot be read are never skipped, no input ends the
/// process, a photo that cannot be decoded whole is never clear, RAW files are refused, and
/// the privacy report never says "no serial" about maker notes it could not read.
@Suite("photogate on unreadable tags, hostile XMP, broken photos, RAW files and maker notes")
struct MediaSafetyCommandTests {
    /// The group photo with each labelled face tagged as someone with website consent.
    static func taggedPhoto() throws -> [UInt8] {
        try FaceCommandTests.groupPhoto(regions: FaceCommandTests.people.enumerated().map { FaceCommandTests.region($1, $0) })
    }

    func check(_ school: SchoolHome, _ arguments: [String]) throws -> (CommandResult, [[String: Any]]) {
        let result = try school.run(as: "amy", ["check", "--json", "--channel", "website"] + arguments)
        return (result, (try? result.json() as? [[String: Any]]) ?? [])
    }

    /// The one object whose photo ends with `name`.
    func outcome(_ outcomes: [[String: Any]], _ name: String) -> [String: Any] {
        outcomes.first { ($0["photo"] as? String)?.hasSuffix(name) == true } ?? [:]
    }

    @Test("a sidecar that is a link, a folder or a FIFO sends the photo to review, naming it; without it the photo is publishable")
    func unreadableSidecar() throws {
        let school = try FaceCommandTests.school()
        let photo = try Self.taggedPhoto()
        for name in ["link", "folder", "fifo", "plain"] { school.folder.write("\(name)/IMG_1.JPG", photo) }
        let elsewhere = school.folder.write("elsewhere.xmp", Array(XMPPackets.mwgRegions([], width: 1, height: 1).utf8))
        try FileManager.default.createSymbolicLink(atPath: school.folder.path + "/link/IMG_1.JPG.xmp", withDestinationPath: elsewhere)
        try FileManager.default.createDirectory(atPath: school.folder.path + "/folder/IMG_1.xmp", withIntermediateDirectories: false)
        #expect(mkfifo(school.folder.path + "/fifo/IMG_1.JPG.xmp", 0o600) == 0)

        let (result, outcomes) = try check(school, ["link/IMG_1.JPG", "folder/IMG_1.JPG", "fifo/IMG_1.JPG", "plain/IMG_1.JPG"].map { school.folder.path + "/" + $0 })
        #expect(result.status == 1, "\(result.stderr)")
        let expected = [
            "link": "who is in the photo is unknown: the XMP sidecar IMG_1.JPG.xmp is a symbolic link, which is never followed",
            "folder": "who is in the photo is unknown: the XMP sidecar IMG_1.xmp is a folder, not a file",
            "fifo": "who is in the photo is unknown: the XMP sidecar IMG_1.JPG.xmp is not a regular file",
        ]
        for (folder, reason) in expected {
            let checked = outcome(outcomes, "\(folder)/IMG_1.JPG")
            #expect(checked["verdict"] as? String == "review", "\(folder): \(checked)")
            #expect((checked["reasons"] as? [String])?.contains(reason) == true, "\(folder): \(checked)")
        }
        #expect(["clear", "redacted"].contains(outcome(outcomes, "plain/IMG_1.JPG")["verdict"] as? String))
    }

    /// A sidecar tagging the first labelled face as Danny Pink (P004, excluded).
    static func dannySidecar() -> [UInt8] {
        Array(XMPPackets.mwgRegions([FaceCommandTests.region("Danny Pink", 0)], width: 1280, height: 886).utf8)
    }

    @Test("a sidecar named in another letter case or Unicode form than its photo is read by check, so an excluded child's tag counts")
    func lookAlikeSidecarNames() throws {
        let school = try FaceCommandTests.school()
        let cases = [("case", "IMG.JPG", "img.jpg.xmp"), ("stem", "IMG.JPG", "img.xmp"), ("extension", "IMG.JPG", "IMG.Xmp"),
                     ("forms", "caf\u{E9}.jpg", "cafe\u{301}.jpg.xmp")]
        for (folder, photo, sidecar) in cases {
            school.folder.write("\(folder)/\(photo)", try Self.taggedPhoto())
            school.folder.write("\(folder)/\(sidecar)", Self.dannySidecar())
        }
        let (_, outcomes) = try check(school, cases.map { school.folder.path + "/" + $0.0 })
        #expect(outcomes.count == cases.count, "a sidecar is never taken for a photo: \(outcomes)")
        for (folder, photo, _) in cases {
            let checked = outcome(outcomes, "\(folder)/\(photo)")
            #expect(checked["verdict"] as? String == "rejected", "\(folder): \(checked)")
            #expect((checked["reasons"] as? [String])?.contains("excluded person tagged (P004)") == true, "\(folder): \(checked)")
        }
    }

    @Test("a look-alike sidecar that is exactly another photo's beside it is not read as this photo's: who is in it is unknown")
    func sidecarOfAnotherPhoto() throws {
        let school = try FaceCommandTests.school()
        school.folder.write("two/IMG.JPG", try Self.taggedPhoto())
        school.folder.write("two/img.jpg", try Self.taggedPhoto())
        school.folder.write("two/img.jpg.xmp", Self.dannySidecar())
        let (_, outcomes) = try check(school, [school.folder.path + "/two"])
        #expect(outcomes.count == 2)
        let upper = outcome(outcomes, "two/IMG.JPG")
        #expect(upper["verdict"] as? String == "review", "\(upper)")
        #expect((upper["reasons"] as? [String])?.contains("who is in the photo is unknown: the XMP sidecar img.jpg.xmp is named like this photo's sidecar, "
            + "but is the sidecar of img.jpg beside it") == true, "\(upper)")
        #expect(outcome(outcomes, "two/img.jpg")["verdict"] as? String == "rejected")
    }

    @Test("ingest stores a sidecar whose name differs from its photo's only in letter case, and the vault copy is then refused")
    func lookAlikeSidecarIngested() throws {
        let school = try FaceCommandTests.school()
        try school.addStandardDevices()
        school.folder.write("phone/IMG_0102.JPG", try Self.taggedPhoto())
        school.folder.write("phone/img_0102.jpg.xmp", Self.dannySidecar())
        let ingest = try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"])
        #expect(ingest.status == 0 && ingest.stdout.contains("1 stored"), "\(ingest.stdout)\(ingest.stderr)")
        let (_, outcomes) = try check(school, ["--batch", "1"])
        #expect(outcomes.first?["verdict"] as? String == "rejected", "\(outcomes)")
        #expect((outcomes.first?["reasons"] as? [String])?.contains("excluded person tagged (P004)") == true, "\(outcomes)")
        let post = try school.run(as: "amy", ["post", "create", "--json", "--channel", "website", "--caption", "Sports day",
                                              "--checklist", PostCommandTests.checklist, school.folder.path + "/phone/IMG_0102.JPG"])
        let created = try #require(try post.json() as? [String: Any], "\(post.stderr)")
        #expect(created["status"] as? String == "draft")
        #expect((created["reasons"] as? [String])?.first?.contains("photo 1 is rejected") == true, "\(created)")
    }

    @Test("a photo ingested with an unreadable sidecar stays unknown when checked from the vault and cannot be posted")
    func unreadableSidecarInTheVault() throws {
        let school = try FaceCommandTests.school()
        try school.addStandardDevices()
        school.folder.write("phone/IMG_1.JPG", try Self.taggedPhoto())
        try FileManager.default.createDirectory(atPath: school.folder.path + "/phone/IMG_1.xmp", withIntermediateDirectories: false)
        let ingest = try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("1 stored"), "\(ingest.stdout)")

        let (_, outcomes) = try check(school, ["--batch", "1"])
        let checked = try #require(outcomes.first)
        #expect(checked["verdict"] as? String == "review")
        #expect((checked["reasons"] as? [String])?.contains("who is in the photo is unknown: the XMP sidecar IMG_1.xmp is a folder, not a file") == true)

        let post = try school.run(as: "amy", ["post", "create", "--json", "--channel", "website", "--caption", "Sports day",
                                              "--checklist", PostCommandTests.checklist, school.folder.path + "/phone/IMG_1.JPG"])
        let created = try #require(try post.json() as? [String: Any])
        #expect(created["status"] as? String == "draft")
        #expect((created["reasons"] as? [String])?.contains { $0.contains("photo 1 is review") && $0.contains("IMG_1.xmp is a folder") } == true, "\(created)")
    }

    /// XMP whose element name holds a byte that is not UTF-8 (0xC3 with nothing after it).
    static func hostileXMP() -> [UInt8] {
        Array("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><a".utf8) + [0xC3] + Array("/></x:xmpmeta>".utf8)
    }

    @Test("XMP with names that are not UTF-8, in the middle of a batch, ends nothing: the rest of the batch goes on")
    func hostileXMPInABatch() throws {
        let school = try FaceCommandTests.school()
        try school.addStandardDevices()
        let card = school.folder.path + "/card"
        school.folder.write("card/IMG_1.JPG", CameraPhoto.jpeg(variant: 1))
        school.folder.write("card/IMG_2.JPG", JPEGSegments.splice([JPEGSegments.segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Self.hostileXMP())],
                                                                   into: CameraPhoto.jpeg(variant: 2)))
        school.folder.write("card/IMG_3.JPG", CameraPhoto.jpeg(variant: 3))
        school.folder.write("card/IMG_4.JPG", CameraPhoto.jpeg(variant: 4))
        school.folder.write("card/IMG_4.JPG.xmp", Self.hostileXMP())

        let inspect = try school.run(["inspect", "--json", card])
        #expect(inspect.status == 0, "the process must end normally: \(inspect.stderr)")
        let reports = try #require(try inspect.json() as? [[String: Any]])
        #expect(reports.count == 4)
        #expect(outcome(reports.map { ["photo": $0["file"] ?? "", "tags": $0["unreadable_tags"] ?? []] }, "IMG_2.JPG")["tags"] as? [String]
            == ["the photo's XMP is not valid UTF-8 text"])

        let sanitize = try school.run(["sanitize", "--json", "--out", school.folder.path + "/clean", card])
        #expect(sanitize.status == 0, "\(sanitize.stderr)")
        #expect((try sanitize.json() as? [[String: Any]])?.count == 4)

        let (checked, outcomes) = try check(school, [card])
        #expect(checked.status == 1, "\(checked.stderr)")
        #expect(outcomes.count == 4)
        #expect(outcome(outcomes, "IMG_2.JPG")["verdict"] as? String == "review")
        #expect((outcome(outcomes, "IMG_2.JPG")["reasons"] as? [String]) == ["who is in the photo is unknown: the photo's XMP is not valid UTF-8 text"])
        #expect((outcome(outcomes, "IMG_4.JPG")["reasons"] as? [String]) == ["who is in the photo is unknown: the XMP sidecar IMG_4.JPG.xmp is not valid UTF-8 text"])
        for name in ["IMG_1.JPG", "IMG_3.JPG"] { #expect(outcome(outcomes, name)["verdict"] as? String == "clear", "\(name)") }

        // Ingest reads the same XMP; it used to die at this file on every run.
        for run in 1...2 {
            let ingest = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", card])
            #expect(ingest.status == 0, "run \(run): \(ingest.stderr)")
        }
        let (_, vault) = try check(school, ["--batch", "1"])
        #expect(vault.map { $0["verdict"] as? String } == ["clear", "review", "clear", "review"])
    }

    @Test("a JPEG cut short, even by its last two bytes, is refused by check and preview as by sanitize, never clear", arguments: [2, 400])
    func truncatedPhoto(missing: Int) throws {
        let school = try FaceCommandTests.school()
        let whole = CameraPhoto.jpeg(variant: 5, width: 640, height: 480)
        let photo = school.folder.write("cut.jpg", Array(whole.dropLast(missing)))
        let (result, outcomes) = try check(school, [photo])
        #expect(result.status == 1)
        #expect(outcomes.first?["verdict"] == nil)
        #expect((outcomes.first?["error"] as? String)?.hasPrefix("is damaged or truncated and cannot be decoded") == true, "\(outcomes)")
        let preview = try school.run(as: "amy", ["preview", photo, "--channel", "website", "--out", school.folder.path + "/preview.jpg"])
        #expect(preview.status == 2 && preview.stderr.contains("is damaged or truncated"), "\(preview.stderr)")
        #expect(!FileManager.default.fileExists(atPath: school.folder.path + "/preview.jpg"))
        let sanitize = try school.run(["sanitize", "--json", "--out", school.folder.path + "/clean", photo])
        #expect((try sanitize.json() as? [[String: Any]])?.first?["code"] as? String == "corrupt")
    }

    @Test("a camera JPEG with zeros written over its compressed data is refused for one reason by check, preview, sanitize and ingest")
    func zeroedPhoto() throws {
        let school = try FaceCommandTests.school()
        try school.addStandardDevices()
        // Length and end marker kept: before, check called it clear and ingest stored it.
        let photo = school.folder.write("card/IMG_1.JPG", JPEGSegments.overwritingScanData(of: try Self.taggedPhoto(), count: 200))
        let reason = "is damaged or truncated and cannot be decoded (Corrupt JPEG data: premature end of data segment)"

        let (checked, outcomes) = try check(school, [photo])
        #expect(checked.status == 1 && outcomes.count == 1)
        #expect(outcomes.first?["verdict"] == nil && outcomes.first?["error"] as? String == reason, "\(outcomes)")
        let preview = try school.run(as: "amy", ["preview", photo, "--channel", "website", "--out", school.folder.path + "/preview.jpg"])
        #expect(preview.status == 2 && preview.stderr.contains(reason), "\(preview.stderr)")
        let sanitize = try school.run(["sanitize", "--json", "--out", school.folder.path + "/clean", photo])
        let cleaned = try #require(try sanitize.json() as? [[String: Any]])
        #expect(cleaned.first?["code"] as? String == "corrupt" && cleaned.first?["reason"] as? String == reason, "\(cleaned)")
        let ingest = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", school.folder.path + "/card"])
        let summary = try #require(try ingest.json() as? [String: Any], "\(ingest.stderr)")
        #expect((summary["accepted"] as? [Any])?.isEmpty == true, "\(summary)")
        #expect((summary["rejected"] as? [[String: String]])?.first?["reason"] == reason, "\(summary)")
        #expect(school.vaultFiles().isEmpty)
    }

    /// A DNG as cameras write it: an 8 × 8 preview first page, the sensor data in a
    /// sub-directory, and EXIF saying the photo is 3516 × 2328.
    static func dng() -> [UInt8] {
        let sensor = TIFFBuilder.Directory(tags: [
            .init(254, 4, [0]), .init(256, 4, [3516]), .init(257, 4, [2328]), .init(258, 3, [16]), .init(259, 3, [1]),
            .init(262, 3, [32803]), .init(277, 3, [1]),
        ])
        return TIFFBuilder.file(.rgbPage(width: 8, height: 8, extra: [
            .init(254, 4, [1]), .ascii(271, "Canon"), .ascii(272, "Canon EOS 40D"), .init(50706, 1, [1, 4, 0, 0]),
        ], subDirectories: [sensor]))
    }

    @Test("a RAW camera file is refused by inspect, sanitize, check and ingest, saying to export it as JPEG")
    func rawFiles() throws {
        let school = try FaceCommandTests.school()
        try school.addStandardDevices()
        let raw = school.folder.write("card/IMG_1.DNG", Self.dng())
        let reason = "is a RAW camera file (DNG), not a finished photo: export it as JPEG first"
        let inspect = try school.run(["inspect", raw])
        #expect(inspect.status == 2 && inspect.stdout.contains(reason), "\(inspect.stdout)")
        let sanitize = try school.run(["sanitize", "--out", school.folder.path + "/clean", raw])
        #expect(sanitize.status == 1 && sanitize.stderr.contains(reason))
        #expect(school.folder.list("clean").isEmpty, "no 8 × 8 preview is ever written")
        let (_, outcomes) = try check(school, [raw])
        #expect(outcomes.first?["error"] as? String == reason)
        let ingest = try school.run(as: "amy", ["ingest", "--device", "office-camera", school.folder.path + "/card"])
        #expect(ingest.status == 1 && ingest.stderr.contains("IMG_1.DNG: rejected: \(reason)"), "\(ingest.stderr)")
        #expect(school.vaultFiles().isEmpty)
    }

    @Test("a TIFF whose second page is the photo is refused by inspect, sanitize and check, never published as its 8 × 6 first page")
    func multiPageTIFF() throws {
        let school = try FaceCommandTests.school()
        let tiff = school.folder.write("scan.tif", TIFFBuilder.file(pages: [
            .rgbPage(width: 8, height: 6, extra: [.ascii(271, "NIKON CORPORATION")]), .rgbPage(width: 1000, height: 800),
        ]))
        let reason = "is a TIFF with 2 pages, so which one is the photo cannot be told: export the photo as JPEG first"
        let inspect = try school.run(["inspect", tiff])
        #expect(inspect.status == 2 && inspect.stdout.contains(reason), "\(inspect.stdout)")
        let sanitize = try school.run(["sanitize", "--json", "--out", school.folder.path + "/clean", tiff])
        let cleaned = try #require(try sanitize.json() as? [[String: Any]])
        #expect(cleaned.first?["code"] as? String == "several_pages" && cleaned.first?["reason"] as? String == reason, "\(cleaned)")
        #expect(school.folder.list("clean").isEmpty)
        let (_, outcomes) = try check(school, [tiff])
        #expect(outcomes.first?["verdict"] == nil && outcomes.first?["error"] as? String == reason, "\(outcomes)")
    }

    @Test("maker notes: a decoded serial is shown and checked at ingest; notes that cannot be decoded are said so, never \"no serial\"")
    func makerNoteSerials() throws {
        let school = try FaceCommandTests.school()
        #expect(try school.run(as: "admin", ["device", "add", "canon-1", "--kind", "trust", "--make", "Canon", "--model", "EOS 40D",
                                             "--serial", "0560500123"]).status == 0)
        // 560500123 is 0x2168_8D9B: libexif prints it "2168-36251".
        school.folder.write("card/IMG_1.JPG", CameraPhoto.jpeg(make: "Canon", model: "Canon EOS 40D", makerNote: MakerNotes.canon(serial: 560_500_123), variant: 1))
        school.folder.write("other/IMG_2.JPG", CameraPhoto.jpeg(make: "Canon", model: "Canon EOS 40D", makerNote: MakerNotes.canon(serial: 560_500_124), variant: 2))
        let panasonic = school.folder.write("IMG_3.JPG", CameraPhoto.jpeg(make: "Panasonic", model: "DMC-FZ30", makerNote: MakerNotes.panasonic(), variant: 3))
        let olympus = school.folder.write("IMG_4.JPG", CameraPhoto.jpeg(make: "OLYMPUS IMAGING CORP.", model: "E-P3", makerNote: MakerNotes.olympusWithEquipment(), variant: 4))

        let inspect = try school.run(["inspect", school.folder.path + "/card/IMG_1.JPG", panasonic, olympus])
        let blocks = inspect.stdout.components(separatedBy: "\n\n")
        #expect(blocks.count == 3)
        #expect(blocks.first?.contains("⚠ Camera serial number: 0560500123") == true, "\(inspect.stdout)")
        for block in blocks.dropFirst() { #expect(block.contains("⚠ Camera serial number: maker notes present (not decoded)"), "\(block)") }
        let json = try #require(try school.run(["inspect", "--json", school.folder.path + "/card/IMG_1.JPG", panasonic]).json() as? [[String: Any]])
        #expect(json.map { $0["makernote_decoded"] as? Bool } == [true, false])
        #expect(json.map { $0["serial"] as? String } == ["0560500123", nil])

        let matching = try school.run(as: "amy", ["ingest", "--device", "canon-1", school.folder.path + "/card"])
        #expect(matching.status == 0, "\(matching.stderr)")
        let other = try school.run(as: "amy", ["ingest", "--device", "canon-1", school.folder.path + "/other"])
        #expect(other.status == 1)
        #expect(other.stderr.contains("its camera serial number is 0560500124, but device canon-1 is registered with 0560500123"), "\(other.stderr)")
    }
}
