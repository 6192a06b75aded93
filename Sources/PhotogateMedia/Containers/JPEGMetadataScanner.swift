import PhotogateCore

/// Finds metadata in a JPEG's marker segments: EXIF, XMP (with extended XMP), ICC, IPTC and
/// Photoshop resources, comments, JFIF/MPF previews, other application segments and data
/// hidden after the end-of-image marker (motion photos, appended files).
enum JPEGMetadataScanner {
    static let xmpIdentifier = "http://ns.adobe.com/xap/1.0/\0"
    static let extendedXMPIdentifier = "http://ns.adobe.com/xmp/extension/\0"
    static let photoshopIdentifier = "Photoshop 3.0\0"

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
            // Each identifier is looked for inside the segment's own bytes, so a segment too
            // short for what it claims to be is just "other data", never a bad slice.
            let data = Array(bytes[segment.payload])
            switch segment.marker {
            case 0xE0:
                if data.hasBytes("JFIF\0", at: 0) {
                    // Bytes 12 and 13 of the payload give the embedded thumbnail's size.
                    if data.count >= 14, data[12] != 0 || data[13] != 0 { metadata.found.insert(.thumbnail) }
                } else if data.hasBytes("JFXX\0", at: 0) {
                    metadata.found.insert(.thumbnail)
                } else {
                    metadata.found.insert(.other)
                }
            case 0xE1:
                if data.hasBytes("Exif\0", at: 0) {
                    metadata.found.insert(.exif)
                    if metadata.exif == nil { metadata.exif = data }
                } else if data.hasBytes(Self.xmpIdentifier, at: 0) {
                    metadata.found.insert(.xmp)
                    metadata.xmpPackets.append(Array(data[Self.xmpIdentifier.utf8.count...]))
                } else if data.hasBytes(Self.extendedXMPIdentifier, at: 0) {
                    metadata.found.insert(.xmp)
                    extendedXMP.add(Array(data[Self.extendedXMPIdentifier.utf8.count...]))
                } else {
                    metadata.found.insert(.other)
                }
            case 0xE2:
                if data.hasBytes("ICC_PROFILE\0", at: 0) {
                    metadata.found.insert(.icc)
                } else if data.hasBytes("MPF\0", at: 0) {
                    // A multi-picture index: the extra pictures (previews, depth maps) follow EOI.
                    metadata.found.insert(.thumbnail)
                } else {
                    metadata.found.insert(.other)
                }
            case 0xED:
                if data.hasBytes(Self.photoshopIdentifier, at: 0) {
                    metadata.found.formUnion(PhotoshopResources.kinds(in: Array(data[Self.photoshopIdentifier.utf8.count...])))
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
