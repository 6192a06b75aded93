import PhotogateCore

/// Finds metadata in PNG chunks: `eXIf`, XMP in `iTXt`, `iCCP`, text chunks (`tEXt`, `zTXt`,
/// `iTXt`) and anything after `IEND`.
enum PNGMetadataScanner {
    static func scan(_ bytes: [UInt8]) -> ContainerMetadata {
        var metadata = ContainerMetadata()
        var offset = 8
        while let length = bytes.uint32BE(at: offset), offset + 12 + length <= bytes.count {
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = (offset + 8)..<(offset + 8 + length)
            switch type {
            case "eXIf":
                metadata.found.insert(.exif)
                metadata.exif = Array(bytes[data])
            case "iCCP":
                metadata.found.insert(.icc)
            case "iTXt":
                if bytes.hasBytes("XML:com.adobe.xmp\0", at: data.lowerBound) {
                    metadata.found.insert(.xmp)
                    if let packet = uncompressedITXtText(Array(bytes[data])) { metadata.xmpPackets.append(packet) }
                } else {
                    metadata.found.insert(keyword(bytes, data) == "comment" ? .comment : .text)
                }
            case "tEXt", "zTXt":
                let key = keyword(bytes, data)
                if key == "xml:com.adobe.xmp" {
                    // Compressed or legacy XMP: the packet itself comes from the decoder.
                    metadata.found.insert(.xmp)
                } else if key.hasPrefix("raw profile type exif") || key.hasPrefix("raw profile type app1") {
                    metadata.found.insert(.exif)
                } else if key.hasPrefix("raw profile type xmp") {
                    metadata.found.insert(.xmp)
                } else if key.hasPrefix("raw profile type iptc") || key.hasPrefix("raw profile type 8bim") {
                    metadata.found.insert(.iptc)
                } else if key.hasPrefix("raw profile type icc") {
                    metadata.found.insert(.icc)
                } else {
                    metadata.found.insert(key == "comment" ? .comment : .text)
                }
            case "tIME":
                metadata.found.insert(.other)
            case "IEND":
                if bytes.count > data.upperBound + 4 { metadata.found.insert(.trailer) }
                return metadata
            default:
                break
            }
            offset = data.upperBound + 4
        }
        return metadata
    }

    private static func keyword(_ bytes: [UInt8], _ data: Range<Int>) -> String {
        let end = bytes[data].firstIndex(of: 0) ?? data.upperBound
        return String(decoding: bytes[data.lowerBound..<end], as: UTF8.self).lowercased()
    }

    /// The text of an uncompressed `iTXt` chunk (keyword, flags, language and translated
    /// keyword come first); `nil` when it is compressed.
    private static func uncompressedITXtText(_ chunk: [UInt8]) -> [UInt8]? {
        guard let keywordEnd = chunk.firstIndex(of: 0), keywordEnd + 2 < chunk.count,
              chunk[keywordEnd + 1] == 0 else { return nil }
        var cursor = keywordEnd + 3
        for _ in 0..<2 {
            guard let end = chunk[cursor...].firstIndex(of: 0) else { return nil }
            cursor = end + 1
        }
        return Array(chunk[cursor...])
    }
}
