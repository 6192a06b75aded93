import PhotogateCore

/// Finds what a HEIF file carries besides its primary image, from the item boxes of its
/// `meta` box: EXIF and XMP items, thumbnails (`thmb` references) and auxiliary images such
/// as depth maps (`auxl`). The EXIF and XMP bytes themselves are taken from the decoder.
enum HEIFMetadataScanner {
    static func scan(_ bytes: [UInt8]) -> ContainerMetadata {
        var metadata = ContainerMetadata()
        // `meta` is a full box: four bytes of version and flags before its children.
        guard let meta = ISOBox.children(of: bytes, in: 0..<bytes.count).first(where: { $0.type == "meta" }),
              let inner = meta.payload.dropping(4) else {
            return metadata
        }
        for box in ISOBox.children(of: bytes, in: inner) {
            switch box.type {
            case "iinf": metadata.found.formUnion(itemKinds(bytes, box))
            case "iref": metadata.found.formUnion(referenceKinds(bytes, box))
            default: continue
            }
        }
        return metadata
    }

    private static func itemKinds(_ bytes: [UInt8], _ iinf: ISOBox) -> Set<MetadataKind> {
        var kinds: Set<MetadataKind> = []
        guard let version = iinf.payload.first.map({ bytes[$0] }),
              let entries = iinf.payload.dropping(4 + (version == 0 ? 2 : 4)) else { return kinds }
        for infe in ISOBox.children(of: bytes, in: entries) where infe.type == "infe" {
            let p = infe.payload.lowerBound
            guard infe.payload.count >= 1 else { continue }
            let infeVersion = bytes[p]
            guard infeVersion >= 2 else { continue }
            let typeOffset = p + 4 + (infeVersion == 2 ? 2 : 4) + 2
            guard typeOffset + 4 <= infe.payload.upperBound else { continue }
            let itemType = String(decoding: bytes[typeOffset..<(typeOffset + 4)], as: UTF8.self)
            switch itemType {
            case "Exif": kinds.insert(.exif)
            case "mime":
                let rest = Array(bytes[(typeOffset + 4)..<infe.payload.upperBound])
                let nameEnd = rest.firstIndex(of: 0) ?? rest.count
                let contentType = nameEnd < rest.count ? rest[(nameEnd + 1)...].prefix { $0 != 0 } : []
                kinds.insert(String(decoding: contentType, as: UTF8.self).contains("rdf+xml") ? .xmp : .other)
            default: continue
            }
        }
        return kinds
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
