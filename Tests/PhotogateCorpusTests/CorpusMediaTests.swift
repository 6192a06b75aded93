import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateTestSupport
import Testing

/// Real camera files: maker-note serial numbers, one decode-or-reject rule, tags read.
@Suite("Corpus: maker notes, damaged files and tags", .enabled(if: Corpus.available, "PHOTOGATE_CORPUS is not set to the test corpus"))
struct CorpusMediaTests {
    let folder = TemporaryFolder("corpus-media")

    /// Every photo of the corpus (READMEs left out), with its `inspect --json` object.
    static func reports() throws -> [String: [String: Any]] {
        let result = try CommandRunner.photogate(["inspect", "--json", Corpus.samples])
        let objects = try #require(try result.json() as? [[String: Any]])
        return Dictionary(objects.compactMap { object in (object["file"] as? String).map { ($0, object) } }, uniquingKeysWith: { first, _ in first })
            .filter { !$0.key.hasSuffix("README") }
    }

    @Test("real maker-note serials are read where libexif decodes them, and said to be unread where it cannot")
    func knownCameras() throws {
        let reports = try Self.reports()
        func report(_ name: String) throws -> [String: Any] { try #require(reports[Corpus.samples + "/" + name], "\(name)") }
        let nikon = try report("jpg/tests/32-lens_data.jpeg")
        #expect(nikon["serial"] as? String == "3105364" && nikon["makernote_decoded"] as? Bool == true)
        for name in ["jpg/tests/42_IndexError.jpg", "jpg/corrupted.jpg", "jpg/Panasonic_DMC-FZ30.jpg", "jpg/Reconyx_HC500_Hyperfire.jpg",
                     "jpg/exif-org/ricoh-rdc5300.jpg", "jpg/Samsung_Digimax_i50_MP3.jpg"] {
            let undecoded = try report(name)
            #expect(undecoded["serial"] is NSNull && undecoded["makernote_decoded"] as? Bool == false, "\(name): \(undecoded)")
        }
        // An Olympus of 1998 keeps its serial in the APP12 picture info, with no maker note.
        #expect(try report("jpg/exif-org/olympus-d320l.jpg")["serial"] as? String == "#00000001")
        let text = try CommandRunner.photogate(["inspect", Corpus.samples + "/jpg/corrupted.jpg"])
        #expect(text.stdout.contains("⚠ Camera serial number: maker notes present (not decoded)"), "\(text.stdout)")
    }

    /// Tag names ExifTool finds outside the standard EXIF directories (maker notes, an APP12
    /// picture info...) that name a camera body's serial number.
    static func makerNoteSerialTags(_ file: String) throws -> [String] {
        let standard: Set<String> = ["IFD0", "ExifIFD", "IFD1", "GPS", "InteropIFD", "File", "System", "Composite", "ExifTool"]
        return try Exiftool.tags(of: file).compactMap { key, value in
            let parts = key.split(separator: ":")
            guard parts.count == 2, !standard.contains(String(parts[0])), !parts[0].hasPrefix("XMP"),
                  parts[1].hasSuffix("SerialNumber"), !["Lens", "Flash", "Extender"].contains(where: { parts[1].contains($0) }),
                  !"\(value)".trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return key
        }
    }

    @Test("no file that holds a serial outside standard EXIF (as ExifTool reads it) is reported without one and without saying so")
    func neverNoSerial() throws {
        var checked = 0
        for (file, report) in try Self.reports() {
            let serialTags = try Self.makerNoteSerialTags(file)
            guard !serialTags.isEmpty else { continue }
            checked += 1
            #expect(report["serial"] is String || report["makernote_decoded"] as? Bool == false, "\(file) holds \(serialTags): \(report)")
        }
        #expect(checked >= 5, "the corpus has maker-note serials in several cameras' files: \(checked)")
    }

    @Test("an iPhone HEIC's regions, drawn on its coded (sideways) image, turn with it as its decoder turns it")
    func heicRegionsTurn() throws {
        let photo = folder.write("IMG_1.HEIC", Array(try Data(contentsOf: URL(fileURLWithPath: Corpus.samples + "/heic/mobile/iphone_13_pro_max.HEIC"))))
        folder.write("IMG_1.HEIC.xmp", Array(XMPPackets.mwgRegions([("Clara Oswald", 0.1, 0.1, 0.05, 0.05)], width: 4032, height: 3024).utf8))
        let opened = try OpenedPhoto(try PhotoFile.read(photo, limits: .standard), limits: .standard)
        #expect(opened.uprightWidth == 3024 && opened.uprightHeight == 4032)
        let carried = opened.carriedTags(sidecars: Sidecar.beside(photo))
        #expect(carried.unreadable.isEmpty)
        // Stored (403, 302) on a 4032 × 3024 image turned a quarter clockwise is shown at (2722, 403).
        let box = try #require(carried.tags.first?.box)
        #expect(abs(box.center.x - 2722) < 2 && abs(box.center.y - 403) < 2, "\(box)")
    }

    @Test("check never clears a file that sanitize refuses as damaged: one decode-or-reject rule")
    func oneRule() throws {
        let school = try SchoolHome("corpus-rule")
        let consent = school.folder.write("consent.csv", Array("person_id,first_name,last_name,kind,social_media,website,names,exclude\nP001,Ada,Lovelace,pupil,yes,yes,no,\n".utf8))
        #expect(try school.run(as: "admin", ["consent", "import", consent]).status == 0)
        #expect(try school.run(as: "admin", ["channel", "add", "website", "--platform", "Website", "--account", "school", "--purpose", "website"]).status == 0)
        let inputs = ["invalid", "tests"].flatMap { Corpus.files(under: Corpus.samples + "/jpg/" + $0) }.filter { !$0.hasSuffix("README") }
            + [Corpus.samples + "/jpg/corrupted.jpg"]
        let sanitize = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path] + inputs)
        let cleaned = try #require(try sanitize.json() as? [[String: Any]])
        let check = try school.run(as: "amy", ["check", "--json", "--channel", "website"] + inputs)
        let checked = try #require(try check.json() as? [[String: Any]], "\(check.stderr)")
        #expect(cleaned.count == inputs.count && checked.count == inputs.count)
        var refused = 0
        for (sanitized, decided) in zip(cleaned, checked) {
            let name = sanitized["input"] as? String ?? "?"
            if sanitized["code"] as? String == "corrupt" {
                refused += 1
                #expect(decided["verdict"] == nil, "\(name): sanitize refuses it, check decided \(decided["verdict"] ?? "")")
            }
            if decided["verdict"] != nil { #expect(sanitized["status"] as? String == "clean", "\(name)") }
        }
        #expect(refused >= 1, "the corpus's broken files include damaged JPEGs")
    }

    @Test("the XMP of real HEIC and JPEG files is read, none reported unreadable")
    func realXMP() throws {
        let reports = try Self.reports()
        let withXMP = reports.filter { $0.value["xmp"] as? Bool == true }
        #expect(withXMP.count >= 4)
        for (file, report) in withXMP {
            #expect((report["unreadable_tags"] as? [String])?.isEmpty == true, "\(file): \(report["unreadable_tags"] ?? "")")
        }
    }
}
