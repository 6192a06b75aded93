import SystemZlib

/// zlib compression, for tests that write compressed PNG chunks and HEIF items.
public enum Zlib {
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(UInt(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { compress2(out.baseAddress, &length, $0.baseAddress, UInt(bytes.count), 9) }
        }
        precondition(status == Z_OK)
        return Array(output.prefix(Int(length)))
    }
}

/// Forges PNG chunks (with their CRC) and splices them into a PNG after its header chunk.
public enum PNGChunks {
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(CRC32.checksum(typeAndData))
    }

    /// An `iTXt` chunk: keyword, compression flag and method, empty language and translation.
    public static func iTXt(_ keyword: String, _ text: [UInt8], compressed: Bool = false) -> [UInt8] {
        chunk("iTXt", Array(keyword.utf8) + [0, compressed ? 1 : 0, 0, 0, 0] + (compressed ? Zlib.compress(text) : text))
    }

    public static func zTXt(_ keyword: String, _ text: [UInt8]) -> [UInt8] {
        chunk("zTXt", Array(keyword.utf8) + [0, 0] + Zlib.compress(text))
    }

    public static func tEXt(_ keyword: String, _ text: [UInt8]) -> [UInt8] {
        chunk("tEXt", Array(keyword.utf8) + [0] + text)
    }

    /// ImageMagick's "Raw profile type xmp": the bytes as lines of hexadecimal digits.
    public static func rawProfile(_ name: String, _ bytes: [UInt8]) -> [UInt8] {
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        let lines = stride(from: 0, to: hex.count, by: 36).map { hex[$0..<min($0 + 36, hex.count)].joined() }
        return Array("\n\(name)\n\(String(repeating: " ", count: 6))\(bytes.count)\n\(lines.joined(separator: "\n"))\n".utf8)
    }

    /// Inserts chunks right after IHDR (8 bytes of signature, then 25 of IHDR).
    public static func splice(_ chunks: [[UInt8]], into png: [UInt8]) -> [UInt8] {
        Array(png.prefix(33)) + chunks.flatMap { $0 } + png.dropFirst(33)
    }

    public static func bigEndian(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian, Array.init)
    }
}

extension JPEGSegments {
    /// One APP1 chunk of an extended XMP packet: GUID, full length, offset, then the bytes.
    public static func extendedXMP(guid: String, total: Int, offset: Int, _ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let header = Array(guid.utf8) + PNGChunks.bigEndian(UInt32(total)) + PNGChunks.bigEndian(UInt32(offset))
        return segment(0xE1, Array("http://ns.adobe.com/xmp/extension/\0".utf8) + header + Array(bytes))
    }

    /// A Photoshop APP13 segment holding an XMP packet as image resource 0x0424.
    public static func photoshopXMP(_ packet: [UInt8]) -> [UInt8] {
        segment(0xED, Array("Photoshop 3.0\0".utf8) + photoshopXMPResource(packet))
    }

    /// A Photoshop image resource 0x0424 holding an XMP packet.
    public static func photoshopXMPResource(_ packet: [UInt8]) -> [UInt8] {
        var data = packet
        if data.count % 2 == 1 { data.append(0) }
        return Array("8BIM".utf8) + [0x04, 0x24, 0x00, 0x00] + PNGChunks.bigEndian(UInt32(packet.count)) + data
    }
}

/// Writes little-endian TIFF files from directories of tags, laying out values and pixel
/// strips: enough to forge what RAW camera files look like (DNG versions, sensor data,
/// preview first pages, sub-directories).
public struct TIFFBuilder: Sendable {
    /// One tag: its TIFF type (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 7 UNDEFINED) and values.
    public struct Tag: Sendable {
        public var tag: UInt16
        public var type: UInt16
        public var values: [UInt32]

        public init(_ tag: UInt16, _ type: UInt16, _ values: [UInt32]) {
            self.tag = tag
            self.type = type
            self.values = values
        }

        public static func ascii(_ tag: UInt16, _ text: String) -> Tag {
            Tag(tag, 2, (Array(text.utf8) + [0]).map(UInt32.init))
        }
    }

    /// A directory: its tags, an uncompressed RGB strip (StripOffsets is added), and the
    /// directories its SubIFDs tag points to (added too).
    public struct Directory: Sendable {
        public var tags: [Tag]
        public var pixels: [UInt8]?
        public var subDirectories: [Directory]

        public init(tags: [Tag], pixels: [UInt8]? = nil, subDirectories: [Directory] = []) {
            self.tags = tags
            self.pixels = pixels
            self.subDirectories = subDirectories
        }

        /// An uncompressed 8-bit RGB page of `width` × `height` grey pixels.
        public static func rgbPage(width: Int, height: Int, extra: [Tag] = [], subDirectories: [Directory] = []) -> Directory {
            Directory(tags: [
                Tag(256, 4, [UInt32(width)]), Tag(257, 4, [UInt32(height)]), Tag(258, 3, [8, 8, 8]), Tag(259, 3, [1]),
                Tag(262, 3, [2]), Tag(277, 3, [3]), Tag(278, 4, [UInt32(height)]), Tag(279, 4, [UInt32(width * height * 3)]),
            ] + extra, pixels: [UInt8](repeating: 128, count: width * height * 3), subDirectories: subDirectories)
        }
    }

    public static func file(_ first: Directory) -> [UInt8] {
        file(pages: [first])
    }

    /// A file of several pages: the main chain of directories, in order.
    public static func file(pages: [Directory]) -> [UInt8] {
        var out: [UInt8] = Array("II*\0".utf8) + [0, 0, 0, 0]
        // Where the offset of the next page goes: the header's, then each page's "next".
        var link = 4
        for page in pages {
            let offset = Int(write(page, into: &out))
            out.replaceSubrange(link..<(link + 4), with: little32(UInt32(offset)))
            link = offset + 2 + 12 * (Int(out[offset]) | Int(out[offset + 1]) << 8)
        }
        return out
    }

    /// Writes a directory (and what it points to) at the end of `out`; returns its offset.
    private static func write(_ directory: Directory, into out: inout [UInt8]) -> UInt32 {
        var tags = directory.tags
        // Pixels and sub-directories go first, so the directory can point to them.
        if let pixels = directory.pixels {
            tags.append(Tag(273, 4, [UInt32(out.count)]))
            out += pixels
        }
        if !directory.subDirectories.isEmpty {
            let offsets = directory.subDirectories.map { write($0, into: &out) }
            tags.append(Tag(330, 4, offsets))
        }
        tags.sort { $0.tag < $1.tag }
        if out.count % 2 == 1 { out.append(0) }
        let start = UInt32(out.count)
        let valuesStart = Int(start) + 2 + 12 * tags.count + 4
        var entries: [UInt8] = little16(UInt16(tags.count))
        var values: [UInt8] = []
        for tag in tags {
            let bytes = tag.values.flatMap { value -> [UInt8] in
                switch tag.type {
                case 3: little16(UInt16(value))
                case 4: little32(value)
                default: [UInt8(value)]
                }
            }
            entries += little16(tag.tag) + little16(tag.type) + little32(UInt32(tag.values.count))
            if bytes.count <= 4 {
                entries += bytes + [UInt8](repeating: 0, count: 4 - bytes.count)
            } else {
                entries += little32(UInt32(valuesStart + values.count))
                values += bytes
                if values.count % 2 == 1 { values.append(0) }
            }
        }
        out += entries + little32(0) + values
        return start
    }

    private static func little16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func little32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
}

/// Maker notes as cameras write them (little-endian, as `ExifBlock` writes its block), each
/// with one entry whose value fits in the entry itself, so no offset depends on where the
/// note lands.
public enum MakerNotes {
    /// Canon: a bare directory; tag 0x000C is the body's serial number, one 32-bit number.
    public static func canon(serial: UInt32) -> [UInt8] {
        directory(tag: 0x000C, type: 4, count: 1, value: withUnsafeBytes(of: serial.littleEndian, Array.init))
    }

    /// Panasonic: a header libexif does not know, then a directory with the internal serial.
    public static func panasonic() -> [UInt8] {
        Array("Panasonic\0\0\0".utf8) + directory(tag: 0x0025, type: 7, count: 4, value: Array("S010".utf8))
    }

    /// Pentax (and Ricoh's Pentax cameras): "AOC", the byte order, then a directory with the
    /// serial number (0x0229) in at most three characters, so that it fits in the entry.
    public static func pentax(serial: String) -> [UInt8] {
        Array("AOC\0II".utf8) + directory(tag: 0x0229, type: 2, count: 4, value: Array(serial.utf8.prefix(3)) + [0])
    }

    /// Newer Olympus cameras: a directory pointing to the "Equipment" section (0x2010), where
    /// they keep the serial number.
    public static func olympusWithEquipment() -> [UInt8] {
        Array("OLYMPUS\0II".utf8) + [0x03, 0x00] + directory(tag: 0x2010, type: 4, count: 1, value: [0x40, 0, 0, 0])
    }

    private static func directory(tag: UInt16, type: UInt16, count: UInt32, value: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [1, 0]
        bytes += withUnsafeBytes(of: tag.littleEndian, Array.init) + withUnsafeBytes(of: type.littleEndian, Array.init)
        bytes += withUnsafeBytes(of: count.littleEndian, Array.init) + value + [UInt8](repeating: 0, count: max(0, 4 - value.count))
        return bytes + [0, 0, 0, 0]
    }
}
