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
            if let problem = chunkPastTheEnd(bytes) { return problem }
            return pngChunks(bytes).contains { bytes.hasBytes("IEND", at: $0 + 4) } ? nil : "has no end chunk (IEND)"
        case .webp:
            guard let size = bytes.uint32LE(at: 4), size + 8 <= bytes.count else { return "is shorter than its header says" }
            return nil
        case .heif, .tiff:
            // Read whole by their decoders: a missing part is missing pixels, an error.
            return nil
        }
    }

    /// Why the file may not even be handed to a decoder to read its header, or `nil`: libpng
    /// allocates whatever a chunk's length claims before reading it (a 1.4 kB PNG claiming a
    /// 1.7 GB text chunk), so a PNG chunk running past the end of the file is refused first.
    static func hazard(_ bytes: [UInt8], format: ImageFormat) -> String? {
        format == .png ? chunkPastTheEnd(bytes) : nil
    }

    private static func chunkPastTheEnd(_ bytes: [UInt8]) -> String? {
        guard let last = pngChunks(bytes).last, let length = bytes.uint32BE(at: last) else { return nil }
        return last + 12 + length <= bytes.count ? nil : "ends in the middle of a chunk"
    }

    /// The offsets of a PNG's chunks, up to `IEND` or the first chunk that runs past the end.
    private static func pngChunks(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var offset = 8
        while let length = bytes.uint32BE(at: offset) {
            offsets.append(offset)
            guard offset + 12 + length <= bytes.count, !bytes.hasBytes("IEND", at: offset + 4) else { break }
            offset += 12 + length
        }
        return offsets
    }
}
