import PhotogateCore

/// Whether a file's container is whole, from its structure alone: a JPEG runs from its
/// start marker to its end marker, a PNG's chunks reach `IEND`, a WebP is as long as its
/// header says. A decoder can finish the pixels of a file cut just before its end without
/// noticing (or notice only sometimes, depending on how far its threads read ahead), so this
/// check makes "cut short" a certain answer.
enum ContainerIntegrity {
    /// Why the container is not whole, in words after "it", or `nil`.
    static func problem(_ bytes: [UInt8], format: ImageFormat) -> String? {
        switch format {
        case .jpeg:
            do {
                _ = try JPEGStructure(parsing: bytes)
                return nil
            } catch {
                return "\(error)"
            }
        case .png:
            var offset = 8
            while let length = bytes.uint32BE(at: offset) {
                guard offset + 12 + length <= bytes.count else { return "ends in the middle of a chunk" }
                if bytes.hasBytes("IEND", at: offset + 4) { return nil }
                offset += 12 + length
            }
            return "has no end chunk (IEND)"
        case .webp:
            guard let size = bytes.uint32LE(at: 4), size + 8 <= bytes.count else { return "is shorter than its header says" }
            return nil
        case .heif, .tiff:
            // Read whole by their decoders: a missing part is missing pixels, an error.
            return nil
        }
    }
}
