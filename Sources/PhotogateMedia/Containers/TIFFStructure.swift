/// The image file directories (IFDs) of a TIFF structure, read without decoding anything:
/// which tags each directory has and where their values lie. Every read is bounds-checked,
/// and loops and sizes are capped, so a hostile file is a short walk, never a crash.
struct TIFFStructure {
    /// One tag of a directory: its type, how many values, and where the value bytes are.
    struct Entry {
        var tag: Int
        var type: Int
        var count: Int
        /// The value bytes, inside the file (`nil` when they would lie outside it).
        var data: Range<Int>?
    }

    typealias Directory = [Int: Entry]

    let bytes: [UInt8]
    let littleEndian: Bool
    let firstDirectory: Int

    static let maxDirectories = 64
    static let maxEntries = 4096

    /// `nil` unless the bytes start with a TIFF header (`II*\0` or `MM\0*`).
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 8 else { return nil }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) {
            littleEndian = true
        } else if bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            littleEndian = false
        } else {
            return nil
        }
        self.bytes = bytes
        firstDirectory = littleEndian ? bytes.uint32LE(at: 4)! : bytes.uint32BE(at: 4)!
    }

    func u16(at offset: Int) -> Int? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return littleEndian ? Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 : Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    func u32(at offset: Int) -> Int? {
        littleEndian ? bytes.uint32LE(at: offset) : bytes.uint32BE(at: offset)
    }

    /// The directory at `offset`, and the offset of the next one in its chain (0 at the end).
    func directory(at offset: Int) -> (Directory, next: Int)? {
        guard offset >= 8, let count = u16(at: offset), count <= Self.maxEntries else { return nil }
        var entries: Directory = [:]
        for index in 0..<count {
            let at = offset + 2 + 12 * index
            guard let tag = u16(at: at), let type = u16(at: at + 2), let valueCount = u32(at: at + 4) else { return nil }
            let size = Self.typeSize(type).map { $0.multipliedReportingOverflow(by: valueCount) }
            var data: Range<Int>?
            if let size, !size.overflow {
                let start = size.partialValue <= 4 ? at + 8 : u32(at: at + 8)
                if let start, start + size.partialValue <= bytes.count { data = start..<(start + size.partialValue) }
            }
            entries[tag] = Entry(tag: tag, type: type, count: valueCount, data: data)
        }
        return (entries, u32(at: offset + 2 + 12 * count) ?? 0)
    }

    /// The main chain of directories (the pages), at most `maxDirectories`, never looping.
    var pages: [Directory] {
        var result: [Directory] = []
        var seen = Set<Int>()
        var offset = firstDirectory
        while offset != 0, result.count < Self.maxDirectories, seen.insert(offset).inserted, let (directory, next) = directory(at: offset) {
            result.append(directory)
            offset = next
        }
        return result
    }

    /// The directories an entry points to (SubIFDs, the EXIF directory...).
    func directories(pointedToBy entry: Entry?) -> [Directory] {
        guard let entry else { return [] }
        return numbers(entry).prefix(Self.maxDirectories).compactMap { directory(at: $0)?.0 }
    }

    /// The values of a BYTE, SHORT, LONG or IFD entry, at most 4096 of them.
    func numbers(_ entry: Entry?) -> [Int] {
        guard let entry, let data = entry.data else { return [] }
        switch entry.type {
        case 1, 7: return data.prefix(Self.maxEntries).map { Int(bytes[$0]) }
        case 3: return stride(from: data.lowerBound, to: data.upperBound, by: 2).prefix(Self.maxEntries).compactMap { u16(at: $0) }
        case 4, 13: return stride(from: data.lowerBound, to: data.upperBound, by: 4).prefix(Self.maxEntries).compactMap { u32(at: $0) }
        default: return []
        }
    }

    /// The raw value bytes of an entry.
    func data(_ entry: Entry?) -> ArraySlice<UInt8>? {
        entry?.data.map { bytes[$0] }
    }

    /// Bytes per value of each TIFF type; `nil` for types this reader does not know.
    private static func typeSize(_ type: Int) -> Int? {
        switch type {
        case 1, 2, 6, 7: 1
        case 3, 8: 2
        case 4, 9, 11, 13: 4
        case 5, 10, 12: 8
        default: nil
        }
    }
}

/// Tags this module reads from TIFF directories.
enum TIFFTag {
    static let newSubfileType = 0x00FE
    static let imageWidth = 0x0100
    static let imageLength = 0x0101
    static let photometric = 0x0106
    static let make = 0x010F
    static let subIFDs = 0x014A
    static let xmp = 0x02BC
    static let iptc = 0x83BB
    static let photoshop = 0x8649
    static let exifIFD = 0x8769
    static let icc = 0x8773
    static let makerNote = 0x927C
    static let dngVersion = 0xC612
}
