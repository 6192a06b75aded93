import Foundation
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
                    otherSegment(segment.marker, data, into: &metadata)
                }
            case 0xE1:
                if data.hasBytes("Exif\0", at: 0) {
                    metadata.found.insert(.exif)
                    if metadata.exif == nil { metadata.exif = data }
                } else if data.hasBytes(Self.xmpIdentifier, at: 0) {
                    metadata.found.insert(.xmp)
                    metadata.xmpPackets.append(XMPPacket(source: ContainerMetadata.xmpSource, bytes: Array(data[Self.xmpIdentifier.utf8.count...])))
                } else if data.hasBytes(Self.extendedXMPIdentifier, at: 0) {
                    metadata.found.insert(.xmp)
                    extendedXMP.add(Array(data[Self.extendedXMPIdentifier.utf8.count...]))
                } else {
                    otherSegment(segment.marker, data, into: &metadata)
                }
            case 0xE2:
                if data.hasBytes("ICC_PROFILE\0", at: 0) {
                    metadata.found.insert(.icc)
                } else if data.hasBytes("MPF\0", at: 0) {
                    // A multi-picture index: the extra pictures (previews, depth maps) follow EOI.
                    metadata.found.insert(.thumbnail)
                } else {
                    otherSegment(segment.marker, data, into: &metadata)
                }
            case 0xED:
                if data.hasBytes(Self.photoshopIdentifier, at: 0) {
                    PhotoshopResources.scan(Array(data[Self.photoshopIdentifier.utf8.count...]), into: &metadata)
                } else {
                    otherSegment(segment.marker, data, into: &metadata)
                }
            case 0xEC:
                otherSegment(segment.marker, data, into: &metadata)
                if metadata.serial == nil { metadata.serial = PictureInfo.serial(in: data) }
            case 0xE3...0xEF:
                otherSegment(segment.marker, data, into: &metadata)
            case 0xFE:
                metadata.found.insert(.comment)
            default:
                continue
            }
        }
        extendedXMP.finish(into: &metadata)
        return metadata
    }

    /// An application segment of no standard kind. It may still hold an XMP packet under a
    /// label that is not the standard one, or none, which ExifTool reads: it is read too.
    private static func otherSegment(_ marker: UInt8, _ data: [UInt8], into metadata: inout ContainerMetadata) {
        guard let packet = EmbeddedXMP.packet(in: data[...]) else {
            metadata.found.insert(.other)
            return
        }
        metadata.found.insert(.xmp)
        metadata.xmpPackets.append(XMPPacket(source: "\(ContainerMetadata.xmpSource) (in a JPEG APP\(marker - 0xE0) segment without the standard label)", bytes: packet))
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

/// The "picture info" text some older cameras (Olympus, Sanyo and others) write into APP12:
/// lines of `key=value` in sections, the camera's serial number among them (`Serial#=`).
enum PictureInfo {
    static func serial(in segment: [UInt8]) -> String? {
        let lines = segment.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D || $0 == 0x00 })
        for line in lines {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = String(decoding: line[line.startIndex..<equals], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            guard ["serial#", "serialnumber", "serial"].contains(key) else { continue }
            let value = String(decoding: line[(equals + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return value }
        }
        return nil
    }
}

/// Reassembles extended XMP: chunks of packets, each chunk with the 32-character GUID of its
/// packet, the packet's full length and the chunk's offset in it. A packet whose chunks leave
/// a gap or contradict each other is not guessed at: it is reported unreadable.
struct ExtendedXMPAssembler {
    private struct Packet {
        var length: Int
        var lengthsAgree = true
        var chunks: [(offset: Int, data: ArraySlice<UInt8>)] = []
    }

    private var packets: [String: Packet] = [:]
    private var order: [String] = []
    private var problems: [String] = []

    /// The largest extended packet accepted (a few megabytes is already unusual).
    static let maxLength = 16 << 20
    static let source = "the photo's extended XMP"

    mutating func add(_ chunk: [UInt8]) {
        guard chunk.count >= 40, let length = chunk.uint32BE(at: 32), let offset = chunk.uint32BE(at: 36) else {
            problems.append("\(Self.source) has a part too short to read")
            return
        }
        guard length <= Self.maxLength else {
            problems.append("\(Self.source) is over the \(Self.maxLength >> 20) MB limit")
            return
        }
        let guid = String(decoding: chunk[0..<32], as: UTF8.self).uppercased()
        if packets[guid] == nil {
            packets[guid] = Packet(length: length)
            order.append(guid)
        }
        packets[guid]!.chunks.append((offset, chunk[40...]))
        if packets[guid]!.length != length { packets[guid]!.lengthsAgree = false }
    }

    /// Adds each complete packet, and a sentence for each that is not.
    func finish(into metadata: inout ContainerMetadata) {
        metadata.unreadable += problems
        for guid in order {
            metadata.extendedXMPGUIDs.insert(guid)
            let packet = packets[guid]!
            switch assemble(packet) {
            case let .success(bytes): metadata.xmpPackets.append(XMPPacket(source: Self.source, bytes: bytes))
            case let .failure(problem): metadata.unreadable.append("\(Self.source) \(problem.description)")
            }
        }
    }

    private enum Problem: Error {
        case missingPart, contradiction, lengths

        var description: String {
            switch self {
            case .missingPart: "is missing a part"
            case .contradiction: "has parts that contradict each other"
            case .lengths: "has parts that disagree about its length"
            }
        }
    }

    /// Lays the chunks end to end: they must cover the packet exactly, and where two overlap
    /// they must hold the same bytes.
    private func assemble(_ packet: Packet) -> Result<[UInt8], Problem> {
        guard packet.lengthsAgree else { return .failure(.lengths) }
        let chunks = packet.chunks.sorted { $0.offset < $1.offset }
        var covered = 0
        for chunk in chunks {
            guard chunk.offset + chunk.data.count <= packet.length else { return .failure(.lengths) }
            guard chunk.offset <= covered else { return .failure(.missingPart) }
            covered = max(covered, chunk.offset + chunk.data.count)
        }
        guard covered == packet.length else { return .failure(.missingPart) }
        var buffer = [UInt8](repeating: 0, count: packet.length)
        var written = [Bool](repeating: false, count: packet.length)
        for chunk in chunks {
            for (index, byte) in zip(chunk.offset..., chunk.data) {
                if written[index], buffer[index] != byte { return .failure(.contradiction) }
                buffer[index] = byte
                written[index] = true
            }
        }
        return .success(buffer)
    }
}

/// Photoshop image resources (the `8BIM` blocks of APP13, or a TIFF's Photoshop tag): IPTC,
/// thumbnails, ICC, EXIF and XMP, which is read like any other packet.
enum PhotoshopResources {
    static func scan(_ bytes: [UInt8], into metadata: inout ContainerMetadata) {
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
            case 0x0424:
                kinds.insert(.xmp)
                if cursor + size <= bytes.count {
                    metadata.xmpPackets.append(XMPPacket(source: "the XMP in the photo's Photoshop block", bytes: Array(bytes[cursor..<(cursor + size)])))
                } else {
                    metadata.unreadable.append("the XMP in the photo's Photoshop block is cut short")
                }
            default: kinds.insert(.other)
            }
            offset = cursor + size + (size % 2)
        }
        if kinds.isEmpty { kinds.insert(.other) }
        metadata.found.formUnion(kinds)
    }
}
