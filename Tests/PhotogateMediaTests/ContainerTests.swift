import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

@Suite("Format recognition")
struct FormatSnifferTests {
    static let picture = QuadrantPicture.upright(width: 16, height: 16)

    @Test("each accepted format is recognised from its content")
    func recognised() {
        #expect(FormatSniffer.sniff(Self.picture.encoded(.jpeg)[...]) == .jpeg)
        #expect(FormatSniffer.sniff(Self.picture.encoded(.png)[...]) == .png)
        #expect(FormatSniffer.sniff(Self.picture.encoded(.webp)[...]) == .webp)
        #expect(FormatSniffer.sniff(Self.picture.encoded(.tiff)[...]) == .tiff)
        #expect(FormatSniffer.sniff(Self.picture.encoded(.heif)[...]) == .heif)
    }

    @Test("other formats and non-images are not", arguments: [
        Array("GIF89a\u{01}\u{00}\u{01}\u{00}".utf8),
        Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8),
        Array("%PDF-1.7\n".utf8),
        [0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("avifmif1miaf".utf8),
        Array("hello, this is a text file named photo.jpg".utf8),
        [],
    ])
    func refused(bytes: [UInt8]) {
        #expect(FormatSniffer.sniff(bytes[...]) == nil)
    }
}

@Suite("JPEG structure")
struct JPEGStructureTests {
    @Test("segments, scans and a trailer are found")
    func walk() throws {
        let jpeg = QuadrantPicture.upright(width: 32, height: 32).encoded(.jpeg)
        let withExtras = JPEGSegments.splice([JPEGSegments.comment("hello")], into: jpeg) + Array("MOTION-PHOTO-DATA".utf8)
        let structure = try JPEGStructure(parsing: withExtras)
        #expect(structure.segments.contains { $0.marker == 0xFE })
        #expect(structure.segments.contains { $0.marker == 0xDA })
        #expect(structure.trailer.count == 17)
    }

    @Test("a truncated file has no end-of-image marker")
    func truncated() {
        let jpeg = QuadrantPicture.upright(width: 32, height: 32).encoded(.jpeg)
        #expect(throws: JPEGStructure.ParseError.self) { try JPEGStructure(parsing: Array(jpeg.prefix(jpeg.count / 2))) }
        #expect(throws: JPEGStructure.ParseError.notJPEG) { try JPEGStructure(parsing: Array("not a jpeg".utf8)) }
    }
}

@Suite("Container metadata")
struct ContainerScanTests {
    @Test("a JPEG's segments are classified")
    func jpegSegments() {
        let jpeg = QuadrantPicture.upright(width: 32, height: 32).encoded(.jpeg)
        var exif = ExifBlock()
        exif.make = "Apple"
        let bytes = JPEGSegments.splice([
            JPEGSegments.exif(exif.bytes()),
            JPEGSegments.xmp(XMPPackets.mwgRegions([("Ada Lovelace", 0.5, 0.5, 0.2, 0.2)], width: 32, height: 32)),
            JPEGSegments.icc(ColourProfiles.displayP3()),
            JPEGSegments.iptc(caption: "Sports day", byline: "Mrs Smith"),
            JPEGSegments.comment("taken by Mr Jones"),
            JPEGSegments.segment(0xEC, Array("Ducky".utf8) + [0, 1]),
        ], into: jpeg) + [0x42, 0x42]
        let metadata = ContainerScanner.scan(bytes, format: .jpeg)
        #expect(metadata.found == [.exif, .xmp, .icc, .iptc, .comment, .other, .trailer])
        #expect(metadata.exif != nil)
        #expect(metadata.xmpPackets.count == 1)
    }

    @Test("a segment shorter than the identifier it starts with is other data, never a crash", arguments: [
        "http://ns.adobe.com/xap/1.0/\0", "http://ns.adobe.com/xmp/extension/\0", "Photoshop 3.0\0",
    ])
    func shortSegments(identifier: String) {
        // The file is cut short (no end of image), and the identifier continues past the segment.
        let marker: UInt8 = identifier.hasPrefix("Photoshop") ? 0xED : 0xE1
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, marker, 0x00, 0x07] + Array(identifier.utf8) + [0x00, 0x01]
        let metadata = ContainerScanner.scan(bytes, format: .jpeg)
        #expect(metadata.found == [.other])
        #expect(metadata.xmpPackets.isEmpty)
    }

    @Test("truncated HEIF item boxes are read without crashing")
    func shortHEIFBoxes() {
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
            let size = UInt32(8 + payload.count)
            return withUnsafeBytes(of: size.bigEndian, Array.init) + Array(type.utf8) + payload
        }
        let ftyp = box("ftyp", Array("heicmif1heic".utf8))
        for inner in [box("iinf", [0]), box("iref", [0, 0]), box("iinf", [1, 0, 0, 0, 0, 0, 0, 1] + box("infe", [3]))] {
            let bytes = ftyp + box("meta", [0, 0, 0, 0] + inner)
            #expect(ContainerScanner.scan(bytes, format: .heif).found.isEmpty)
        }
        #expect(ContainerScanner.scan(ftyp + box("meta", [0]), format: .heif).found.isEmpty)
    }

    @Test("zero padding after the end of image is not hidden data")
    func padding() {
        let jpeg = QuadrantPicture.upright(width: 16, height: 16).encoded(.jpeg) + [0, 0, 0, 0]
        #expect(!ContainerScanner.scan(jpeg, format: .jpeg).found.contains(.trailer))
    }

    @Test("extended XMP is reassembled from its chunks")
    func extendedXMP() {
        let full = Array(XMPPackets.mwgRegions([("Grace Hopper", 0.3, 0.3, 0.1, 0.1)], width: 10, height: 10).utf8)
        let guid = Array("0123456789ABCDEF0123456789ABCDEF".utf8)
        func chunk(_ range: Range<Int>) -> [UInt8] {
            let total = UInt32(full.count), offset = UInt32(range.lowerBound)
            let header = guid + withUnsafeBytes(of: total.bigEndian, Array.init) + withUnsafeBytes(of: offset.bigEndian, Array.init)
            return JPEGSegments.segment(0xE1, Array("http://ns.adobe.com/xmp/extension/\0".utf8) + header + Array(full[range]))
        }
        let half = full.count / 2
        let jpeg = JPEGSegments.splice([chunk(half..<full.count), chunk(0..<half)], into: QuadrantPicture.upright(width: 16, height: 16).encoded(.jpeg))
        let metadata = ContainerScanner.scan(jpeg, format: .jpeg)
        #expect(metadata.xmpPackets.map(\.bytes) == [full])
        #expect(metadata.unreadable.isEmpty)
        #expect(XMPReader.read(metadata.xmpPackets).people == ["Grace Hopper"])
    }

    @Test("PNG text, XMP and EXIF chunks are found; compressed XMP is read through the decoder")
    func pngChunks() throws {
        var exif = ExifBlock()
        exif.model = "Scanner"
        let png = QuadrantPicture.upright(width: 16, height: 16).encoded(
            .png,
            metadata: ["exif-data": exif.bytes(), "xmp-data": Array(XMPPackets.mwgRegions([], width: 16, height: 16, personInImage: ["Alan Turing"]).utf8)],
            strings: ["png-comment-0-Author": "Mrs Smith"]
        )
        let metadata = ContainerScanner.scan(png, format: .png)
        #expect(metadata.found.isSuperset(of: [.text, .xmp, .exif]))
        let report = try PhotoInspector.inspect(PhotoFile(path: "scan.png", bytes: png, format: .png), limits: .standard)
        #expect(report.people == ["Alan Turing"])
        #expect(report.model == "Scanner")
    }

    @Test("HEIF thumbnails and EXIF items are found in the item boxes")
    func heifItems() {
        var exif = ExifBlock()
        exif.make = "Apple"
        let heif = QuadrantPicture.upright(width: 64, height: 64).encoded(.heif, metadata: ["exif-data": exif.bytes()])
        #expect(ContainerScanner.scan(heif, format: .heif).found.contains(.exif))
    }
}

@Suite("XMP people")
struct XMPReaderTests {
    @Test("MWG regions give names and centred boxes")
    func mwg() {
        let packet = XMPPackets.mwgRegions([("Ada Lovelace", 0.25, 0.5, 0.1, 0.2), ("Charles Babbage", 0.75, 0.5, 0.1, 0.2)], width: 400, height: 300)
        let facts = XMPReader.read([.utf8(packet)])
        #expect(facts.people == ["Ada Lovelace", "Charles Babbage"])
        let box = facts.regions[0].box!
        #expect(abs(box.x - 0.2) < 1e-9 && abs(box.y - 0.4) < 1e-9)
        #expect(facts.regions[0].type == "Face")
    }

    @Test("attribute form, other prefixes, Microsoft regions and IPTC person names are all read")
    func otherForms() {
        let packet = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
         <r:Description xmlns:regions="http://www.metadataworkinggroup.com/schemas/regions/"
           xmlns:area="http://ns.adobe.com/xmp/sType/Area#"
           xmlns:MP="http://ns.microsoft.com/photo/1.2/"
           xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
           xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#"
           xmlns:ext="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
          <regions:Regions><r:Description><regions:RegionList><r:Seq>
            <r:li><r:Description regions:Name="Mary Seacole" regions:Type="Face">
              <regions:Area area:x="0.5" area:y="0.5" area:w="0.2" area:h="0.2" area:unit="normalized"/>
            </r:Description></r:li>
          </r:Seq></regions:RegionList></r:Description></regions:Regions>
          <MP:RegionInfo r:parseType="Resource"><MPRI:Regions><r:Bag>
            <r:li MPReg:PersonDisplayName="Florence Nightingale" MPReg:Rectangle="0.1, 0.1, 0.2, 0.3"/>
          </r:Bag></MPRI:Regions></MP:RegionInfo>
          <ext:PersonInImageWDetails><r:Bag><r:li r:parseType="Resource">
            <ext:PersonName><r:Alt><r:li xml:lang="x-default">Edith Cavell</r:li></r:Alt></ext:PersonName>
          </r:li></r:Bag></ext:PersonInImageWDetails>
         </r:Description></r:RDF></x:xmpmeta>
        """
        let facts = XMPReader.read([.utf8(packet)])
        #expect(facts.people == ["Mary Seacole", "Florence Nightingale", "Edith Cavell"])
        #expect(facts.regions[1].box == Box(x: 0.1, y: 0.1, width: 0.2, height: 0.3))
        #expect(facts.unreadable.isEmpty)
    }

    @Test("packets declaring entities are refused, and reported unreadable")
    func entities() {
        let packet = """
        <?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>
        """
        let facts = XMPReader.read([.utf8(packet)])
        #expect(facts.unreadable == ["the photo's XMP declares a document type or entities, which XMP never needs"])
        #expect(facts.people.isEmpty)
    }

    @Test("a document type hidden by another encoding is still refused once decoded")
    func utf16DocumentType() {
        let packet = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x [<!ENTITY n \"Ada\">]><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>"
        var utf16: [UInt8] = [0xFE, 0xFF]
        for unit in packet.utf16 { utf16 += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(XMPReader.read([XMPPacket(source: "the photo's XMP", bytes: utf16)]).unreadable
            == ["the photo's XMP declares a document type or entities, which XMP never needs"])
    }

    @Test("malformed XML is unreadable, not empty")
    func malformed() {
        #expect(XMPReader.read([.utf8("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><unclosed>")]).unreadable == ["the photo's XMP is damaged (an element is not closed)"])
    }

    @Test("boxes outside the image or not numbers are dropped; names are cleaned")
    func untrustedValues() {
        let packet = XMPPackets.mwgRegions([("  Ada\n   Lovelace\u{200B} ", 0.5, 0.5, 5.0, 5.0)], width: 10, height: 10)
        let facts = XMPReader.read([.utf8(packet)])
        #expect(facts.people == ["Ada Lovelace"])
        #expect(facts.regions[0].box == nil)
    }
}

extension XMPPacket {
    /// A packet of the photo itself, written in UTF-8.
    static func utf8(_ text: String) -> XMPPacket {
        XMPPacket(source: "the photo's XMP", bytes: Array(text.utf8))
    }
}
