import PhotogateCore
import PhotogateMedia

/// One XMP packet, as a sidecar is read.
enum XMPFuzzing {
    static func run(_ bytes: [UInt8]) -> [String] {
        brokenPromises(XMPReader.read([XMPPacket(source: "the fuzz input", bytes: bytes)]))
    }

    /// What `XMPReader` promises about what it returns: names are never empty and carry no
    /// hidden character (they are compared with the consent list and shown to staff), and a
    /// region's box lies inside the image.
    static func brokenPromises(_ facts: XMPFacts) -> [String] {
        var broken: [String] = []
        for name in facts.people {
            if name.isEmpty { broken.append("an empty name") }
            if let hidden = OutsideText.hiddenScalars(in: name).first {
                broken.append("the name \(name.debugDescription) has the hidden character U+\(String(hidden.value, radix: 16, uppercase: true))")
            }
        }
        for box in facts.regions.compactMap(\.box) where !box.isInside(width: 1, height: 1) {
            broken.append("the region box \(box) is not inside the image")
        }
        return broken
    }
}
