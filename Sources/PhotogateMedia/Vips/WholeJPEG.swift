import CVips

/// Proves a JPEG's compressed data decodes whole: every scan read to the end marker by
/// libjpeg, with no warning at all (libjpeg reports damaged data as a warning and patches
/// over it). libvips' own fail-on-warning is not enough: it misses a warning given after the
/// last row, and a decode shrunk on load misses some damage altogether.
enum WholeJPEG {
    /// libjpeg's first complaint about the data, or nil when it decodes whole.
    static func problem(_ bytes: [UInt8]) -> String? {
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBytes { pg_jpeg_read_whole($0.baseAddress, $0.count, &message, message.count) }
        guard status != 0 else { return nil }
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? "the compressed data cannot be read" : text
    }
}
