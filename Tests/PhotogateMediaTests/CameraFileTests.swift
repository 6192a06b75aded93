import Foundation
import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// RAW camera files are recognised by content, TIFF-based ones by structure too.
@Suite("RAW camera files")
struct RawCameraFileTests {
    typealias Tag = TIFFBuilder.Tag

    static func kind(_ bytes: [UInt8]) -> String? {
        RawCameraFile.kind(bytes)
    }

    static let sensor = TIFFBuilder.Directory(tags: [Tag(256, 4, [4000]), Tag(257, 4, [3000]), Tag(262, 3, [32803])])

    @Test("TIFF-based RAW files are recognised by their structure")
    func tiffStructures() {
        // DNG: a DNG version, whatever else the file looks like.
        #expect(Self.kind(TIFFBuilder.file(.rgbPage(width: 8, height: 8, extra: [Tag(50706, 1, [1, 4, 0, 0])]))) == "DNG")
        // NEF, ARW, DNG...: a reduced-resolution first page with the photo in a sub-directory.
        #expect(Self.kind(TIFFBuilder.file(.rgbPage(width: 160, height: 120, extra: [Tag(254, 4, [1])], subDirectories: [Self.sensor])))
            == "sensor data in a TIFF structure")
        // PEF, IIQ, 3FR...: sensor data (a colour filter array, or linear raw) on the first page.
        #expect(Self.kind(TIFFBuilder.file(TIFFBuilder.Directory(tags: [Tag(256, 4, [4000]), Tag(257, 4, [3000]), Tag(262, 3, [34892])])))
            == "sensor data in a TIFF structure")
        // Sub-directories or a reduced first page alone: the first page is not the photo.
        #expect(Self.kind(TIFFBuilder.file(.rgbPage(width: 8, height: 8, extra: [Tag(254, 4, [1])]))) == "a TIFF whose first page is only a preview")
        #expect(Self.kind(TIFFBuilder.file(.rgbPage(width: 8, height: 8, subDirectories: [.rgbPage(width: 64, height: 64)])))
            == "a TIFF whose first page is only a preview")
        // Canon CR2: "CR", version 2, after the TIFF header.
        var cr2 = TIFFBuilder.file(.rgbPage(width: 8, height: 8))
        cr2.insert(contentsOf: [0x43, 0x52, 0x02, 0x00, 0, 0, 0, 0], at: 8)
        #expect(Self.kind(cr2) == "Canon CR2")
    }

    @Test("RAW formats with a signature of their own are named", arguments: [
        (Array("FUJIFILMCCD-RAW 0201".utf8), "Fujifilm RAF"),
        ([0, 0, 0, 0x18] + Array("ftypcrx ".utf8) + [0, 0, 0, 1], "Canon CR3"),
        (Array("II".utf8) + [0x1A, 0, 0, 0] + Array("HEAPCCDR".utf8), "Canon CRW"),
        ([0x00, 0x4D, 0x52, 0x4D, 0, 0, 0, 0], "Minolta MRW"),
        (Array("FOVb".utf8) + [0, 0, 0, 0], "Sigma X3F"),
        (Array("IIRO".utf8) + [8, 0, 0, 0], "Olympus ORF"),
        ([0x49, 0x49, 0x55, 0x00, 0x18, 0, 0, 0], "Panasonic RW2"),
    ] as [([UInt8], String)])
    func signatures(bytes: [UInt8], kind: String) throws {
        #expect(Self.kind(bytes + [UInt8](repeating: 0, count: 64)) == kind)
        #expect(throws: InputRejection.rawCameraFile(kind)) { try PhotoFile.recognise(bytes + [UInt8](repeating: 0, count: 64)) }
    }

    @Test("ordinary photos and TIFF pages are not RAW", arguments: [TestFormat.jpeg, .png, .webp, .heif, .tiff])
    func ordinary(format: TestFormat) throws {
        let bytes = QuadrantPicture.upright(width: 32, height: 32).encoded(format)
        #expect(Self.kind(bytes) == nil)
        #expect(Self.kind(TIFFBuilder.file(.rgbPage(width: 8, height: 8, extra: [Tag(254, 4, [0])]))) == nil)
    }

    @Test("hostile TIFF structures are walked without a crash: loops, huge counts, offsets past the end")
    func hostileStructures() {
        var looping = TIFFBuilder.file(.rgbPage(width: 8, height: 8))
        // Point the first directory's "next" at itself.
        let first = Int(looping[4]) | Int(looping[5]) << 8
        let count = Int(looping[first]) | Int(looping[first + 1]) << 8
        looping.replaceSubrange((first + 2 + 12 * count)..<(first + 6 + 12 * count), with: [looping[4], looping[5], 0, 0])
        #expect(Self.kind(looping) == nil)
        var random = SplitMix(seed: 7)
        let base = TIFFBuilder.file(.rgbPage(width: 8, height: 8, extra: [Tag(254, 4, [1])], subDirectories: [Self.sensor]))
        for _ in 0..<2000 {
            var bytes = base
            for _ in 0..<4 { bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next()) }
            _ = Self.kind(bytes)
            _ = ContainerScanner.scan(bytes, format: .tiff)
        }
        #expect(Self.kind(Array("II*\0".utf8) + [0xFF, 0xFF, 0xFF, 0xFF]) == nil)
    }

    @Test("a DNG's 8 × 8 preview page is never sanitized as the photo")
    func neverAPreview() throws {
        let folder = TemporaryFolder("raw")
        let path = folder.write("IMG_1.DNG", TIFFBuilder.file(.rgbPage(width: 8, height: 8, extra: [Tag(254, 4, [1]), Tag(50706, 1, [1, 4, 0, 0])],
                                                                       subDirectories: [Self.sensor])))
        #expect(throws: InputRejection.rawCameraFile("DNG")) { try PhotoFile.read(path, limits: .standard) }
        #expect(InputRejection.rawCameraFile("DNG").message == "is a RAW camera file (DNG), not a finished photo: export it as JPEG first")
    }
}

/// A TIFF's decoder shows only its first page: one with other pages is refused, unless they
/// are only its thumbnails.
@Suite("TIFF pages")
struct TIFFPagesTests {
    typealias Tag = TIFFBuilder.Tag

    static func recognise(_ pages: [TIFFBuilder.Directory]) throws -> ImageFormat {
        try PhotoFile.recognise(TIFFBuilder.file(pages: pages))
    }

    @Test("a TIFF with a second page, of any size, is refused: which one is the photo cannot be told")
    func severalPages() throws {
        // A tiny first page with the photo on the second, as a decoder would show it: 8 × 6.
        #expect(throws: InputRejection.severalPages(2)) { try Self.recognise([.rgbPage(width: 8, height: 6), .rgbPage(width: 1000, height: 800)]) }
        // Two pages of one size (a scan of two photos), three pages.
        #expect(throws: InputRejection.severalPages(2)) { try Self.recognise([.rgbPage(width: 64, height: 48), .rgbPage(width: 64, height: 48)]) }
        #expect(throws: InputRejection.severalPages(3)) {
            try Self.recognise([.rgbPage(width: 64, height: 48), .rgbPage(width: 16, height: 12, extra: [Tag(254, 4, [1])]), .rgbPage(width: 64, height: 48)])
        }
        // Marked reduced-resolution, but not smaller than the first page.
        #expect(throws: InputRejection.severalPages(2)) { try Self.recognise([.rgbPage(width: 8, height: 6), .rgbPage(width: 80, height: 60, extra: [Tag(254, 4, [1])])]) }
        #expect(throws: InputRejection.severalPages(2)) { try Self.recognise([.rgbPage(width: 64, height: 48), .rgbPage(width: 64, height: 48, extra: [Tag(254, 4, [1])])]) }
        #expect(InputRejection.severalPages(2).message == "is a TIFF with 2 pages, so which one is the photo cannot be told: export the photo as JPEG first")
        #expect(InputRejection.severalPages(2).code == "several_pages")
    }

    @Test("a TIFF whose other pages are only its reduced-resolution thumbnails is its first page")
    func thumbnails() throws {
        let bytes = TIFFBuilder.file(pages: [.rgbPage(width: 64, height: 48), .rgbPage(width: 16, height: 12, extra: [Tag(254, 4, [1])])])
        let photo = try PhotoFile(path: "scan.tif", bytes: bytes)
        #expect(photo.format == .tiff)
        let opened = try OpenedPhoto(photo, limits: .standard)
        #expect(opened.uprightWidth == 64 && opened.uprightHeight == 48)
        #expect(try Self.recognise([.rgbPage(width: 64, height: 48)]) == .tiff)
    }
}

/// Serial numbers in maker notes, as libexif decodes them, and honesty where it cannot.
@Suite("Maker-note serial numbers")
struct MakerNoteTests {
    static func report(make: String, model: String, makerNote: [UInt8]) throws -> PrivacyReport {
        let bytes = CameraPhoto.jpeg(make: make, model: model, makerNote: makerNote)
        return try PhotoInspector.inspect(PhotoFile(path: "photo.jpg", bytes: bytes, format: .jpeg), limits: .standard)
    }

    @Test("a Canon serial is read from the maker note, in the ten digits the camera shows")
    func canon() throws {
        let report = try Self.report(make: "Canon", model: "Canon EOS 40D", makerNote: MakerNotes.canon(serial: 560_500_123))
        #expect(report.serial == "0560500123")
        #expect(!report.makerNotesUndecoded)
        #expect(report.removable.contains(.serial))
    }

    @Test("a Pentax serial, which libexif knows only by its number, is read")
    func pentax() throws {
        let report = try Self.report(make: "PENTAX Corporation", model: "PENTAX K10D", makerNote: MakerNotes.pentax(serial: "K1X"))
        #expect(report.serial == "K1X")
        #expect(!report.makerNotesUndecoded)
    }

    @Test("maker notes libexif cannot decode, or decodes without the section holding the serial, are reported as such")
    func undecoded() throws {
        let panasonic = try Self.report(make: "Panasonic", model: "DMC-FZ30", makerNote: MakerNotes.panasonic())
        #expect(panasonic.serial == nil && panasonic.makerNotesUndecoded)
        let olympus = try Self.report(make: "OLYMPUS IMAGING CORP.", model: "E-P3", makerNote: MakerNotes.olympusWithEquipment())
        #expect(olympus.serial == nil && olympus.makerNotesUndecoded)
        // A body serial in EXIF itself needs no maker note.
        let bytes = CameraPhoto.jpeg(make: "Panasonic", model: "DMC-FZ30", serial: "WX123", makerNote: MakerNotes.panasonic())
        let withSerial = try PhotoInspector.inspect(PhotoFile(path: "photo.jpg", bytes: bytes, format: .jpeg), limits: .standard)
        #expect(withSerial.serial == "WX123" && !withSerial.makerNotesUndecoded)
    }

    @Test("a serial in an older camera's APP12 picture info is read, with or without maker notes")
    func pictureInfo() throws {
        let info = JPEGSegments.segment(0xEC, Array("OLYMPUS OPTICAL CO.,LTD.   \0 713\r\n[picture info]\r\nFlash=1\r\n[camera info]\r\nType=SR55\r\nSerial#=#00000001\r\n[user]".utf8) + [0xFF, 0, 0])
        let bytes = JPEGSegments.splice([info], into: CameraPhoto.jpeg(make: "OLYMPUS OPTICAL CO.,LTD", model: "C320Z,D340L", makerNote: nil))
        let report = try PhotoInspector.inspect(PhotoFile(path: "photo.jpg", bytes: bytes, format: .jpeg), limits: .standard)
        #expect(report.serial == "#00000001")
        #expect(report.removable.contains(.serial))
    }

    @Test("libexif's Canon form is turned back into the number, except on the EOS D30 which shows it that way")
    func canonForm() {
        #expect(ExifReader.canonSerial("2168-36251", make: "Canon", model: "Canon EOS 40D") == "0560500123")
        #expect(ExifReader.canonSerial("2168-36251", make: "Canon", model: "Canon EOS D30") == "2168-36251")
        #expect(ExifReader.canonSerial("2168-36251", make: "NIKON", model: "D300") == "2168-36251")
        #expect(ExifReader.canonSerial("ZZZZ-36251", make: "Canon", model: "Canon EOS 40D") == "ZZZZ-36251")
        #expect(ExifReader.canonSerial("2168-99999", make: "Canon", model: "Canon EOS 40D") == "2168-99999")
    }
}
