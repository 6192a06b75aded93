import Foundation
import PhotogateCore

/// A person region written into a photo by photo software (MWG or Microsoft Photo regions).
public struct XMPRegion: Sendable, Equatable {
    public enum Standard: String, Sendable { case mwg, microsoft }

    public var name: String?
    /// `Face`, `Pet`, `Focus`... (MWG); Microsoft regions are always people.
    public var type: String?
    /// Normalised 0...1, top-left based, in the stored (not yet upright) image.
    public var box: Box?
    public var standard: Standard
    /// The picture the region says it was drawn on (MWG `AppliedToDimensions`), when it says.
    public var frame: RegionFrame?
}

/// One XMP packet and where it came from.
public struct XMPPacket: Sendable, Equatable {
    /// Names the packet as a sentence starts: "the photo's XMP", "the XMP sidecar IMG_1.xmp".
    public var source: String
    public var bytes: [UInt8]

    public init(source: String, bytes: [UInt8]) {
        self.source = source
        self.bytes = bytes
    }
}

/// What the XMP packets of a photo say about the people in it.
public struct XMPFacts: Sendable, Equatable {
    public var regions: [XMPRegion] = []
    /// IPTC Extension `PersonInImage` (and `PersonInImageWDetails`) names: people without a box.
    public var personInImage: [String] = []
    /// Why tags that exist could not be read, one sentence each ("the photo's XMP is damaged
    /// (...)"). Who is in the photo is then unknown, which later steps treat as not safe.
    public var unreadable: [String] = []
    /// The extended XMP packets (JPEG) the main packet says belong to it, by GUID.
    public var declaredExtensions: [String] = []

    public init() {}

    /// Adds what another packet or sidecar says.
    public mutating func merge(_ other: XMPFacts) {
        regions += other.regions
        personInImage += other.personInImage
        unreadable += other.unreadable
        declaredExtensions += other.declaredExtensions
    }

    /// Every name, in order of first mention, without repeats.
    public var people: [String] {
        var seen = Set<String>()
        return (regions.compactMap(\.name) + personInImage).filter { seen.insert($0).inserted }
    }
}

/// Reads MWG regions, Microsoft Photo regions and IPTC Extension person names from XMP.
/// Nothing in a packet is trusted: sizes are capped, names are trimmed and bounded, boxes
/// that are not finite or not inside the image are dropped.
public enum XMPReader {
    static let maxPacketBytes = 16 << 20
    /// The most XMP read for one photo (or one sidecar), all packets together: parsing costs
    /// time and memory in proportion, and real photos carry kilobytes, a few megabytes at
    /// most. What is beyond is reported unreadable, never read in part.
    static let maxTotalBytes = 16 << 20
    /// The most packets read for one photo; real photos have one, two or three.
    static let maxPackets = 64
    static let maxNameLength = 200
    /// A name longer than this as written is not a name: it is reported, not cut short.
    static let maxWrittenNameBytes = 4096

    private enum NS {
        static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        static let mwgRegions = "http://www.metadataworkinggroup.com/schemas/regions/"
        static let area = "http://ns.adobe.com/xmp/sType/Area#"
        static let dimensions = "http://ns.adobe.com/xap/1.0/sType/Dimensions#"
        static let microsoftPhoto = "http://ns.microsoft.com/photo/1.2/"
        static let microsoftRegionInfo = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
        static let microsoftRegion = "http://ns.microsoft.com/photo/1.2/t/Region#"
        static let iptcExtension = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
        static let xmpNote = "http://ns.adobe.com/xmp/note/"
    }

    public static func read(_ packets: [XMPPacket]) -> XMPFacts {
        var facts = XMPFacts()
        var total = 0
        var elementBudget = XMLTree.maxElements
        for (index, packet) in packets.enumerated() {
            guard index < maxPackets else {
                let more = packets.count - maxPackets
                facts.unreadable.append("\(more) more XMP packet\(more == 1 ? " was" : "s were") not read (Photogate reads at most \(maxPackets) in one photo)")
                break
            }
            guard packet.bytes.count <= maxPacketBytes else {
                facts.unreadable.append("\(packet.source) is over the \(maxPacketBytes >> 20) MB limit")
                continue
            }
            total += packet.bytes.count
            guard total <= maxTotalBytes else {
                facts.unreadable.append("\(packet.source) was not read: the photo's XMP comes to more than \(maxTotalBytes >> 20) MB in all")
                continue
            }
            do {
                var reading = PacketReading(source: packet.source)
                reading.read(try XMLTree.parse(packet.bytes, elementBudget: &elementBudget))
                facts.merge(reading.facts)
            } catch {
                facts.unreadable.append("\(packet.source) \(error)")
            }
        }
        return facts
    }

    /// What one packet says, and the problems of its names.
    private struct PacketReading {
        let source: String
        var facts = XMPFacts()
        private var nameTooLong = false

        init(source: String) {
            self.source = source
        }

        mutating func read(_ root: XMLElement) {
            let all = [root] + root.descendants
            // Each GUID once, found in a set: a packet may name tens of thousands.
            var declared = Set<String>()
            for element in all where element.is(NS.rdf, "Description") {
                if let guid = RDF.value(of: element, NS.xmpNote, "HasExtendedXMP"), declared.insert(guid).inserted {
                    facts.declaredExtensions.append(guid)
                }
            }
            // Each region list with the picture its `Regions` says it was drawn on.
            var frames: [ObjectIdentifier: RegionFrame] = [:]
            for element in all where element.is(NS.mwgRegions, "Regions") {
                guard let list = RDF.property(of: element, NS.mwgRegions, "RegionList"),
                      let applied = RDF.property(of: element, NS.mwgRegions, "AppliedToDimensions"),
                      let width = RDF.number(of: applied, NS.dimensions, "w"),
                      let height = RDF.number(of: applied, NS.dimensions, "h") else { continue }
                frames[ObjectIdentifier(list)] = RegionFrame(width: width, height: height)
            }
            for element in all where element.is(NS.mwgRegions, "RegionList") {
                let frame = frames[ObjectIdentifier(element)]
                facts.regions += RDF.items(of: element).map { mwgRegion($0, frame: frame) }
            }
            for element in all where element.is(NS.microsoftRegionInfo, "Regions") {
                facts.regions += RDF.items(of: element).map { microsoftRegion($0) }
            }
            for element in all where element.is(NS.iptcExtension, "PersonInImage") {
                facts.personInImage += RDF.items(of: element).compactMap { name($0.text) }
            }
            for element in all where element.is(NS.iptcExtension, "PersonInImageWDetails") {
                for person in RDF.items(of: element) {
                    if let name = RDF.value(of: person, NS.iptcExtension, "PersonName").flatMap({ name($0) }) {
                        facts.personInImage.append(name)
                    }
                }
            }
            if nameTooLong {
                facts.unreadable.append("\(source) holds a name longer than \(maxWrittenNameBytes) bytes, which is no real name")
            }
        }

        private mutating func mwgRegion(_ item: XMLElement, frame: RegionFrame?) -> XMPRegion {
            var box: Box?
            if let area = RDF.property(of: item, NS.mwgRegions, "Area"),
               let x = RDF.number(of: area, NS.area, "x"), let y = RDF.number(of: area, NS.area, "y"),
               let w = RDF.number(of: area, NS.area, "w"), let h = RDF.number(of: area, NS.area, "h"),
               (RDF.value(of: area, NS.area, "unit") ?? "normalized") == "normalized" {
                box = validBox(Box(centerX: x, centerY: y, width: w, height: h))
            }
            return XMPRegion(
                name: RDF.value(of: item, NS.mwgRegions, "Name").flatMap { name($0) },
                type: RDF.value(of: item, NS.mwgRegions, "Type"),
                box: box,
                standard: .mwg,
                frame: frame
            )
        }

        private mutating func microsoftRegion(_ item: XMLElement) -> XMPRegion {
            var box: Box?
            if let rectangle = RDF.value(of: item, NS.microsoftRegion, "Rectangle") {
                let values = rectangle.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                if values.count == 4 { box = validBox(Box(x: values[0], y: values[1], width: values[2], height: values[3])) }
            }
            return XMPRegion(
                name: RDF.value(of: item, NS.microsoftRegion, "PersonDisplayName").flatMap { name($0) },
                type: "Face",
                box: box,
                standard: .microsoft
            )
        }

        /// A normalised box must be finite, have a size, and overlap the image.
        private func validBox(_ box: Box) -> Box? {
            guard box.isUsable, box.width <= 1.5, box.height <= 1.5 else { return nil }
            return box.clamped(width: 1, height: 1)
        }

        /// The name as a person would read it, bounded; a name too long to be one is noted
        /// (and not cleaned, which would cost time in proportion to its length).
        private mutating func name(_ raw: String) -> String? {
            guard raw.utf8.count <= maxWrittenNameBytes else {
                nameTooLong = true
                return nil
            }
            let collapsed = raw.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
            let name = String(OutsideText.cleaned(collapsed).prefix(maxNameLength))
            return name.isEmpty ? nil : name
        }
    }
}

/// Reading RDF properties whatever form the writer chose: an attribute, an element with
/// text, an element with `rdf:parseType="Resource"`, or an element holding `rdf:Description`.
enum RDF {
    private static let ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    /// The nodes that can carry a resource's properties: itself and its `rdf:Description`s.
    static func nodes(of element: XMLElement) -> [XMLElement] {
        [element] + element.children.filter { $0.is(ns, "Description") }
    }

    static func property(of element: XMLElement, _ namespace: String, _ name: String) -> XMLElement? {
        for node in nodes(of: element) {
            if let child = node.children.first(where: { $0.is(namespace, name) }) { return child }
        }
        return nil
    }

    static func value(of element: XMLElement, _ namespace: String, _ name: String) -> String? {
        for node in nodes(of: element) {
            if let attribute = node.attribute(namespace, name) { return attribute }
        }
        guard let child = property(of: element, namespace, name) else { return nil }
        if let first = items(of: child).first { return first.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return child.attribute(ns, "resource") ?? child.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func number(of element: XMLElement, _ namespace: String, _ name: String) -> Double? {
        value(of: element, namespace, name).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The `rdf:li` items of the `rdf:Bag`, `rdf:Seq` or `rdf:Alt` inside a property.
    static func items(of element: XMLElement) -> [XMLElement] {
        element.children
            .filter { $0.is(ns, "Bag") || $0.is(ns, "Seq") || $0.is(ns, "Alt") }
            .flatMap { $0.children.filter { $0.is(ns, "li") } }
    }
}
