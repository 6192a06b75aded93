import Foundation
import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// The real CenterFace model through OpenCV, on real photos.
@Suite("Faces")
struct FaceTests {
    let folder = TemporaryFolder("faces")

    /// One detector for the suite; a missing model fails each test that needs it, with the reason.
    static let sharedDetector = Result { FaceDetector(model: try FaceModel(verifying: TestAssets.path(FaceModel.fileName))) }

    static func detector() throws -> FaceDetector {
        try sharedDetector.get()
    }

    static let labels = TestAssets.groupFaces

    /// How many labelled faces a detection covers by half or more.
    static func found(_ labels: [Box], in faces: [DetectedFace]) -> Int {
        TestAssets.found(labels, in: faces.map(\.box))
    }

    /// What the face path finds in a photo: its faces, its size, and the tags it carries.
    struct Analysis {
        var faces: [DetectedFace]
        var width: Int
        var height: Int
        var metadataTags: [PhotoTag]
        var unreadableTags: [String]
    }

    static func analyse(_ file: PhotoFile, sidecars: [Sidecar] = []) throws -> Analysis {
        let photo = try OpenedPhoto(file, limits: .standard)
        let carried = photo.carriedTags(sidecars: sidecars)
        return Analysis(faces: try photo.detectFaces(with: try detector()), width: photo.uprightWidth, height: photo.uprightHeight,
                        metadataTags: carried.tags, unreadableTags: carried.unreadable)
    }

    func analyse(_ bytes: [UInt8], name: String = "photo.jpg") throws -> Analysis {
        try Self.analyse(try PhotoFile.read(folder.write(name, bytes), limits: .standard))
    }

    @Test("finds the six faces of a group photo where a person sees them")
    func groupPhoto() throws {
        let analysis = try analyse(try TestAssets.bytes("group-t1.jpg"))
        #expect(Self.found(Self.labels, in: analysis.faces) == 6)
        #expect(analysis.faces.count <= 8, "few detections that are not faces: \(analysis.faces.count)")
        #expect(analysis.width == 1280 && analysis.height == 886)
    }

    @Test("faces are found in the primary image of every format", arguments: [TestFormat.png, .heif, .webp, .tiff])
    func formats(format: TestFormat) throws {
        let group = try #require(TestImage.decode(try TestAssets.bytes("group-t1.jpg")))
        let analysis = try analyse(group.encoded(format, quality: 92), name: "photo.\(format)")
        #expect(Self.found(Self.labels, in: analysis.faces) == 6)
    }

    @Test("a photo stored sideways is searched upright, and boxes are in upright pixels")
    func sideways() throws {
        let upright = try #require(TestImage.decode(try TestAssets.bytes("group-t1.jpg")))
        // Store the pixels turned so that orientation 6 brings them back: stored (x, y) shows
        // upright (W − 1 − y, x).
        let stored = TestImage(width: upright.height, height: upright.width) { x, y in upright.pixel(upright.width - 1 - y, x) }
        var exif = ExifBlock()
        exif.orientation = 6
        let jpeg = JPEGSegments.splice([JPEGSegments.exif(exif.bytes())], into: stored.encoded(.jpeg))
        let analysis = try analyse(jpeg)
        #expect(analysis.width == 1280 && analysis.height == 886)
        #expect(Self.found(Self.labels, in: analysis.faces) == 6)
    }

    @Test("faces 28 pixels wide in a 12-megapixel frame are found through full-resolution tiles")
    func smallFaces() throws {
        let group = try #require(TestImage.decode(try TestAssets.bytes("group-t1.jpg")))
        // Scale the group so its faces are about 28 px wide, and place it on a 4000 × 3000 frame.
        let scale = 28.0 / 115.0
        let small = Int(Double(group.width) * scale), smallHeight = Int(Double(group.height) * scale)
        let left = 2900, top = 2100
        let frame = TestImage(width: 4000, height: 3000) { x, y in
            if x >= left, x < left + small, y >= top, y < top + smallHeight {
                return group.pixel(min(group.width - 1, Int(Double(x - left) / scale)), min(group.height - 1, Int(Double(y - top) / scale)))
            }
            return [UInt8(90 + (x / 40) % 30), UInt8(120 + (y / 50) % 25), 100]
        }
        let analysis = try analyse(frame.encoded(.jpeg, quality: 95))
        let labels = Self.labels.map { Box(x: $0.x * scale + Double(left), y: $0.y * scale + Double(top), width: $0.width * scale, height: $0.height * scale) }
        #expect(Self.found(labels, in: analysis.faces) == 6, "\(analysis.faces)")
    }

    @Test("a missing or different model is an error, never \"no faces\"")
    func wrongModel() throws {
        #expect(throws: FaceModel.Problem.self) { try FaceModel(verifying: folder.path + "/nowhere.onnx") }
        let fake = folder.write("centerface.onnx", Array("not a network".utf8))
        #expect(throws: FaceModel.Problem.self) { try FaceModel(verifying: fake) }
    }

    @Test("MWG regions of a sideways photo turn with it and land on the detected faces")
    func regionsTurnWithThePhoto() throws {
        let upright = try #require(TestImage.decode(try TestAssets.bytes("group-t1.jpg")))
        let stored = TestImage(width: upright.height, height: upright.width) { x, y in upright.pixel(upright.width - 1 - y, x) }
        // Regions are written for the stored (sideways) pixels: upright (X, Y) was stored at (Y, W − 1 − X).
        let regions = Self.labels.enumerated().map { index, box -> (String, Double, Double, Double, Double) in
            let centre = box.center
            let storedX = centre.y / 886, storedY = (1280 - centre.x) / 1280
            return ("Person \(index)", storedX, storedY, box.height / 886, box.width / 1280)
        }
        var exif = ExifBlock()
        exif.orientation = 6
        let jpeg = JPEGSegments.splice([JPEGSegments.exif(exif.bytes()), JPEGSegments.xmp(XMPPackets.mwgRegions(regions, width: 886, height: 1280))],
                                       into: stored.encoded(.jpeg))
        let analysis = try analyse(jpeg)
        #expect(analysis.metadataTags.count == 6)
        #expect(analysis.unreadableTags.isEmpty)
        for tag in analysis.metadataTags {
            let box = try #require(tag.box)
            #expect(analysis.faces.contains { $0.box.iou(box) >= 0.3 }, "\(tag.person) at \(box) is on no face")
        }
    }

    @Test("regions that say they were drawn on the turned picture, not the stored one, leave who is where unknown")
    func regionsOnTheTurnedPicture() throws {
        var exif = ExifBlock()
        exif.orientation = 6
        let stored = TestImage(width: 48, height: 64) { x, _ in x < 24 ? [200, 40, 40] : [40, 40, 200] }
        func carried(width: Int, height: Int) throws -> CarriedTags {
            let packet = XMPPackets.mwgRegions([("Clara Oswald", 0.3, 0.3, 0.2, 0.2)], width: width, height: height)
            let jpeg = JPEGSegments.splice([JPEGSegments.exif(exif.bytes()), JPEGSegments.xmp(packet)], into: stored.encoded(.jpeg))
            return try OpenedPhoto(PhotoFile(path: "photo.jpg", bytes: jpeg, format: .jpeg), limits: .standard).carriedTags(sidecars: [])
        }
        let turned = try carried(width: 64, height: 48)
        #expect(turned.tags.map(\.person) == ["Clara Oswald"])
        #expect(turned.unreadable == ["face regions were drawn on a 64 × 48 picture, which does not match the photo as stored (48 × 64), so where each named face is cannot be known"])
        #expect(try carried(width: 48, height: 64).unreadable.isEmpty)
    }

    @Test("a HEIF's regions turn with its rotation and mirroring properties, the frame its decoder shows it in")
    func heifTransform() {
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
            PNGChunks.bigEndian(UInt32(8 + payload.count)) + Array(type.utf8) + payload
        }
        func heif(_ properties: [[UInt8]], primary: UInt8 = 1) -> [UInt8] {
            let ipco = box("ipco", box("ispe", [0, 0, 0, 0] + PNGChunks.bigEndian(4032) + PNGChunks.bigEndian(3024)) + properties.joined())
            // Item 1 has every property (1-based indices, the top bit marks it essential).
            let ipma = box("ipma", [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, UInt8(1 + properties.count)] + (1...(1 + properties.count)).map { UInt8(0x80 | $0) })
            return box("ftyp", Array("heicmif1heic".utf8)) + box("meta", [0, 0, 0, 0] + box("pitm", [0, 0, 0, 0, 0, primary]) + box("iprp", ipco + ipma))
        }
        // irot counts quarter turns anticlockwise: 3 is the iPhone's portrait (EXIF 6).
        #expect(ContainerScanner.scan(heif([box("irot", [3])]), format: .heif).transform == .right)
        #expect(ContainerScanner.scan(heif([box("irot", [1]), box("imir", [0])]), format: .heif).transform == .rightMirrored)
        #expect(ContainerScanner.scan(heif([box("imir", [1])]), format: .heif).transform == .downMirrored)
        #expect(ContainerScanner.scan(heif([]), format: .heif).transform == nil)
        // Properties of another item are not the primary image's.
        #expect(ContainerScanner.scan(heif([box("irot", [3])], primary: 2), format: .heif).transform == nil)
    }

    @Test("a sidecar's regions are read too")
    func sidecar() throws {
        let photo = folder.write("IMG_1.JPG", try TestAssets.bytes("group-t1.jpg"))
        folder.write("IMG_1.JPG.xmp", Array(XMPPackets.mwgRegions([("Amelia Pond", 0.09, 0.37, 0.08, 0.14)], width: 1280, height: 886).utf8))
        let sidecars = Sidecar.beside(photo)
        #expect(sidecars.map(\.name) == ["IMG_1.JPG.xmp"])
        let analysis = try Self.analyse(try PhotoFile.read(photo, limits: .standard), sidecars: sidecars)
        #expect(analysis.metadataTags.map(\.person) == ["Amelia Pond"])
        #expect(analysis.unreadableTags.isEmpty)
        #expect(Sidecar.beside(folder.path + "/other.jpg").isEmpty)
    }

    @Test("a sidecar that is there but cannot be read leaves who is in the photo unknown")
    func unreadableSidecar() throws {
        let photo = folder.write("IMG_2.JPG", try TestAssets.bytes("group-t1.jpg"))
        try FileManager.default.createDirectory(atPath: folder.path + "/IMG_2.JPG.xmp", withIntermediateDirectories: false)
        let analysis = try Self.analyse(try PhotoFile.read(photo, limits: .standard), sidecars: Sidecar.beside(photo))
        #expect(analysis.unreadableTags == ["the XMP sidecar IMG_2.JPG.xmp is a folder, not a file"])
    }

    /// Photos that cannot be decoded whole: cut short (by as little as the end marker),
    /// or with damaged data, in each format.
    static func broken() throws -> [(String, [UInt8])] {
        let group = try #require(TestImage.decode(try TestAssets.bytes("group-t1.jpg")))
        let jpeg = group.encoded(.jpeg)
        var damaged = jpeg
        for index in stride(from: jpeg.count / 3, to: jpeg.count - 10, by: 97) { damaged[index] = 0xFF }
        return [("no end marker.jpg", Array(jpeg.dropLast(2))), ("cut.jpg", Array(jpeg.prefix(jpeg.count * 3 / 4))), ("damaged.jpg", damaged)]
            + (try zeroedJPEGs())
            + [TestFormat.png, .webp, .heif, .tiff].map { format in
                let bytes = group.encoded(format)
                return ("cut.\(format)", Array(bytes.prefix(bytes.count * 3 / 4)))
            }
            + [("no end chunk.png", Array(group.encoded(.png).dropLast(12))), ("last byte.webp", Array(group.encoded(.webp).dropLast()))]
    }

    /// Real JPEGs with 200 zero bytes written over the middle of their compressed data, the
    /// length and end marker kept. libjpeg notices each only as a warning: in the camera's
    /// file, one a decode shrunk to an eighth never gives; in the re-encoded one, one given
    /// after the last row, which libvips logs without failing even at full size.
    static func zeroedJPEGs() throws -> [(String, [UInt8])] {
        let group = try #require(TestImage.decode(try TestAssets.bytes("group-t1.jpg")))
        return [
            ("zeros over its data.jpg", JPEGSegments.overwritingScanData(of: try GroupPhoto.jpeg(regions: []), count: 200)),
            ("zeros seen at its end.jpg", JPEGSegments.overwritingScanData(of: group.encoded(.jpeg), count: 200)),
        ]
    }

    @Test("one decode-or-reject rule: a photo that cannot be decoded whole is refused by face work, sanitize and ingest alike, for one reason")
    func decodeOrReject() throws {
        for (name, bytes) in try Self.broken() {
            let path = folder.write(name, bytes)
            let photo = try PhotoFile.read(path, limits: .standard)
            var refusals: [InputRejection] = []
            do { _ = try Self.analyse(photo) } catch let rejection as InputRejection { refusals.append(rejection) }
            do { _ = try PhotoInspector.inspectAndDecode(photo, limits: .standard) } catch { refusals.append(error) }
            do { _ = try Sanitizer().sanitize(photo) } catch { refusals.append(error) }
            #expect(refusals.map(\.code) == ["corrupt", "corrupt", "corrupt"], "\(name)")
            #expect(Set(refusals.map(\.message)).count == 1, "\(name): \(refusals.map(\.message))")
        }
    }

    @Test("a JPEG with zeros over its compressed data is named damaged by what libjpeg said")
    func zeroedJPEG() throws {
        for (name, bytes) in try Self.zeroedJPEGs() {
            let photo = try PhotoFile.read(folder.write(name, bytes), limits: .standard)
            #expect(throws: InputRejection.corrupt("Corrupt JPEG data: premature end of data segment"), "\(name)") {
                try OpenedPhoto(photo, limits: .standard)
            }
        }
    }
}

@Suite("Redaction")
struct RedactionTests {
    let folder = TemporaryFolder("redaction")

    /// Mean absolute difference between horizontal neighbours: how much detail a region has.
    func detail(_ image: TestImage, _ box: Box) -> Double {
        var total = 0.0, count = 0.0
        for y in Int(box.y)..<Int(box.maxY) {
            for x in Int(box.x)..<(Int(box.maxX) - 1) {
                for (a, b) in zip(image.pixel(x, y), image.pixel(x + 1, y)) { total += abs(Double(a) - Double(b)); count += 1 }
            }
        }
        return total / count
    }

    func render(_ style: RedactionStyle, faces: [Box]) throws -> (original: TestImage, redacted: TestImage) {
        let bytes = try TestAssets.bytes("group-t1.jpg")
        let photo = try PhotoFile.read(folder.write("t1.jpg", bytes), limits: .standard)
        let output = folder.write("out-\(style.fill).jpg", try OpenedPhoto(photo, limits: .standard).render(hiding: faces, style: style))
        let written = try #require(folder.read(output))
        try CleanJPEGVerifier.verify(written)
        #expect(try Exiftool.leftoverMetadata(in: output) == [])
        return (try #require(TestImage.decode(bytes)), try #require(TestImage.decode(written)))
    }

    @Test("pixelated then blurred: no detail of the face is left, the rest is untouched")
    func pixelate() throws {
        let face = FaceTests.labels[2]
        let (original, redacted) = try render(.standard, faces: [face])
        let grown = face.grown(by: 0.3)
        #expect(detail(original, face) > 4 * detail(redacted, face), "detail before \(detail(original, face)), after \(detail(redacted, face))")
        // Elsewhere the picture is the same but for JPEG noise.
        let elsewhere = FaceTests.labels[5]
        #expect(abs(detail(original, elsewhere) - detail(redacted, elsewhere)) < 2)
        // The grown margin is covered too.
        let margin = Box(x: grown.x + 2, y: grown.y + 2, width: 6, height: grown.height - 4)
        #expect(detail(redacted, margin) < detail(original, margin))
    }

    @Test("solid fill leaves black")
    func solid() throws {
        let face = FaceTests.labels[0]
        let (_, redacted) = try render(RedactionStyle(fill: .solid, grow: 0.3), faces: [face])
        let seen = redacted.average(x: Int(face.center.x), y: Int(face.center.y), size: 20)
        #expect(seen.allSatisfy { $0 < 12 })
    }

    @Test("a preview draws each box and stays clean")
    func preview() throws {
        let bytes = try TestAssets.bytes("group-t1.jpg")
        let photo = try PhotoFile.read(folder.write("t1.jpg", bytes), limits: .standard)
        let face = FaceTests.labels[4]
        let output = folder.write("preview.jpg", try OpenedPhoto(photo, limits: .standard).render(
            hiding: [], style: .standard, marks: [PreviewMark(box: face, kind: .blurred, caption: "blur: untagged face")]))
        let written = try #require(TestImage.decode(file: output))
        let edge = written.average(x: Int(face.x) - 1, y: Int(face.center.y), size: 2).map { UInt8($0) }
        #expect(edge[0] > 180 && edge[1] < 80 && edge[2] < 80, "the box edge is drawn in red: \(edge)")
        try CleanJPEGVerifier.verify(try #require(folder.read(output)))
    }
}
