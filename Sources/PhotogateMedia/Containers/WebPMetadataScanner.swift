import PhotogateCore

/// Finds metadata in WebP's RIFF chunks: `EXIF`, `XMP `, `ICCP`, and unknown chunks.
enum WebPMetadataScanner {
    static func scan(_ bytes: [UInt8]) -> ContainerMetadata {
        var metadata = ContainerMetadata()
        var offset = 12
        while let size = bytes.uint32LE(at: offset + 4), offset + 8 + size <= bytes.count {
            let type = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let data = (offset + 8)..<(offset + 8 + size)
            switch type {
            case "EXIF":
                metadata.found.insert(.exif)
                metadata.exif = Array(bytes[data])
            case "XMP ":
                metadata.found.insert(.xmp)
                metadata.xmpPackets.append(XMPPacket(source: ContainerMetadata.xmpSource, bytes: Array(bytes[data])))
            case "ICCP":
                metadata.found.insert(.icc)
            case "VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF":
                break
            default:
                metadata.found.insert(.other)
            }
            offset = data.upperBound + (size % 2)
        }
        return metadata
    }
}
