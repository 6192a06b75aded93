import PhotogateCore

/// Finds metadata in a JPEG's marker segments: EXIF, XMP (with extended XMP), ICC, IPTC and
/// Photoshop resources, comments, JFIF/MPF previews, other application segments and data
/// hidden after the end-of-image marker (motion photos, appended files).
enum JPEGMetadataScanner {
    static func scan(_ bytes: [UInt8]) -> ContainerMetadata {
        var metadata = ContainerMetadata()
        let structure: JPEGStructure
        do {
            structure = try JPEGStructure(parsing: bytes)
        } catch {
            // Broken structure: the decoder will refuse the file; report what a partial walk finds.
            return scanSegments(partialSegments(bytes), bytes: bytes, into: metadata)
        }
        metadata = scanSegments(structure.segments, bytes: bytes, into: metadata)
        if bytes[structure.trailer].contains(where: { $0 != 0x00 && $0 != 0xFF }) {
            metadata.found.insert(.trailer)
        }
        return metadata
    }

    private static func scanSegments(_ segments: [JPEGStructure.Segment], bytes: [UInt8], into start: ContainerMetadata) -> ContainerMetadata {
        var metadata = start
        var extendedXMP = ExtendedXMPAssembler()
        for segment in segments {
            let payload = segment.payload
            let p = payload.lowerBound
            switch segment.marker {
            case 0xE0:
                if bytes.hasBytes("JFIF\0", at: p) {
                    // Bytes 12 and 13 of the payload give the embedded thumbnail's size.
                    if payload.count >= 14, bytes[p + 12] != 0 || bytes[p + 13] != 0 { metadata.found.insert(.thumbnail) }
                } else if bytes.hasBytes("JFXX\0", at: p) {
                    metadata.found.insert(.thumbnail)
                } else {
                    metadata.found.insert(.other)
                }
            case 0xE1:
                if bytes.hasBytes("Exif\0", at: p) {
                    metadata.found.insert(.exif)
                    if metadata.exif == nil { metadata.exif = Array(bytes[payload]) }
                } else if bytes.hasBytes("http://ns.adobe.com/xap/1.0/\0", at: p) {
                    metadata.found.insert(.xmp)
                    metadata.xmpPackets.append(Array(bytes[(p + 29)..<payload.upperBound]))
                } else if bytes.hasBytes("http://ns.adobe.com/xmp/extension/\0", at: p) {
                    metadata.found.insert(.xmp)
                    extendedXMP.add(Array(bytes[(p + 35)..<payload.upperBound]))
                } else {
                    metadata.found.insert(.other)
                }
            case 0xE2:
                if bytes.hasBytes("ICC_PROFILE\0", at: p) {
                    metadata.found.insert(.icc)
                } else if bytes.hasBytes("MPF\0", at: p) {
                    // A multi-picture index: the extra pictures (previews, depth maps) follow EOI.
                    metadata.found.insert(.thumbnail)
                } else {
                    metadata.found.insert(.other)
                }
            case 0xED:
                if bytes.hasBytes("Photoshop 3.0\0", at: p) {
                    metadata.found.formUnion(PhotoshopResources.kinds(in: Array(bytes[(p + 14)..<payload.upperBound])))
                } else {
                    metadata.found.insert(.other)
                }
            case 0xE3...0xEF:
                metadata.found.insert(.other)
            case 0xFE:
                metadata.found.insert(.comment)
            default:
                continue
            }
        }
        if let packet = extendedXMP.assembled() { metadata.xmpPackets.append(packet) }
        return metadata
    }

    /// The segments before the first scan of a file whose full walk failed.
    private static func partialSegments(_ bytes: [UInt8]) -> [JPEGStructure.Segment] {
        var segments: [JPEGStructure.Segment] = []
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            guard marker != 0xDA, marker != 0xD9, let length = bytes.uint16BE(at: offset + 2), length >= 2,
                  offset + 2 + length <= bytes.count else { break }
            segments.append(.init(marker: marker, payload: (offset + 4)..<(offset + 2 + length)))
            offset += 2 + length
        }
        return segments
    }
}

/// Reassembles extended XMP: chunks of one packet, each with a 32-byte GUID, the full length
/// and its offset. Chunks that contradict each other are dropped rather than guessed.
struct ExtendedXMPAssembler {
    private var guid: [UInt8]?
    private var buffer: [UInt8] = []
    private var filled = 0
    private var valid = true

    /// The largest extended packet accepted (a few megabytes is already unusual).
    static let maxLength = 16 << 20

    mutating func add(_ chunk: [UInt8]) {
        guard valid, chunk.count >= 40, let total = chunk.uint32BE(at: 32), let offset = chunk.uint32BE(at: 36),
              total <= Self.maxLength else { valid = false; return }
        let chunkGUID = Array(chunk[0..<32])
        if guid == nil {
            guid = chunkGUID
            buffer = [UInt8](repeating: 0x20, count: total)
        }
        let data = chunk[40...]
        guard chunkGUID == guid, total == buffer.count, offset + data.count <= total else { valid = false; return }
        buffer.replaceSubrange(offset..<(offset + data.count), with: data)
        filled += data.count
    }

    func assembled() -> [UInt8]? {
        valid && guid != nil && filled >= buffer.count ? buffer : nil
    }
}

/// Photoshop image resources (the `8BIM` blocks of APP13): IPTC, thumbnails, ICC, EXIF, XMP.
enum PhotoshopResources {
    static func kinds(in bytes: [UInt8]) -> Set<MetadataKind> {
        var kinds: Set<MetadataKind> = []
        var offset = 0
        while offset + 12 <= bytes.count, bytes.hasBytes("8BIM", at: offset) {
            guard let id = bytes.uint16BE(at: offset + 4) else { break }
            let nameLength = Int(bytes[offset + 6])
            var cursor = offset + 6 + 1 + nameLength
            if (1 + nameLength) % 2 == 1 { cursor += 1 }
            guard let size = bytes.uint32BE(at: cursor) else { break }
            cursor += 4
            switch id {
            case 0x0404: kinds.insert(.iptc)
            case 0x0409, 0x040C: kinds.insert(.thumbnail)
            case 0x040F: kinds.insert(.icc)
            case 0x0422, 0x0423: kinds.insert(.exif)
            case 0x0424: kinds.insert(.xmp)
            default: kinds.insert(.other)
            }
            offset = cursor + size + (size % 2)
        }
        if kinds.isEmpty { kinds.insert(.other) }
        return kinds
    }
}
