/// Finds an XMP packet in a block that is not labelled as XMP: an APP segment whose label is
/// not the standard one (`XMP\0`, a space for the NUL, none at all), an unknown PNG chunk
/// (`tXMP`), a raw profile. ExifTool reads such packets, so a reader that skipped them would
/// miss the names in them. The packet runs from its first opening to the end of its closing
/// `<?xpacket end ...?>` (or `</x:xmpmeta>`), or to the end of the block when neither is
/// there; a packet that is not whole is then unreadable, never skipped.
enum EmbeddedXMP {
    private static let openings = ["<?xpacket begin", "<x:xmpmeta", "<x:xapmeta", "<rdf:RDF"].map { Array($0.utf8) }
    private static let closings = ["<?xpacket end", "</x:xmpmeta>", "</x:xapmeta>", "</rdf:RDF>"].map { Array($0.utf8) }

    /// The packet, or `nil` when the block holds no XMP opening.
    static func packet(in block: ArraySlice<UInt8>) -> [UInt8]? {
        guard let start = openings.compactMap({ block.firstRange(of: $0)?.lowerBound }).min() else { return nil }
        let rest = block[start...]
        for closing in closings {
            guard let found = lastRange(of: closing, in: rest) else { continue }
            // `<?xpacket end="w"?>` ends at its `?>`; a closing tag at its `>`.
            let tail = rest[found.upperBound...]
            let end = closing.last == UInt8(ascii: ">") ? found.upperBound : tail.firstRange(of: Array("?>".utf8))?.upperBound ?? rest.endIndex
            return Array(rest[..<end])
        }
        return Array(rest)
    }

    private static func lastRange(of pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        var found: Range<Int>?
        var from = bytes.startIndex
        while let range = bytes[from...].firstRange(of: pattern) {
            found = range
            from = range.upperBound
        }
        return found
    }
}
