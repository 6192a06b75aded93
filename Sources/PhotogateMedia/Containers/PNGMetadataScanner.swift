import Foundation
import PhotogateCore

/// Finds metadata in PNG chunks: `eXIf`, `iCCP`, text chunks (`tEXt`, `zTXt`, `iTXt`) and
/// anything after `IEND`. XMP is read from every chunk that holds it, compressed or not, as
/// standard XMP (`iTXt` "XML:com.adobe.xmp") or as ImageMagick's hex "raw profile".
enum PNGMetadataScanner {
    static func scan(_ bytes: [UInt8], budget: inout UnpackBudget) -> ContainerMetadata {
        var metadata = ContainerMetadata()
        var offset = 8
        while let length = bytes.uint32BE(at: offset), offset + 12 + length <= bytes.count {
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = bytes[(offset + 8)..<(offset + 8 + length)]
            switch type {
            case "eXIf":
                metadata.found.insert(.exif)
                metadata.exif = Array(data)
            case "iCCP":
                metadata.found.insert(.icc)
            case "tEXt", "zTXt", "iTXt":
                textChunk(type, data, into: &metadata, budget: &budget)
            case "tIME":
                metadata.found.insert(.other)
            case "IEND":
                if bytes.count > data.endIndex + 4 { metadata.found.insert(.trailer) }
                return metadata
            default:
                // An ancillary chunk of no standard kind (`tXMP`...) may hold XMP, which ExifTool reads.
                if type.first?.isLowercase == true, let packet = EmbeddedXMP.packet(in: data) {
                    metadata.found.insert(.xmp)
                    metadata.xmpPackets.append(XMPPacket(source: "\(ContainerMetadata.xmpSource) (in a PNG \(type) chunk)", bytes: packet))
                }
            }
            offset = data.endIndex + 4
        }
        return metadata
    }

    /// A text chunk's keyword (lowercased) and the bytes after it.
    private static func split(_ data: ArraySlice<UInt8>) -> (keyword: String, rest: ArraySlice<UInt8>)? {
        guard let end = data.firstIndex(of: 0) else { return nil }
        return (String(decoding: data[data.startIndex..<end], as: UTF8.self).lowercased(), data[(end + 1)...])
    }

    /// The text of a text chunk, unpacked when compressed.
    private static func text(_ type: String, _ rest: ArraySlice<UInt8>, budget: inout UnpackBudget) throws(UnpackBudget.Refusal) -> [UInt8] {
        switch type {
        case "tEXt":
            return Array(rest)
        case "zTXt":
            // One byte of compression method (0, zlib), then the compressed text.
            guard rest.first == 0 else { throw .damaged }
            return try budget.inflate(rest.dropFirst())
        default:
            // iTXt: compression flag, method, language tag, translated keyword, then the text.
            guard rest.count >= 2, let languageEnd = rest.dropFirst(2).firstIndex(of: 0),
                  let translatedEnd = rest[(languageEnd + 1)...].firstIndex(of: 0) else { throw .damaged }
            let text = rest[(translatedEnd + 1)...]
            switch (rest[rest.startIndex], rest[rest.startIndex + 1]) {
            case (0, _): return Array(text)
            case (1, 0): return try budget.inflate(text)
            default: throw .damaged
            }
        }
    }

    private static func textChunk(_ type: String, _ data: ArraySlice<UInt8>, into metadata: inout ContainerMetadata, budget: inout UnpackBudget) {
        guard let (key, rest) = split(data) else {
            metadata.found.insert(.text)
            return
        }
        if key == "xml:com.adobe.xmp" {
            metadata.found.insert(.xmp)
            let source = "\(ContainerMetadata.xmpSource) (in a PNG \(type) chunk)"
            do throws(UnpackBudget.Refusal) {
                metadata.xmpPackets.append(XMPPacket(source: source, bytes: try text(type, rest, budget: &budget)))
            } catch {
                metadata.unreadable.append("\(source) \(error.description)")
            }
        } else if key.hasPrefix("raw profile type ") {
            rawProfile(String(key.dropFirst("raw profile type ".count)), type, rest, into: &metadata, budget: &budget)
        } else {
            metadata.found.insert(key == "comment" ? .comment : .text)
        }
    }

    /// ImageMagick's raw profiles: named after the block they hold, whose bytes are then read
    /// as that block is anywhere else. Those that may name people (XMP, an APP1 segment,
    /// Photoshop resources, which `iptc` profiles often are too) are read, or reported.
    private static func rawProfile(_ name: String, _ type: String, _ rest: ArraySlice<UInt8>, into metadata: inout ContainerMetadata, budget: inout UnpackBudget) {
        let namesPeople = ["xmp", "app1", "8bim", "iptc"].contains(name)
        switch name {
        case "exif", "app1": metadata.found.insert(.exif)
        case "iptc", "8bim": metadata.found.insert(.iptc)
        case "icc", "icm": metadata.found.insert(.icc)
        case "xmp": metadata.found.insert(.xmp)
        default: metadata.found.insert(.text)
        }
        // An EXIF profile is only wanted while there is none yet: unpacking more would spend
        // the photo's unpack budget that a later XMP chunk needs.
        guard namesPeople || (name == "exif" && metadata.exif == nil) else { return }
        let source = "\(ContainerMetadata.xmpSource) (in a PNG \(type) chunk\(name == "xmp" ? "" : ", as a raw \(name) profile"))"
        let block: [UInt8]
        do throws(UnpackBudget.Refusal) {
            block = try RawProfile.decode(try text(type, rest, budget: &budget))
        } catch {
            if namesPeople { metadata.unreadable.append("\(source) \(error.description)") }
            return
        }
        let exifHeader = Array("Exif\0\0".utf8)
        if block.starts(with: Array(JPEGMetadataScanner.xmpIdentifier.utf8)) {
            metadata.found.insert(.xmp)
            metadata.xmpPackets.append(XMPPacket(source: source, bytes: Array(block.dropFirst(JPEGMetadataScanner.xmpIdentifier.utf8.count))))
        } else if block.starts(with: exifHeader) || name == "exif" {
            if metadata.exif == nil { metadata.exif = block }
        } else if block.starts(with: Array("8BIM".utf8)) {
            PhotoshopResources.scan(block, into: &metadata)
        } else if name == "xmp" {
            metadata.xmpPackets.append(XMPPacket(source: source, bytes: block))
        } else if let packet = EmbeddedXMP.packet(in: block[...]) {
            metadata.found.insert(.xmp)
            metadata.xmpPackets.append(XMPPacket(source: source, bytes: packet))
        }
    }
}

/// ImageMagick's "Raw profile type ..." text: a line with the profile's name, a line with its
/// length in bytes, then the bytes as hexadecimal digits over many lines.
enum RawProfile {
    static func decode(_ text: [UInt8]) throws(UnpackBudget.Refusal) -> [UInt8] {
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard lines.count >= 2,
              let length = Int(String(decoding: lines[1], as: UTF8.self).trimmingCharacters(in: .whitespaces)),
              length >= 0, length <= XMPReader.maxPacketBytes else { throw .damaged }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        var high: UInt8?
        for line in lines.dropFirst(2) {
            for character in line where character != 0x20 && character != 0x0D && character != 0x09 {
                guard let nibble = hexValue(character) else { throw .damaged }
                if let pending = high {
                    bytes.append(pending << 4 | nibble)
                    high = nil
                } else {
                    high = nibble
                }
            }
        }
        guard high == nil, bytes.count == length else { throw .damaged }
        return bytes
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
