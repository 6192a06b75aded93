import Foundation
import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// Every block that may say who is in a photo is read, or reported unreadable with what could
/// not be read: never skipped in silence.
@Suite("Tags are read or reported unreadable")
struct TagCoverageTests {
    static let ada = Array(XMPPackets.mwgRegions([("Ada Lovelace", 0.5, 0.5, 0.2, 0.2)], width: 16, height: 16).utf8)
    static let grace = Array(XMPPackets.mwgRegions([], width: 16, height: 16, personInImage: ["Grace Hopper"]).utf8)
    static let guid = "6F1B7A2C9D3E4F5061728394A5B6C7D8"

    static func report(_ bytes: [UInt8], _ format: ImageFormat) throws -> PrivacyReport {
        try PhotoInspector.inspect(PhotoFile(path: "photo", bytes: bytes, format: format), limits: .standard)
    }

    static var jpeg: [UInt8] { QuadrantPicture.upright(width: 16, height: 16).encoded(.jpeg) }
    static var png: [UInt8] { QuadrantPicture.upright(width: 16, height: 16).encoded(.png) }

    // MARK: JPEG extended XMP

    /// Extended XMP chunks of the packet naming Grace, cut as each case says.
    static func extendedChunks(_ kind: String) -> [[UInt8]] {
        let full = grace, half = full.count / 2
        func chunk(_ range: Range<Int>, total: Int? = nil, change: Bool = false) -> [UInt8] {
            var bytes = full[range]
            if change { bytes[range.lowerBound + 3] ^= 0x01 }
            return JPEGSegments.extendedXMP(guid: guid, total: total ?? full.count, offset: range.lowerBound, bytes)
        }
        switch kind {
        case "whole": return [chunk(half..<full.count), chunk(0..<half)]
        case "missing": return [chunk(0..<half)]
        // The same first half twice adds up to the whole length, with the second half missing.
        case "repeated": return [chunk(0..<half), chunk(0..<half), chunk(0..<(full.count - half))]
        case "contradicting": return [chunk(0..<half), chunk(half - 10..<full.count, change: true)]
        default: return [chunk(0..<half, total: full.count + 100), chunk(half..<full.count)]
        }
    }

    @Test("extended XMP is read whole, or reported unreadable: never in part, never with a gap", arguments: [
        ("whole", nil),
        ("missing", "the photo's extended XMP is missing a part"),
        ("repeated", "the photo's extended XMP is missing a part"),
        ("contradicting", "the photo's extended XMP has parts that contradict each other"),
        ("lengths", "the photo's extended XMP has parts that disagree about its length"),
    ] as [(String, String?)])
    func extendedXMP(kind: String, problem: String?) throws {
        let main = JPEGSegments.xmp(String(decoding: Self.ada, as: UTF8.self))
        let report = try Self.report(JPEGSegments.splice([main] + Self.extendedChunks(kind), into: Self.jpeg), .jpeg)
        if let problem {
            #expect(report.unreadableTags == [problem])
            #expect(report.people == ["Ada Lovelace"])
        } else {
            #expect(report.unreadableTags.isEmpty)
            #expect(report.people == ["Ada Lovelace", "Grace Hopper"])
        }
    }

    @Test("a main packet that names an extended packet that is not there leaves who is in the photo unknown")
    func declaredExtension() throws {
        let main = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
         <rdf:Description xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="\(Self.guid)"/>
        </rdf:RDF></x:xmpmeta>
        """
        let missing = try Self.report(JPEGSegments.splice([JPEGSegments.xmp(main)], into: Self.jpeg), .jpeg)
        #expect(missing.unreadableTags == ["the photo's extended XMP is missing, though the photo's XMP says it has one"])
        let present = try Self.report(JPEGSegments.splice([JPEGSegments.xmp(main)] + Self.extendedChunks("whole"), into: Self.jpeg), .jpeg)
        #expect(present.unreadableTags.isEmpty)
        #expect(present.people == ["Grace Hopper"])
    }

    @Test("XMP inside a JPEG's Photoshop block is read")
    func photoshopXMP() throws {
        let report = try Self.report(JPEGSegments.splice([JPEGSegments.photoshopXMP(Self.grace)], into: Self.jpeg), .jpeg)
        #expect(report.people == ["Grace Hopper"])
        #expect(report.unreadableTags.isEmpty)
    }

    @Test("XMP in an APP1 segment without the standard label is read, as ExifTool reads it", arguments: [
        "XMP\0", "http://ns.adobe.com/xap/1.0/ ", "",
    ])
    func unlabelledJPEGXMP(label: String) throws {
        let segment = JPEGSegments.segment(0xE1, Array(label.utf8) + Self.ada)
        let report = try Self.report(JPEGSegments.splice([segment], into: Self.jpeg), .jpeg)
        #expect(report.people == ["Ada Lovelace"])
        #expect(report.unreadableTags.isEmpty)
        #expect(report.found.contains(.xmp))
    }

    @Test("an unlabelled XMP packet that is cut short is unreadable, never skipped")
    func unlabelledJPEGXMPCut() throws {
        let segment = JPEGSegments.segment(0xE1, Array("XMP\0".utf8) + Self.ada.prefix(Self.ada.count / 2))
        let report = try Self.report(JPEGSegments.splice([segment], into: Self.jpeg), .jpeg)
        #expect(report.people.isEmpty)
        #expect(report.unreadableTags.count == 1)
        #expect(report.unreadableTags.first?.hasPrefix("the photo's XMP (in a JPEG APP1 segment without the standard label) is damaged") == true)
    }

    @Test("XMP in the EXIF block is read from every directory: main, Exif, thumbnail", arguments: ExifBlock.Directory.allCases)
    func exifXMP(directory: ExifBlock.Directory) throws {
        var exif = ExifBlock()
        exif.make = "Apple"
        exif.xmp = [(directory, Self.ada)]
        let report = try Self.report(JPEGSegments.splice([JPEGSegments.exif(exif.bytes())], into: Self.jpeg), .jpeg)
        #expect(report.people == ["Ada Lovelace"])
        #expect(report.unreadableTags.isEmpty)
    }

    // MARK: PNG

    @Test("XMP in a PNG's other chunks is read: a tXMP chunk, raw APP1, 8BIM and IPTC profiles", arguments: [
        "tXMP", "raw APP1", "raw 8bim", "raw iptc",
    ])
    func pngOtherXMP(kind: String) throws {
        let resource = JPEGSegments.photoshopXMPResource(Self.grace)
        let chunk = switch kind {
        case "tXMP": PNGChunks.chunk("tXMP", Self.grace)
        case "raw APP1": PNGChunks.zTXt("Raw profile type APP1", PNGChunks.rawProfile("APP1", Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Self.grace))
        case "raw 8bim": PNGChunks.zTXt("Raw profile type 8bim", PNGChunks.rawProfile("8BIM", resource))
        default: PNGChunks.zTXt("Raw profile type iptc", PNGChunks.rawProfile("IPTC", resource))
        }
        let report = try Self.report(PNGChunks.splice([chunk], into: Self.png), .png)
        #expect(report.people == ["Grace Hopper"])
        #expect(report.unreadableTags.isEmpty)
    }

    @Test("a raw profile that may name people and cannot be decoded is unreadable")
    func pngRawProfileDamaged() throws {
        let chunk = PNGChunks.zTXt("Raw profile type APP1", Array("\nAPP1\n      40\nnot hexadecimal\n".utf8))
        let report = try Self.report(PNGChunks.splice([chunk], into: Self.png), .png)
        #expect(report.unreadableTags == ["the photo's XMP (in a PNG zTXt chunk, as a raw app1 profile) is damaged and cannot be unpacked"])
    }

    @Test("every XMP chunk of a PNG is read: a second one, compressed iTXt, zTXt, tEXt, raw profile", arguments: [
        "second", "compressed iTXt", "zTXt", "tEXt", "raw profile",
    ])
    func pngXMP(kind: String) throws {
        let key = "XML:com.adobe.xmp"
        let extra = switch kind {
        case "second": PNGChunks.iTXt(key, Self.grace)
        case "compressed iTXt": PNGChunks.iTXt(key, Self.grace, compressed: true)
        case "zTXt": PNGChunks.zTXt(key, Self.grace)
        case "tEXt": PNGChunks.tEXt(key, Self.grace)
        default: PNGChunks.zTXt("Raw profile type xmp", PNGChunks.rawProfile("xmp", Self.grace))
        }
        let report = try Self.report(PNGChunks.splice([PNGChunks.iTXt(key, Self.ada), extra], into: Self.png), .png)
        #expect(report.people == ["Ada Lovelace", "Grace Hopper"])
        #expect(report.unreadableTags.isEmpty)
    }

    @Test("a compressed XMP chunk that cannot be unpacked, or unpacks to too much, is unreadable")
    func pngUnreadable() throws {
        var damaged = Zlib.compress(Self.grace)
        damaged.removeLast(6)
        let cut = PNGChunks.chunk("iTXt", Array("XML:com.adobe.xmp".utf8) + [0, 1, 0, 0, 0] + damaged)
        let bomb = PNGChunks.zTXt("XML:com.adobe.xmp", [UInt8](repeating: 0x20, count: XMPReader.maxPacketBytes + 1))
        let report = try Self.report(PNGChunks.splice([cut, bomb], into: Self.png), .png)
        #expect(report.unreadableTags == [
            "the photo's XMP (in a PNG iTXt chunk) is damaged and cannot be unpacked",
            "the photo's XMP (in a PNG zTXt chunk) was not unpacked: the photo's compressed blocks come to more than 16 MB in all",
        ])
        #expect(report.found.contains(.xmp))
    }

    @Test("at most eight compressed XMP chunks are unpacked; any more are reported, not unpacked")
    func manyCompressedChunks() throws {
        let chunks = (0..<9).map { _ in PNGChunks.zTXt("XML:com.adobe.xmp", Self.grace) }
        let report = try Self.report(PNGChunks.splice(chunks, into: Self.png), .png)
        #expect(report.people == ["Grace Hopper"])
        #expect(report.unreadableTags == ["the photo's XMP (in a PNG zTXt chunk) was not unpacked: the photo has more than 8 compressed blocks that could name people"])
    }

    // MARK: TIFF, WebP, HEIF

    @Test("XMP is read from TIFF, WebP and HEIF files", arguments: [TestFormat.tiff, .webp, .heif])
    func otherFormats(format: TestFormat) throws {
        let bytes = QuadrantPicture.upright(width: 64, height: 64).encoded(format, metadata: ["xmp-data": Self.grace])
        let photo = try PhotoFile(path: "photo", bytes: bytes)
        let report = try PhotoInspector.inspect(photo, limits: .standard)
        #expect(report.people == ["Grace Hopper"])
        #expect(report.unreadableTags.isEmpty)
    }

    /// A HEIF container with one XMP item per (content encoding, where its bytes are).
    static func heif(_ items: [(encoding: String, data: [UInt8]?)], infeVersion: UInt8 = 2) -> [UInt8] {
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
            PNGChunks.bigEndian(UInt32(8 + payload.count)) + Array(type.utf8) + payload
        }
        func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
        var entries: [UInt8] = [], locations: [UInt8] = [], itemData: [UInt8] = []
        for (index, item) in items.enumerated() {
            let id = index + 1
            // Versions 0 and 1 have no item type: the item's name comes first (empty here).
            let type = infeVersion >= 2 ? Array("mime".utf8) : []
            entries += box("infe", [infeVersion, 0, 0, 0] + u16(id) + u16(0) + type + [0]
                + Array("application/rdf+xml".utf8) + [0] + Array(item.encoding.utf8) + [0])
            guard let data = item.data else { continue }
            // Version 1: construction method 1, the bytes are in `idat`.
            locations += u16(id) + u16(1) + u16(0) + u16(1) + PNGChunks.bigEndian(UInt32(itemData.count)) + PNGChunks.bigEndian(UInt32(data.count))
            itemData += data
        }
        let located = items.filter { $0.data != nil }.count
        let iinf = box("iinf", [0, 0, 0, 0] + u16(items.count) + entries)
        let iloc = box("iloc", [1, 0, 0, 0, 0x44, 0x00] + u16(located) + locations)
        return box("ftyp", Array("heicmif1heic".utf8)) + box("meta", [0, 0, 0, 0] + iinf + iloc + box("idat", itemData))
    }

    @Test("each XMP item of a HEIF is read where its location says, compressed or not; one that cannot be found is unreadable")
    func heifItems() {
        let metadata = ContainerScanner.scan(Self.heif([("", Self.ada), ("deflate", Zlib.compress(Self.grace)), ("", nil), ("br", [1, 2, 3])]), format: .heif)
        #expect(XMPReader.read(metadata.xmpPackets).people == ["Ada Lovelace", "Grace Hopper"])
        #expect(metadata.unreadable == ["the photo's XMP could not be found in the file", "the photo's XMP is stored in a way Photogate cannot read"])
    }

    @Test("an XMP item described by an item info entry of version 0 or 1 is read, as ExifTool reads it", arguments: [UInt8(0), 1])
    func heifOldItemInfo(version: UInt8) {
        let metadata = ContainerScanner.scan(Self.heif([("", Self.ada), ("deflate", Zlib.compress(Self.grace))], infeVersion: version), format: .heif)
        #expect(XMPReader.read(metadata.xmpPackets).people == ["Ada Lovelace", "Grace Hopper"])
        #expect(metadata.unreadable.isEmpty)
        #expect(metadata.found.contains(.xmp))
    }

    @Test("item locations that take no bytes, in huge numbers, are capped, never a hang")
    func hostileItemLocations() {
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
            PNGChunks.bigEndian(UInt32(8 + payload.count)) + Array(type.utf8) + payload
        }
        // Version 2, every size 0, 65,535 items each claiming 65,535 empty extents.
        var items: [UInt8] = []
        for id in 0..<2000 { items += PNGChunks.bigEndian(UInt32(id)) + [0, 0, 0, 0, 0xFF, 0xFF] }
        let iloc = box("iloc", [2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + items)
        let infe = box("infe", [2, 0, 0, 0, 0, 1, 0, 0] + Array("mime".utf8) + [0] + Array("application/rdf+xml".utf8) + [0, 0])
        let heif = box("ftyp", Array("heicmif1heic".utf8)) + box("meta", [0, 0, 0, 0] + box("iinf", [0, 0, 0, 0, 0, 1] + infe) + iloc)
        let clock = ContinuousClock()
        var metadata = ContainerMetadata()
        let elapsed = clock.measure { metadata = ContainerScanner.scan(heif, format: .heif) }
        #expect(elapsed < .seconds(2))
        #expect(metadata.unreadable == ["the photo's XMP could not be found in the file"])
    }

    @Test("item locations past the end of any file are not found, never a crash", arguments: [
        // Eight-byte base offset, offset and length: a base offset plus an offset past what a
        // number holds; an offset past what the file holds plus a length; the same in `idat`.
        (baseOffset: UInt64(Int.max), offset: UInt64(Int.max), length: UInt64(16), method: UInt8(0)),
        (baseOffset: 0, offset: 4, length: UInt64(Int.max), method: 0),
        (baseOffset: 0, offset: UInt64(Int.max) - 4, length: 4, method: 1),
    ])
    func itemLocationsPastAnyFile(baseOffset: UInt64, offset: UInt64, length: UInt64, method: UInt8) {
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
            PNGChunks.bigEndian(UInt32(8 + payload.count)) + Array(type.utf8) + payload
        }
        func u64(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
        let infe = box("infe", [2, 0, 0, 0, 0, 1, 0, 0] + Array("mime".utf8) + [0] + Array("application/rdf+xml".utf8) + [0, 0])
        // Version 1, every size 8 bytes (index 0): item 1, its construction method, one extent.
        let iloc = box("iloc", [1, 0, 0, 0, 0x88, 0x80, 0, 1, 0, 1, 0, method, 0, 0] + u64(baseOffset) + [0, 1] + u64(offset) + u64(length))
        let heif = box("ftyp", Array("heicmif1heic".utf8))
            + box("meta", [0, 0, 0, 0] + box("iinf", [0, 0, 0, 0, 0, 1] + infe) + iloc + box("idat", Self.grace))
        let metadata = ContainerScanner.scan(heif, format: .heif)
        #expect(metadata.xmpPackets.isEmpty)
        #expect(metadata.unreadable == ["the photo's XMP could not be found in the file"])
    }

    @Test("a HEIF's XMP items are read up to a limit, the rest reported: items can share bytes, or unpack to 16 MB each")
    func manyHEIFItems() {
        let items = (0..<20).map { _ in (encoding: "deflate", data: Optional(Zlib.compress(Self.grace))) }
        let metadata = ContainerScanner.scan(Self.heif(items), format: .heif)
        #expect(metadata.xmpPackets.count == HEIFMetadataScanner.maxXMPItems)
        #expect(metadata.unreadable == ["the photo's XMP is in 20 items, more than the 8 Photogate reads"])
        #expect(XMPReader.read(metadata.xmpPackets).people == ["Grace Hopper"])
    }

    // MARK: Sidecars

    @Test("a sidecar that is a link, a folder, a FIFO or too big is kept as unreadable, with why")
    func unreadableSidecars() throws {
        let folder = TemporaryFolder("sidecars")
        let target = folder.write("elsewhere.xmp", Self.ada)
        for index in 1...4 { folder.write("IMG_\(index).JPG", Self.jpeg) }
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/IMG_1.JPG.xmp", withDestinationPath: target)
        try FileManager.default.createDirectory(atPath: folder.path + "/IMG_2.xmp", withIntermediateDirectories: false)
        #expect(mkfifo(folder.path + "/IMG_3.JPG.xmp", 0o600) == 0)
        folder.write("IMG_4.XMP", [UInt8](repeating: 0x20, count: Int(Sidecar.maxBytes) + 1))
        let expected = [
            "the XMP sidecar IMG_1.JPG.xmp is a symbolic link, which is never followed",
            "the XMP sidecar IMG_2.xmp is a folder, not a file",
            "the XMP sidecar IMG_3.JPG.xmp is not a regular file",
            "the XMP sidecar IMG_4.XMP is over the 4 MB limit for a sidecar",
        ]
        for (index, reason) in expected.enumerated() {
            let sidecars = Sidecar.beside(folder.path + "/IMG_\(index + 1).JPG")
            #expect(sidecars.count == 1)
            #expect(sidecars.first?.facts.unreadable == [reason])
        }
    }

    @Test("two sidecars of one photo are both read")
    func twoSidecars() {
        let folder = TemporaryFolder("sidecars")
        let photo = folder.write("IMG_1.JPG", Self.jpeg)
        folder.write("IMG_1.JPG.xmp", Self.ada)
        folder.write("IMG_1.xmp", Self.grace)
        var facts = XMPFacts()
        for sidecar in Sidecar.beside(photo) { facts.merge(sidecar.facts) }
        #expect(facts.people == ["Ada Lovelace", "Grace Hopper"])
        #expect(facts.unreadable.isEmpty)
    }
}
