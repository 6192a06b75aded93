/// Big- and little-endian integer reads over a byte array, returning `nil` past the end so
/// that a malformed file is a parse failure and never a crash.
extension Array where Element == UInt8 {
    func uint16BE(at offset: Int) -> Int? {
        guard offset >= 0, offset + 2 <= count else { return nil }
        return Int(self[offset]) << 8 | Int(self[offset + 1])
    }

    func uint32BE(at offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= count else { return nil }
        return Int(self[offset]) << 24 | Int(self[offset + 1]) << 16 | Int(self[offset + 2]) << 8 | Int(self[offset + 3])
    }

    func uint32LE(at offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= count else { return nil }
        return Int(self[offset + 3]) << 24 | Int(self[offset + 2]) << 16 | Int(self[offset + 1]) << 8 | Int(self[offset])
    }

    /// True when the bytes at `offset` are exactly `prefix`.
    func hasBytes(_ prefix: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + prefix.count <= count else { return false }
        return self[offset..<offset + prefix.count].elementsEqual(prefix)
    }

    func hasBytes(_ text: String, at offset: Int) -> Bool {
        hasBytes(Array(text.utf8), at: offset)
    }
}
