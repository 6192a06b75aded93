import Foundation
import PhotogateCore
import PhotogateFiles
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// Re-encoding from pixels, judged by independent readers: libexif, ExifTool and libvips'
/// own decoder looking at the pixels.
@Suite("Sanitize")
struct SanitizerTests {
    let folder = TemporaryFolder("sanitize")
    let sanitizer = Sanitizer()

    /// A phone photo at its worst: EXIF with GPS, serial, maker note and a thumbnail written
    /// with libexif; XMP naming two children; IPTC; a Display P3 profile; a comment; and a
    /// motion-photo trailer after the end of the image.
    static func worstCaseJPEG(orientation: Int = 1) -> [UInt8] {
        var exif = ExifBlock()
        exif.make = "Apple"
        exif.model = "iPhone 12"
        exif.serial = "F2LXK0ABCD12"
        exif.dateTimeOriginal = "2024:05:01 10:22:03"
        exif.orientation = orientation
        exif.latitude = 51.500729
        exif.longitude = -0.124625
        exif.makerNote = Array("Apple iOS\0\0\u{01}MM".utf8) + [UInt8](repeating: 7, count: 64)
        exif.thumbnailJPEG = QuadrantPicture.upright(width: 24, height: 16).encoded(.jpeg)
        let base = QuadrantPicture.upright().encoded(.jpeg)
        return JPEGSegments.splice([
            JPEGSegments.exif(exif.bytes()),
            JPEGSegments.xmp(XMPPackets.mwgRegions([("Amelia Pond", 0.25, 0.25, 0.1, 0.1), ("Rory Williams", 0.75, 0.25, 0.1, 0.1)],
                                                   width: 96, height: 64, personInImage: ["Clara Oswald"])),
            JPEGSegments.iptc(caption: "Year 3 sports day", byline: "Mrs Smith"),
            JPEGSegments.icc(ColourProfiles.displayP3()),
            JPEGSegments.comment("Taken at St Mary's Primary, Rose Lane"),
        ], into: base) + Array("MotionPhoto_Data".utf8) + [UInt8](repeating: 0x5A, count: 512)
    }

    func photo(_ name: String, _ bytes: [UInt8]) throws -> PhotoFile {
        try PhotoFile.read(folder.write(name, bytes), limits: .standard)
    }

    func assertClean(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = try #require(folder.read(path), sourceLocation: sourceLocation)
        #expect(throws: Never.self, sourceLocation: sourceLocation) { try CleanJPEGVerifier.verify(bytes) }
        #expect(!ExifReader.fileHasExif(bytes), sourceLocation: sourceLocation)
        #expect(try Exiftool.leftoverMetadata(in: path) == [], sourceLocation: sourceLocation)
        #expect(TestImage.decode(bytes) != nil, sourceLocation: sourceLocation)
    }

    @Test("every trace of a worst-case phone JPEG is reported, then removed")
    func worstCase() throws {
        let input = try photo("IMG_0001.JPG", Self.worstCaseJPEG())
        let report = try PhotoInspector.inspect(input, limits: .standard)
        let gps = try #require(report.gps)
        #expect(abs(gps.lat - 51.500729) < 1e-5 && abs(gps.lon + 0.124625) < 1e-5)
        #expect(report.make == "Apple" && report.model == "iPhone 12" && report.serial == "F2LXK0ABCD12")
        #expect(report.capturedAt == "2024-05-01T10:22:03")
        #expect(report.people == ["Amelia Pond", "Rory Williams", "Clara Oswald"])
        #expect(Set(report.removable).isSuperset(of: [.gps, .serial, .exif, .makernote, .thumbnail, .xmp, .iptc, .icc, .comment, .trailer]))

        let output = folder.path + "/clean.jpg"
        let result = try sanitizer.sanitize(input).writing(to: output)
        #expect(result.report == report)
        try assertClean(output)
        let written = try #require(folder.read(output))
        #expect(written.firstRange(of: Array("Amelia".utf8)) == nil)
        #expect(written.firstRange(of: Array("MotionPhoto".utf8)) == nil)
        #expect(written.firstRange(of: Array("F2LXK0ABCD12".utf8)) == nil)
    }

    @Test("all eight orientations come out upright, with no tag left", arguments: 1...8)
    func orientation(value: Int) throws {
        let orientation = Orientation(exifValue: value)
        let upright = QuadrantPicture.upright()
        // Store the pixels so that applying `orientation` gives back the upright picture.
        let storedWidth = orientation.swapsDimensions ? upright.height : upright.width
        let storedHeight = orientation.swapsDimensions ? upright.width : upright.height
        let stored = TestImage(width: storedWidth, height: storedHeight) { x, y in
            let point = orientation.uprightPoint(x: (Double(x) + 0.5) / Double(storedWidth), y: (Double(y) + 0.5) / Double(storedHeight))
            return upright.pixel(Int(point.x * Double(upright.width)), Int(point.y * Double(upright.height)))
        }
        var exif = ExifBlock()
        exif.orientation = value
        let jpeg = JPEGSegments.splice([JPEGSegments.exif(exif.bytes())], into: stored.encoded(.jpeg))
        let input = try photo("orientation-\(value).jpg", jpeg)
        #expect(try PhotoInspector.inspect(input, limits: .standard).orientation == orientation)

        let output = folder.path + "/upright-\(value).jpg"
        let result = try sanitizer.sanitize(input).writing(to: output)
        #expect(result.width == 96 && result.height == 64)
        try assertClean(output)
        let decoded = try #require(TestImage.decode(file: output))
        #expect(decoded.width == 96 && decoded.height == 64)
        #expect(QuadrantPicture.quadrants(of: decoded) == [QuadrantPicture.red, QuadrantPicture.green, QuadrantPicture.blue, QuadrantPicture.white])
    }

    @Test("Display P3 colours are converted to sRGB before the profile is dropped")
    func displayP3() throws {
        // A P3 red that sRGB shows more saturated: its red channel goes up, green and blue down.
        let p3Red: [UInt8] = [180, 60, 60]
        let picture = TestImage(width: 32, height: 32) { _, _ in p3Red }
        let jpeg = JPEGSegments.splice([JPEGSegments.icc(ColourProfiles.displayP3())], into: picture.encoded(.jpeg, quality: 100))
        let output = folder.path + "/p3.jpg"
        _ = try sanitizer.sanitize(try photo("p3.jpg", jpeg)).writing(to: output)
        try assertClean(output)
        let seen = try #require(TestImage.decode(file: output)).average(x: 16, y: 16)
        #expect(seen[0] > 190, "red should be stronger in sRGB, saw \(seen)")
        #expect(seen[1] < 55 && seen[2] < 58, "green and blue should drop in sRGB, saw \(seen)")

        // Without the profile the same numbers pass through unchanged: the change above is the profile's.
        let plain = folder.path + "/plain.jpg"
        _ = try sanitizer.sanitize(try photo("plain.jpg", picture.encoded(.jpeg, quality: 100))).writing(to: plain)
        let unchanged = try #require(TestImage.decode(file: plain)).average(x: 16, y: 16)
        #expect(abs(unchanged[0] - 180) < 4 && abs(unchanged[1] - 60) < 4)
    }

    @Test("a PNG with text chunks and transparency comes out flat on white, with no text")
    func pngTextAndAlpha() throws {
        // Left half opaque blue, right half fully transparent.
        let picture = TestImage(width: 32, height: 16, bands: 4) { x, _ in x < 16 ? [20, 40, 200, 255] : [200, 0, 0, 0] }
        let png = picture.encoded(.png, metadata: ["xmp-data": Array(XMPPackets.mwgRegions([("Donna Noble", 0.5, 0.5, 0.2, 0.2)], width: 32, height: 16).utf8)],
                                  strings: ["png-comment-0-Author": "Mrs Smith", "png-comment-1-Comment": "Rose Lane school"])
        let input = try photo("scan.png", png)
        let report = try PhotoInspector.inspect(input, limits: .standard)
        #expect(report.found.isSuperset(of: [.text, .comment, .xmp]))
        #expect(report.people == ["Donna Noble"])

        let output = folder.path + "/scan.jpg"
        _ = try sanitizer.sanitize(input).writing(to: output)
        try assertClean(output)
        let decoded = try #require(TestImage.decode(file: output))
        #expect(decoded.bands == 3)
        #expect(decoded.average(x: 24, y: 8).allSatisfy { $0 > 245 }, "transparent pixels must become white")
        #expect(decoded.average(x: 6, y: 8)[2] > 180)
    }

    @Test("WebP, HEIF and TIFF inputs with metadata are re-encoded clean", arguments: [TestFormat.webp, .heif, .tiff])
    func otherFormats(format: TestFormat) throws {
        var exif = ExifBlock()
        exif.make = "Samsung"
        exif.model = "Galaxy S21"
        exif.latitude = 40.4
        exif.longitude = -3.7
        let bytes = QuadrantPicture.upright().encoded(format, metadata: [
            "exif-data": exif.bytes(),
            "xmp-data": Array(XMPPackets.mwgRegions([("Martha Jones", 0.5, 0.5, 0.2, 0.2)], width: 96, height: 64).utf8),
            "icc-profile-data": ColourProfiles.displayP3(),
        ])
        let input = try photo("photo.\(format)", bytes)
        let report = try PhotoInspector.inspect(input, limits: .standard)
        #expect(report.found.contains(.xmp) && report.found.contains(.icc))
        if format != .tiff {
            #expect(report.gps != nil)
            #expect(report.make == "Samsung")
        }
        let output = folder.path + "/\(format).jpg"
        _ = try sanitizer.sanitize(input).writing(to: output)
        try assertClean(output)
        let decoded = try #require(TestImage.decode(file: output))
        #expect(QuadrantPicture.quadrants(of: decoded) == [QuadrantPicture.red, QuadrantPicture.green, QuadrantPicture.blue, QuadrantPicture.white])
    }
}

@Suite("Bad inputs")
struct BadInputTests {
    let folder = TemporaryFolder("bad-inputs")

    func rejection(_ path: String) -> InputRejection? {
        do {
            let photo = try PhotoFile.read(path, limits: .standard)
            _ = try Sanitizer().sanitize(photo)
            return nil
        } catch {
            return error
        }
    }

    /// A PNG of a few dozen bytes that declares 50,000 × 50,000 pixels.
    static func pngBomb() -> [UInt8] {
        let small = QuadrantPicture.upright(width: 8, height: 8).encoded(.png)
        var bytes = small
        // IHDR's width and height live at bytes 16-23; its CRC at 29-32 must match again.
        let dims: [UInt8] = [0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50]
        bytes.replaceSubrange(16..<24, with: dims)
        let crc = CRC32.checksum(Array(bytes[12..<29]))
        bytes.replaceSubrange(29..<33, with: withUnsafeBytes(of: crc.bigEndian, Array.init))
        return bytes
    }

    @Test("a tiny PNG declaring 50,000 × 50,000 pixels is refused from its header")
    func decompressionBomb() throws {
        let path = folder.write("bomb.png", Self.pngBomb())
        let clock = ContinuousClock()
        var result: InputRejection?
        let elapsed = clock.measure { result = rejection(path) }
        #expect(result == .tooManyPixels(width: 50_000, height: 50_000, limitMegapixels: 100))
        #expect(elapsed < .seconds(2))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out.jpg"))
    }

    @Test("zero bytes, truncation, corruption, text and unknown formats are refused with a reason")
    func brokenFiles() throws {
        let jpeg = QuadrantPicture.upright(width: 256, height: 256).encoded(.jpeg)
        var corrupt = jpeg
        for index in stride(from: jpeg.count / 3, to: jpeg.count - 10, by: 7) { corrupt[index] = 0xFF }
        #expect(rejection(folder.write("empty.jpg", [])) == .empty)
        #expect(rejection(folder.write("notes.jpg", Array("Remember: photos on Friday".utf8))) == .unsupportedFormat)
        #expect(rejection(folder.write("anim.jpg", Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 100))) == .unsupportedFormat)
        if case .corrupt = rejection(folder.write("truncated.jpg", Array(jpeg.prefix(jpeg.count * 2 / 3)))) {} else {
            Issue.record("a truncated JPEG must be refused as corrupt")
        }
        if case .corrupt = rejection(folder.write("corrupt.jpg", corrupt)) {} else {
            Issue.record("a corrupt JPEG must be refused as corrupt")
        }
        if case .corrupt = rejection(folder.write("header-only.png", Array(QuadrantPicture.upright().encoded(.png).prefix(40)))) {} else {
            Issue.record("a PNG cut after its header must be refused as corrupt")
        }
        #expect(folder.list().allSatisfy { !$0.contains("partial") && $0 != "out.jpg" })
    }

    @Test("a photo with the wrong extension is read by its content")
    func wrongExtension() {
        let path = folder.write("actually-a-png.jpg", QuadrantPicture.upright().encoded(.png))
        #expect(rejection(path) == nil)
    }

    @Test("a symbolic link is never followed")
    func symlink() throws {
        let target = folder.write("real.jpg", QuadrantPicture.upright().encoded(.jpeg))
        let link = folder.path + "/link.jpg"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(rejection(link) == .symbolicLink)
    }

    @Test("a file's identity tells whether a path still names the file that was read")
    func identity() throws {
        let path = folder.write("photo.jpg", QuadrantPicture.upright().encoded(.jpeg))
        let (_, identity) = try SafeFile.readIdentified(path, maxBytes: .max)
        #expect(SafeFile.identity(at: path) == identity)
        try FileManager.default.removeItem(atPath: path)
        folder.write("photo.jpg", QuadrantPicture.upright().encoded(.jpeg, quality: 50))
        #expect(SafeFile.identity(at: path) != identity)
        #expect(SafeFile.identity(at: folder.path + "/gone.jpg") == nil)
    }

    @Test("a file over the size limit is refused before it is read")
    func oversized() throws {
        let path = folder.write("big.jpg", QuadrantPicture.upright().encoded(.jpeg))
        #expect(throws: InputRejection.self) { try PhotoFile.read(path, limits: DecodeLimits(maxMegapixels: 100, maxFileBytes: 100)) }
    }
}

@Suite("Output verification")
struct CleanJPEGVerifierTests {
    static let clean = QuadrantPicture.upright().encoded(.jpeg)

    @Test("a baseline JPEG with no metadata passes")
    func clean() throws {
        try CleanJPEGVerifier.verify(Self.clean, expectedSize: (96, 64))
    }

    @Test("anything beyond the allowed segments fails", arguments: [
        JPEGSegments.exif(ExifBlock().bytes()),
        JPEGSegments.xmp("<x/>"),
        JPEGSegments.icc([1, 2, 3]),
        JPEGSegments.comment("hello"),
        JPEGSegments.segment(0xED, Array("Photoshop 3.0\0".utf8)),
        JPEGSegments.segment(0xE0, Array("JFXX\0".utf8) + [0x10]),
    ])
    func extraSegments(segment: [UInt8]) {
        #expect(throws: CleanJPEGVerifier.Failure.self) { try CleanJPEGVerifier.verify(JPEGSegments.splice([segment], into: Self.clean)) }
    }

    @Test("data after the end of the image fails")
    func trailer() {
        #expect(throws: CleanJPEGVerifier.Failure.self) { try CleanJPEGVerifier.verify(Self.clean + [1, 2, 3]) }
    }

    @Test("a progressive JPEG fails: outputs are baseline")
    func progressive() {
        var bytes = Self.clean
        let sof = bytes.firstRange(of: [0xFF, 0xC0])!.lowerBound
        bytes[sof + 1] = 0xC2
        #expect(throws: CleanJPEGVerifier.Failure.self) { try CleanJPEGVerifier.verify(bytes) }
    }

    @Test("an output of the wrong size fails")
    func wrongSize() {
        #expect(throws: CleanJPEGVerifier.Failure.self) { try CleanJPEGVerifier.verify(Self.clean, expectedSize: (64, 96)) }
    }
}

extension SanitizedPhoto {
    /// Writes the clean JPEG where a test reads it, and gives the result back.
    func writing(to path: String) throws -> SanitizedPhoto {
        try Data(jpeg).write(to: URL(fileURLWithPath: path))
        return self
    }
}
