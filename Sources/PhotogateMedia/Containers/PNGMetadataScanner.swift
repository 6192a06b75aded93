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
                break
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
        if key == "xml:com.adobe.xmp" || key.hasPrefix("raw profile type xmp") {
            metadata.found.insert(.xmp)
            let source = "\(ContainerMetadata.xmpSource) (in a PNG \(type) chunk)"
            do throws(UnpackBudget.Refusal) {
                var packet = try text(type, rest, budget: &budget)
                if key.hasPrefix("raw profile type") { packet = try RawProfile.decode(packet) }
                metadata.xmpPackets.append(XMPPacket(source: source, bytes: packet))
            } catch {
                metadata.unreadable.append("\(source) \(error.description)")
            }
        } else if key.hasPrefix("raw profile type exif") || key.hasPrefix("raw profile type app1") {
            metadata.found.insert(.exif)
        } else if key.hasPrefix("raw profile type iptc") || key.hasPrefix("raw profile type 8bim") {
            metadata.found.insert(.iptc)
        } else if key.hasPrefix("raw profile type icc") {
            metadata.found.insert(.icc)
        } else {
            metadata.found.insert(key == "comment" ? .comment : .text)
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
