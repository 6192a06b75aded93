import PhotogateCore

/// Recognises an image format from the first bytes of a file (its magic numbers), never from
/// its name. Formats Photogate does not accept (GIF, AVIF, SVG, PDF...) give `nil`.
public enum FormatSniffer {
    /// How many leading bytes `sniff` needs to decide.
    public static let prefixLength = 64

    public static func sniff(_ bytes: ArraySlice<UInt8>) -> ImageFormat? {
        let b = Array(bytes.prefix(prefixLength))
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if b.count >= 12, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return .webp }
        if b.starts(with: [0x49, 0x49, 0x2A, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if isHEIF(b) { return .heif }
        return nil
    }

    /// HEIF stills start with an ISO-BMFF `ftyp` box naming a HEIF brand. AVIF uses the same
    /// container with another codec and is not accepted.
    private static func isHEIF(_ b: [UInt8]) -> Bool {
        guard b.count >= 16, Array(b[4..<8]) == Array("ftyp".utf8) else { return false }
        let boxSize = Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
        let end = min(max(boxSize, 16), b.count)
        let major = String(decoding: b[8..<12], as: UTF8.self)
        if ["avif", "avis"].contains(major) { return false }
        var brands = [major]
        var offset = 16
        while offset + 4 <= end {
            brands.append(String(decoding: b[offset..<offset + 4], as: UTF8.self))
            offset += 4
        }
        let heifBrands: Set = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]
        return brands.contains { heifBrands.contains($0) }
    }
}
