/// The marker segments of a JPEG file, walked from SOI to EOI without decoding any pixels.
///
/// Used twice, on purpose: leniently to find what metadata an input carries, and strictly to
/// prove that a cleaned output carries none.
public struct JPEGStructure: Sendable {
    public struct Segment: Sendable, Equatable {
        /// The second byte of the marker (`0xE1` for APP1...).
        public var marker: UInt8
        /// Where the segment's payload lies in the file (after the two length bytes).
        public var payload: Range<Int>
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case notJPEG
        case truncated(at: Int)
        case badLength(marker: UInt8, at: Int)
        case noEndOfImage

        public var description: String {
            switch self {
            case .notJPEG: "does not start with a JPEG start-of-image marker"
            case let .truncated(offset): "ends in the middle of a segment at byte \(offset)"
            case let .badLength(marker, offset): "segment \(JPEGStructure.name(of: marker)) at byte \(offset) has an impossible length"
            case .noEndOfImage: "has no end-of-image marker"
            }
        }
    }

    /// Every segment with a payload, in file order (SOS headers included; scan data is not).
    public var segments: [Segment]
    /// The bytes after the end-of-image marker.
    public var trailer: Range<Int>

    /// Walks the whole file. Throws when the structure is broken before the end-of-image marker.
    public init(parsing bytes: [UInt8]) throws {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw ParseError.notJPEG }
        var segments: [Segment] = []
        var offset = 2
        while true {
            guard offset < bytes.count else { throw ParseError.noEndOfImage }
            guard bytes[offset] == 0xFF else { throw ParseError.truncated(at: offset) }
            // Any number of 0xFF fill bytes may precede a marker.
            while offset < bytes.count, bytes[offset] == 0xFF { offset += 1 }
            guard offset < bytes.count else { throw ParseError.noEndOfImage }
            let marker = bytes[offset]
            offset += 1
            if marker == 0xD9 { break }
            if Self.isStandalone(marker) { continue }
            guard let length = bytes.uint16BE(at: offset) else { throw ParseError.truncated(at: offset) }
            guard length >= 2 else { throw ParseError.badLength(marker: marker, at: offset - 2) }
            let payloadEnd = offset + length
            guard payloadEnd <= bytes.count else { throw ParseError.truncated(at: offset) }
            segments.append(Segment(marker: marker, payload: (offset + 2)..<payloadEnd))
            offset = payloadEnd
            if marker == 0xDA {
                offset = Self.endOfEntropyData(bytes, from: offset)
            }
        }
        self.segments = segments
        self.trailer = offset..<bytes.count
    }

    /// Markers with no length field: TEM and RST0-7 (SOI and EOI are handled by the walk).
    private static func isStandalone(_ marker: UInt8) -> Bool {
        marker == 0x01 || (0xD0...0xD7).contains(marker)
    }

    /// Skips entropy-coded data: a 0xFF there is followed by 0x00 (a stuffed byte) or RSTn.
    private static func endOfEntropyData(_ bytes: [UInt8], from start: Int) -> Int {
        var offset = start
        while offset + 1 < bytes.count {
            if bytes[offset] == 0xFF {
                let next = bytes[offset + 1]
                if next != 0x00, next != 0xFF, !(0xD0...0xD7).contains(next) { return offset }
            }
            offset += 1
        }
        return bytes.count
    }

    /// A marker's conventional name, for messages.
    public static func name(of marker: UInt8) -> String {
        switch marker {
        case 0xC0: "SOF0"
        case 0xC1...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC: "SOF\(marker - 0xC0)"
        case 0xC4: "DHT"
        case 0xCC: "DAC"
        case 0xDA: "SOS"
        case 0xDB: "DQT"
        case 0xDD: "DRI"
        case 0xE0...0xEF: "APP\(marker - 0xE0)"
        case 0xFE: "COM"
        default: "marker 0x\(String(marker, radix: 16, uppercase: true))"
        }
    }
}
