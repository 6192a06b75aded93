import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// Hostile and unusual XMP: nothing may end the process, every packet is either read or
/// reported unreadable with a reason, and a document type stays refused in any encoding.
@Suite("XMP reader safety")
struct XMPSafetyTests {
    static let regions = XMPPackets.mwgRegions([("Ada Lovelace", 0.25, 0.5, 0.1, 0.2)], width: 400, height: 300, personInImage: ["Alan Turing"])

    func read(_ bytes: [UInt8]) -> XMPFacts {
        XMPReader.read([XMPPacket(source: "the photo's XMP", bytes: bytes)])
    }

    @Test("tag and attribute names that are not valid UTF-8 make the packet unreadable, never a crash", arguments: [
        // A lone continuation byte, a truncated sequence, an overlong "/", a surrogate, and
        // bytes that can never appear in UTF-8, in element and attribute names.
        [0x80], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFE], [0xFF, 0xFF],
    ] as [[UInt8]])
    func invalidUTF8Names(bad: [UInt8]) {
        let prefix = Array("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description ".utf8)
        let inAttribute = prefix + Array("mwg".utf8) + bad + Array(":Name=\"x\"/></rdf:RDF></x:xmpmeta>".utf8)
        let inElement = prefix + Array("/><a".utf8) + bad + Array("/></rdf:RDF></x:xmpmeta>".utf8)
        for packet in [inAttribute, inElement] {
            let facts = read(packet)
            #expect(facts.unreadable == ["the photo's XMP is not valid UTF-8 text"])
            #expect(facts.people.isEmpty)
        }
    }

    @Test("characters XML forbids are refused, even where a parser would stop early")
    func forbiddenCharacters() {
        let nul = Array("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">".utf8) + [0] + Array("<!DOCTYPE a></x:xmpmeta>".utf8)
        #expect(read(nul).unreadable == ["the photo's XMP contains a character XML does not allow (U+0)"])
        let control = Array("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\u{1B}[2J</x:xmpmeta>".utf8)
        #expect(read(control).unreadable == ["the photo's XMP contains a character XML does not allow (U+1B)"])
        let reference = Array("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&#0;</x:xmpmeta>".utf8)
        #expect(read(reference).unreadable == ["the photo's XMP is damaged (a character reference names no allowed character)"])
        // Padding after the packet, as writers leave for editing in place, is not content.
        #expect(read(Array(Self.regions.utf8) + [0, 0, 0x20, 0x0A]).people == ["Ada Lovelace", "Alan Turing"])
    }

    @Test("UTF-16 and UTF-32, with or without a byte-order mark, are read", arguments: ["UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"])
    func unicodeForms(form: String) {
        let text = "<?xml version=\"1.0\" encoding=\"\(form.prefix(6))\"?>\n" + Self.regions
        for withMark in [true, false] {
            let bytes = Self.encode(withMark ? "\u{FEFF}" + text : text, form: form)
            let facts = read(bytes)
            #expect(facts.unreadable.isEmpty, "\(form), mark: \(withMark)")
            #expect(facts.people == ["Ada Lovelace", "Alan Turing"], "\(form), mark: \(withMark)")
        }
    }

    @Test("a document type or entity is refused in every encoding, once decoded", arguments: ["UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"])
    func documentTypeInEveryForm(form: String) {
        let text = "<!DOCTYPE x [<!ENTITY n \"Ada\">]><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&n;</x:xmpmeta>"
        #expect(read(Self.encode(text, form: form)).unreadable == ["the photo's XMP declares a document type or entities, which XMP never needs"])
    }

    @Test("an encoding other than UTF-8, UTF-16 or UTF-32 is unreadable, named", arguments: [
        ("UTF-7", "the photo's XMP is written in a text encoding Photogate cannot read (UTF-7)"),
        ("ISO-8859-1", "the photo's XMP is written in a text encoding Photogate cannot read (ISO-8859-1)"),
        ("EBCDIC-US", "the photo's XMP is written in a text encoding Photogate cannot read (EBCDIC-US)"),
        ("UTF-16", "the photo's XMP says it is written in UTF-16 but is written in UTF-8"),
    ])
    func otherEncodings(label: String, reason: String) {
        // In UTF-7, "+ADw-" is "<": a reader that honoured the label would see a document type.
        let packet = "<?xml version=\"1.0\" encoding=\"\(label)\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">+ADw-!DOCTYPE x+AD4-</x:xmpmeta>"
        #expect(read(Array(packet.utf8)).unreadable == [reason])
    }

    @Test("entities, references, CDATA, comments and line ends are read as XML says")
    func textRules() {
        let packet = """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?><!-- written by hand -->
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
         <rdf:Description xmlns:ext='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'>
          <ext:PersonInImage><rdf:Bag>
           <rdf:li>Ada &amp; &#x41;&#108;an</rdf:li><rdf:li><![CDATA[Grace <Hopper>]]></rdf:li><?pi ignored?>
          </rdf:Bag></ext:PersonInImage>
         </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>
        """
        #expect(read(Array(packet.utf8)).people == ["Ada & Alan", "Grace <Hopper>"])
        let undefined = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&nbsp;</x:xmpmeta>"
        #expect(read(Array(undefined.utf8)).unreadable == ["the photo's XMP is damaged (an entity is used that is not defined)"])
    }

    @Test("what a namespace-aware reader refuses is refused", arguments: [
        ("<a:b/>", "a namespace prefix is not declared"),
        ("<x:m xmlns:x=\"u\" a=\"1\" a=\"2\"/>", "an attribute is repeated"),
        ("<x:m xmlns:x=\"u\" xmlns:y=\"u\" x:a=\"1\" y:a=\"2\"/>", "an attribute is repeated"),
        ("<x:m xmlns:x=\"u\"></x:n>", "an end tag closes no open element"),
        ("<x:m xmlns:x=\"u\"/><x:m xmlns:x=\"u\"/>", "content after the root element"),
        ("<x:m xmlns:x=\"u\" a=\"<\"/>", "an attribute value holds <"),
        ("<1x/>", "a name starts with a character names cannot start with"),
        ("<:x/>", "a name has a misplaced colon"),
        ("text<x/>", "text before the first element"),
        ("", "no element"),
    ])
    func wellFormedness(packet: String, problem: String) {
        #expect(read(Array(packet.utf8)).unreadable == ["the photo's XMP is damaged (\(problem))"])
    }

    @Test("nesting and size are capped")
    func caps() {
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        #expect(read(Array(deep.utf8)).unreadable == ["the photo's XMP is nested more than 64 levels deep"])
        let wide = "<a>" + String(repeating: "<b/>", count: 200_001) + "</a>"
        #expect(read(Array(wide.utf8)).unreadable == ["the photo's XMP has more than 200000 elements"])
        #expect(read([UInt8](repeating: 0x20, count: XMPReader.maxPacketBytes + 1)).unreadable == ["the photo's XMP is over the 16 MB limit"])
    }

    @Test("a packet's reading grows with its size, not its square: one tag's many attributes, many extended packets named")
    func linearWork() {
        // Each packet beside one of the same size read the same way but for what made its
        // reading quadratic (all attributes on one tag; a different GUID in each description),
        // so the comparison holds however busy the machine is.
        func attributes(onOneTag: Bool) -> String {
            let tags = (0..<20_000).map { onOneTag ? " a\($0)=\"x\"" : "<e a\($0)=\"x\"/>" }.joined()
            return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">" + (onOneTag ? "<e\(tags)/>" : tags) + "</x:xmpmeta>"
        }
        func descriptions(distinct: Bool) -> String {
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\"><rdf:Description>"
                + (0..<20_000).map { "<rdf:Description xmpNote:HasExtendedXMP=\"\(distinct ? $0 : 0)\"/>" }.joined()
                + "</rdf:Description></rdf:RDF>"
        }
        let clock = ContinuousClock()
        for (packet, baseline, extensions) in [(attributes(onOneTag: true), attributes(onOneTag: false), 0), (descriptions(distinct: true), descriptions(distinct: false), 20_000)] {
            var facts = XMPFacts()
            let elapsed = clock.measure { facts = read(Array(packet.utf8)) }
            let expected = clock.measure { _ = read(Array(baseline.utf8)) }
            // Read pairwise, each took over ten times its baseline (a minute in a debug build).
            #expect(elapsed < expected * 3 + .seconds(1))
            #expect(facts.unreadable.isEmpty)
            #expect(facts.declaredExtensions.count == extensions)
        }
    }

    @Test("thousands of mutated and cut packets: each is read or reported, none ends the process")
    func mutations() {
        var random = SplitMix(seed: 20_261_130)
        let base = Array(Self.regions.utf8)
        let interesting: [UInt8] = [0x00, 0x26, 0x3C, 0x3E, 0x22, 0x27, 0x3A, 0x2F, 0x3F, 0x21, 0x5B, 0x5D, 0x80, 0xBF, 0xC0, 0xE0, 0xED, 0xF0, 0xF4, 0xF8, 0xFE, 0xFF]
        var unreadable = 0
        for round in 0..<3000 {
            var packet = base
            for _ in 0..<(1 + round % 6) {
                let position = Int(random.next() % UInt64(packet.count))
                switch random.next() % 4 {
                case 0: packet[position] = interesting[Int(random.next() % UInt64(interesting.count))]
                case 1: packet.remove(at: position)
                case 2: packet.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: position)
                default: packet[position] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            let facts = read(packet)
            if !facts.unreadable.isEmpty { unreadable += 1 }
            #expect(facts.unreadable.allSatisfy { $0.hasPrefix("the photo's XMP ") })
        }
        let rootEnd = base.firstRange(of: Array("</x:xmpmeta>".utf8))!.upperBound
        for cut in stride(from: 0, to: rootEnd, by: 7) {
            let facts = read(Array(base.prefix(cut)))
            // Any cut that loses the end of the root element is unreadable, never "no one".
            #expect(!facts.unreadable.isEmpty, "cut at \(cut)")
        }
        #expect(unreadable > 1000, "most mutations break the packet: \(unreadable)")
    }

    /// The text in one of the Unicode forms, without a byte-order mark unless it has U+FEFF.
    static func encode(_ text: String, form: String) -> [UInt8] {
        switch form {
        case "UTF-16BE": return text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case "UTF-16LE": return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case "UTF-32BE": return text.unicodeScalars.flatMap { s in [24, 16, 8, 0].map { UInt8((s.value >> $0) & 0xFF) } }
        case "UTF-32LE": return text.unicodeScalars.flatMap { s in [0, 8, 16, 24].map { UInt8((s.value >> $0) & 0xFF) } }
        default: return Array(text.utf8)
        }
    }
}

/// A small seeded random number generator, so a failing mutation can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
