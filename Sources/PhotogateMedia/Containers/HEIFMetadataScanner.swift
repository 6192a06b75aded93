import PhotogateCore

/// Finds what a HEIF file carries besides its primary image, from the item boxes of its
/// `meta` box: EXIF and XMP items, thumbnails (`thmb` references) and auxiliary images such
/// as depth maps (`auxl`). XMP items are read here, each of them, from where the item
/// location box (`iloc`) says they are; the EXIF bytes are taken from the decoder.
enum HEIFMetadataScanner {
    /// How many XMP items are read. Items may share their bytes, so a small file of thousands
    /// of them would take hours and all the memory there is; real files have one. Any beyond
    /// are reported unreadable. What the compressed ones may unpack to is the photo's
    /// `UnpackBudget`.
    static let maxXMPItems = 8

    static func scan(_ bytes: [UInt8], budget: inout UnpackBudget) -> ContainerMetadata {
        var metadata = ContainerMetadata()
        // `meta` is a full box: four bytes of version and flags before its children.
        guard let meta = ISOBox.children(of: bytes, in: 0..<bytes.count).first(where: { $0.type == "meta" }),
              let inner = meta.payload.dropping(4) else {
            return metadata
        }
        var xmpItems: [(id: Int, encoding: String)] = []
        var locations: [Int: ItemLocation] = [:]
        var itemData: Range<Int>?
        var primary: Int?
        var properties: ISOBox?
        for box in ISOBox.children(of: bytes, in: inner) {
            switch box.type {
            case "pitm":
                // A full box: version 0 has a 16-bit item id, later versions a 32-bit one.
                var reader = FieldReader(bytes: bytes, position: box.payload.lowerBound, end: box.payload.upperBound)
                if let version = reader.read(1), reader.read(3) != nil { primary = reader.read(version == 0 ? 2 : 4) }
            case "iprp": properties = box
            case "iinf":
                let items = itemKinds(bytes, box)
                metadata.found.formUnion(items.found)
                xmpItems += items.xmp
            case "iref": metadata.found.formUnion(referenceKinds(bytes, box))
            case "iloc": locations = ItemLocation.read(bytes, box)
            case "idat": itemData = box.payload
            default: continue
            }
        }
        if let primary, let properties {
            metadata.transform = transform(of: primary, bytes, properties)
        }
        if xmpItems.count > maxXMPItems {
            metadata.unreadable.append("\(ContainerMetadata.xmpSource) is in \(xmpItems.count) items, more than the \(maxXMPItems) Photogate reads")
        }
        for item in xmpItems.prefix(maxXMPItems) {
            let source = ContainerMetadata.xmpSource
            guard let location = locations[item.id], let packet = location.bytes(in: bytes, itemData: itemData) else {
                metadata.unreadable.append("\(source) could not be found in the file")
                continue
            }
            switch item.encoding {
            case "":
                metadata.xmpPackets.append(XMPPacket(source: source, bytes: packet))
            case "deflate":
                do throws(UnpackBudget.Refusal) {
                    metadata.xmpPackets.append(XMPPacket(source: source, bytes: try budget.inflate(packet[...])))
                } catch {
                    metadata.unreadable.append("\(source) (compressed) \(error.description)")
                }
            default:
                metadata.unreadable.append("\(source) is stored in a way Photogate cannot read")
            }
        }
        return metadata
    }

    /// The kinds of the items, and the id and content encoding of each XMP item.
    private static func itemKinds(_ bytes: [UInt8], _ iinf: ISOBox) -> (found: Set<MetadataKind>, xmp: [(id: Int, encoding: String)]) {
        var kinds: Set<MetadataKind> = []
        var xmp: [(id: Int, encoding: String)] = []
        guard let version = iinf.payload.first.map({ bytes[$0] }),
              let entries = iinf.payload.dropping(4 + (version == 0 ? 2 : 4)) else { return (kinds, xmp) }
        /// An item described by its name, content type and content encoding (NUL-ended).
        func mimeItem(id: Int, fields bytes: ArraySlice<UInt8>) {
            let fields = bytes.split(separator: 0, omittingEmptySubsequences: false)
            let contentType = fields.count > 1 ? String(decoding: fields[1], as: UTF8.self) : ""
            if contentType.contains("rdf+xml") {
                kinds.insert(.xmp)
                xmp.append((id, fields.count > 2 ? String(decoding: fields[2], as: UTF8.self).lowercased() : ""))
            } else {
                kinds.insert(.other)
            }
        }
        for infe in ISOBox.children(of: bytes, in: entries) where infe.type == "infe" {
            let p = infe.payload.lowerBound
            guard infe.payload.count >= 1 else { continue }
            let infeVersion = bytes[p]
            guard infeVersion >= 2 else {
                // Versions 0 and 1 have no item type: an id, a protection index, then the
                // name, content type and content encoding, each ending with a NUL. ExifTool
                // reads an XMP item by its content type, so it is read here too.
                guard let id = bytes.uint16BE(at: p + 4), p + 8 <= infe.payload.upperBound else { continue }
                mimeItem(id: id, fields: bytes[(p + 8)..<infe.payload.upperBound])
                continue
            }
            let idSize = infeVersion == 2 ? 2 : 4
            let typeOffset = p + 4 + idSize + 2
            guard typeOffset + 4 <= infe.payload.upperBound,
                  let id = idSize == 2 ? bytes.uint16BE(at: p + 4) : bytes.uint32BE(at: p + 4) else { continue }
            let itemType = String(decoding: bytes[typeOffset..<(typeOffset + 4)], as: UTF8.self)
            switch itemType {
            case "Exif": kinds.insert(.exif)
            case "mime":
                // Name, content type and content encoding, each ending with a NUL.
                mimeItem(id: id, fields: bytes[(typeOffset + 4)..<infe.payload.upperBound])
            default: continue
            }
        }
        return (kinds, xmp)
    }

    /// How the primary image is turned and mirrored to be shown (its `irot` and `imir`
    /// properties, in the order they are listed for it), or `nil` when it is not.
    private static func transform(of item: Int, _ bytes: [UInt8], _ iprp: ISOBox) -> Orientation? {
        let boxes = ISOBox.children(of: bytes, in: iprp.payload)
        guard let container = boxes.first(where: { $0.type == "ipco" }) else { return nil }
        let properties = ISOBox.children(of: bytes, in: container.payload)
        var steps: [Orientation] = []
        for ipma in boxes where ipma.type == "ipma" {
            // Version and flags, a count of items, then for each: its id (16 bits in version
            // 0, else 32), a count of properties and each property's 1-based index (7 bits,
            // or 15 when flag 1 is set; the top bit says whether it is essential).
            var reader = FieldReader(bytes: bytes, position: ipma.payload.lowerBound, end: ipma.payload.upperBound)
            guard let version = reader.read(1), let flags = reader.read(3), let count = reader.read(4) else { continue }
            let wide = flags & 1 == 1
            for _ in 0..<min(count, ipma.payload.count) {
                guard let id = reader.read(version < 1 ? 2 : 4), let associations = reader.read(1) else { break }
                for _ in 0..<associations {
                    guard let entry = reader.read(wide ? 2 : 1) else { break }
                    let index = entry & (wide ? 0x7FFF : 0x7F)
                    guard id == item, index >= 1, index <= properties.count else { continue }
                    let property = properties[index - 1]
                    guard let value = property.payload.first.map({ bytes[$0] }) else { continue }
                    switch property.type {
                    // Anticlockwise, in quarter turns.
                    case "irot": steps.append([Orientation.up, .left, .down, .right][Int(value & 3)])
                    // 0: about the vertical axis (left and right trade places); 1: the horizontal one.
                    case "imir": steps.append(value & 1 == 0 ? .upMirrored : .downMirrored)
                    default: continue
                    }
                }
            }
        }
        return steps.isEmpty ? nil : steps.reduce(Orientation.up) { $0.then($1) }
    }

    private static func referenceKinds(_ bytes: [UInt8], _ iref: ISOBox) -> Set<MetadataKind> {
        var kinds: Set<MetadataKind> = []
        guard let references = iref.payload.dropping(4) else { return kinds }
        for reference in ISOBox.children(of: bytes, in: references) {
            switch reference.type {
            case "thmb": kinds.insert(.thumbnail)
            case "auxl": kinds.insert(.other)
            default: continue
            }
        }
        return kinds
    }
}

/// Where an item's bytes are, from the item location box: extents in the file, or in the
/// `idat` box of `meta`.
struct ItemLocation {
    var inItemData: Bool
    var extents: [(offset: Int, length: Int)]

    /// The item's bytes, joined from its extents; `nil` when they lie outside the file or
    /// exceed the size of an XMP packet.
    func bytes(in file: [UInt8], itemData: Range<Int>?) -> [UInt8]? {
        let base: Range<Int>
        if inItemData {
            guard let itemData else { return nil }
            base = itemData
        } else {
            base = 0..<file.count
        }
        var result: [UInt8] = []
        for extent in extents {
            // Offsets and lengths are the file's word: each is checked against what is there
            // before anything is added to it, so no sum can overflow.
            guard extent.offset <= base.count else { return nil }
            let start = base.lowerBound + extent.offset
            // A length of 0 means "to the end".
            let length = extent.length == 0 ? base.upperBound - start : extent.length
            guard length <= base.upperBound - start, result.count + length <= XMPReader.maxPacketBytes else { return nil }
            result += file[start..<(start + length)]
        }
        return result
    }

    /// Every item's location, by id. Items built from other items (construction method 2)
    /// are left out, so they are reported as not found.
    static func read(_ bytes: [UInt8], _ iloc: ISOBox) -> [Int: ItemLocation] {
        var reader = FieldReader(bytes: bytes, position: iloc.payload.lowerBound, end: iloc.payload.upperBound)
        var locations: [Int: ItemLocation] = [:]
        guard let version = reader.read(1), reader.read(3) != nil, let sizes = reader.read(2) else { return locations }
        let offsetSize = sizes >> 12, lengthSize = (sizes >> 8) & 0xF, baseOffsetSize = (sizes >> 4) & 0xF
        let indexSize = version >= 1 ? sizes & 0xF : 0
        guard let itemCount = reader.read(version < 2 ? 2 : 4) else { return locations }
        // Extents may take no bytes at all (every size 0), so their number is capped.
        var extentBudget = 65_536
        for _ in 0..<min(itemCount, 65_536) {
            guard let id = reader.read(version < 2 ? 2 : 4) else { break }
            var method = 0
            if version >= 1 {
                guard let field = reader.read(2) else { break }
                method = field & 0xF
            }
            guard reader.read(2) != nil, let baseOffset = reader.read(baseOffsetSize), let extentCount = reader.read(2),
                  extentCount <= extentBudget else { break }
            extentBudget -= extentCount
            var extents: [(offset: Int, length: Int)] = []
            for _ in 0..<extentCount {
                guard reader.read(indexSize) != nil, let offset = reader.read(offsetSize), let length = reader.read(lengthSize) else {
                    return locations
                }
                // A base offset and an offset that add up past what a number holds point
                // past the end of any file.
                let start = baseOffset.addingReportingOverflow(offset)
                extents.append((start.overflow ? .max : start.partialValue, length))
            }
            if method <= 1 { locations[id] = ItemLocation(inItemData: method == 1, extents: extents) }
        }
        return locations
    }
}

/// Reads big-endian fields of 0, 1, 2, 3, 4 or 8 bytes within a range; `nil` past its end.
struct FieldReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    mutating func read(_ size: Int) -> Int? {
        guard [0, 1, 2, 3, 4, 8].contains(size), position + size <= end, position + size <= bytes.count else { return nil }
        var value = 0
        for index in position..<(position + size) {
            // An 8-byte field beyond what Int holds is no real offset: refuse it.
            guard value <= Int.max >> 8 else { return nil }
            value = value << 8 | Int(bytes[index])
        }
        position += size
        return value
    }
}

extension Range where Bound == Int {
    /// The range without its first `count` elements, or `nil` when it is shorter than that.
    func dropping(_ count: Int) -> Range<Int>? {
        self.count >= count ? (lowerBound + count)..<upperBound : nil
    }
}

/// One ISO base media file format box (the container of HEIF): a type and its payload.
struct ISOBox {
    var type: String
    var payload: Range<Int>

    /// The boxes laid end to end within `range`; stops at the first malformed size.
    static func children(of bytes: [UInt8], in range: Range<Int>) -> [ISOBox] {
        var boxes: [ISOBox] = []
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound, let size32 = bytes.uint32BE(at: offset) {
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            var header = 8
            var size = size32
            if size32 == 1 {
                guard let high = bytes.uint32BE(at: offset + 8), let low = bytes.uint32BE(at: offset + 12), high == 0 else { break }
                size = low
                header = 16
            } else if size32 == 0 {
                size = range.upperBound - offset
            }
            guard size >= header, offset + size <= range.upperBound else { break }
            boxes.append(ISOBox(type: type, payload: (offset + header)..<(offset + size)))
            offset += size
        }
        return boxes
    }
}
