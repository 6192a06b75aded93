import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// What reading a photo's XMP may cost is capped for the whole photo, not packet by packet:
/// a small file of many compressed blocks, or of many items pointing at one block, is read
/// in moments, and whatever lies beyond a cap is reported unreadable, never read in part.
@Suite("XMP reading costs are capped per photo")
struct XMPCostTests {
    static let grace = Array(XMPPackets.mwgRegions([], width: 16, height: 16, personInImage: ["Grace Hopper"]).utf8)

    /// Grace's packet padded with spaces to `size` bytes, as writers pad packets: cheap to
    /// parse, expensive to unpack.
    static func padded(_ size: Int) -> [UInt8] {
        grace + [UInt8](repeating: 0x20, count: size - grace.count)
    }

    @Test("compressed HEIF XMP items unpack to at most 16 MB in all, however many point at the same data")
    func heifBytes() {
        let stream = Zlib.compress(Self.padded(7 << 20))
        let metadata = ContainerScanner.scan(TagCoverageTests.heif(Array(repeating: ("deflate", stream), count: 3)), format: .heif)
        #expect(metadata.xmpPackets.count == 2)
        #expect(metadata.unreadable == ["the photo's XMP (compressed) was not unpacked: the photo's compressed blocks come to more than 16 MB in all"])
    }

    @Test("the hostile HEIF: eight items pointing at one 16 MB stream of a name is read in moments and is unreadable")
    func heifBomb() throws {
        let name = String(repeating: "A", count: (16 << 20) - 2000)
        let packet = Array(XMPPackets.mwgRegions([("Danny Pink" + name, 0.5, 0.5, 0.2, 0.2)], width: 16, height: 16).utf8)
        let heif = TagCoverageTests.heif(Array(repeating: ("deflate", Zlib.compress(packet)), count: 8))
        let clock = ContinuousClock()
        var facts = XMPFacts()
        let elapsed = clock.measure { facts = XMPReader.read(ContainerScanner.scan(heif, format: .heif).xmpPackets) }
        // Before the caps this took minutes (each item unpacked and parsed in turn).
        #expect(elapsed < .seconds(60))
        #expect(facts.people.isEmpty)
        #expect(facts.unreadable == ["the photo's XMP holds a name longer than 4096 bytes, which is no real name"])
    }

    @Test("the packets of one photo are read to 16 MB in all; the rest are reported")
    func totalBytes() {
        let packets = [Self.padded(9 << 20), Self.padded(9 << 20)].enumerated().map { XMPPacket(source: "packet \($0.offset + 1)", bytes: $0.element) }
        let facts = XMPReader.read(packets)
        #expect(facts.people == ["Grace Hopper"])
        #expect(facts.unreadable == ["packet 2 was not read: the photo's XMP comes to more than 16 MB in all"])
    }

    @Test("at most 64 packets are read in one photo")
    func packetCount() {
        let facts = XMPReader.read(Array(repeating: XMPPacket(source: "a packet", bytes: Self.grace), count: 66))
        #expect(facts.people == ["Grace Hopper"])
        #expect(facts.unreadable == ["2 more XMP packets were not read (Photogate reads at most 64 in one photo)"])
    }

    @Test("the elements of all of a photo's packets are capped together")
    func elementsInAll() {
        let many = Array(("<a>" + String(repeating: "<b/>", count: 120_000) + "</a>").utf8)
        let facts = XMPReader.read([XMPPacket(source: "packet 1", bytes: many), XMPPacket(source: "packet 2", bytes: many)])
        #expect(facts.unreadable == ["packet 2 was not read: the photo's XMP has more than 200000 elements in all"])
    }

    @Test("character references are capped")
    func references() {
        let packet = Array(("<a>" + String(repeating: "&#65;", count: XMLTree.maxReferences + 1) + "</a>").utf8)
        #expect(XMPReader.read([XMPPacket(source: "the photo's XMP", bytes: packet)]).unreadable
            == ["the photo's XMP has more than 100000 character references"])
    }

    @Test("a name longer than any name is reported, not cut to a name")
    func longName() {
        let long = Array(XMPPackets.mwgRegions([("Danny Pink" + String(repeating: " ", count: 5000) + "x", 0.5, 0.5, 0.2, 0.2)], width: 16, height: 16).utf8)
        let facts = XMPReader.read([XMPPacket(source: "the photo's XMP", bytes: long)])
        #expect(facts.people.isEmpty)
        #expect(facts.unreadable == ["the photo's XMP holds a name longer than 4096 bytes, which is no real name"])
    }
}
