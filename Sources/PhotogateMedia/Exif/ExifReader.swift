import Foundation
import CExif
import PhotogateCore

/// What an EXIF block says about where, when and with what a photo was taken.
public struct ExifFacts: Sendable, Equatable {
    public var orientation: Orientation?
    public var gps: GeoPoint?
    /// True when the block has a GPS directory at all, even without coordinates.
    public var hasGPS = false
    public var make: String?
    public var model: String?
    public var serial: String?
    public var capturedAt: String?
    public var hasMakerNote = false
    /// True when the maker note is there but libexif cannot decode it, or not the part where
    /// the maker keeps serial numbers: a serial may hide in it.
    public var makerNoteUndecoded = false
    public var hasThumbnail = false
    /// XMP packets stored in the EXIF block itself (tag 700, XMLPacket), as some writers do:
    /// in the main directory, or in the Exif or thumbnail directory, where ExifTool reads them too.
    public var xmpPackets: [ExifXMP] = []

    public init() {}

    /// True when the block says anything about the camera, the place or the time.
    public var describesCapture: Bool {
        hasGPS || make != nil || model != nil || serial != nil || capturedAt != nil || hasMakerNote || hasThumbnail
    }
}

/// An XMP packet found in an EXIF block, and whether in its main directory (which, in a TIFF
/// file, is the page the container walk reads itself).
public struct ExifXMP: Sendable, Equatable {
    public var inMainDirectory: Bool
    public var packet: XMPPacket
}

/// Reads an EXIF block with libexif, keeping tags libexif does not know (serial numbers in
/// newer tags) and never "repairing" the data it reads.
public enum ExifReader {
    private static let exifHeader: [UInt8] = Array("Exif\0\0".utf8)

    /// Accepts the block with its `Exif\0\0` header (JPEG APP1), or a bare TIFF structure
    /// (PNG `eXIf`, WebP, HEIF, or a whole TIFF file). Returns `nil` when nothing is readable.
    public static func read(_ block: [UInt8]) -> ExifFacts? {
        let bytes = normalised(block)
        guard bytes.count > exifHeader.count + 8, let data = exif_data_new() else { return nil }
        defer { exif_data_unref(data) }
        exif_data_unset_option(data, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        bytes.withUnsafeBufferPointer { exif_data_load_data(data, $0.baseAddress, UInt32(min($0.count, Int(UInt32.max)))) }
        let reader = Directories(data: data)
        guard reader.entryCount > 0 || data.pointee.size > 0 else { return nil }
        return reader.facts()
    }

    /// True when libexif finds any EXIF in a whole file (a JPEG is searched for its APP1).
    public static func fileHasExif(_ file: [UInt8]) -> Bool {
        guard let data = file.withUnsafeBufferPointer({ exif_data_new_from_data($0.baseAddress, UInt32($0.count)) }) else {
            return false
        }
        defer { exif_data_unref(data) }
        return Directories(data: data).entryCount > 0 || data.pointee.size > 0
    }

    /// libexif prints Canon's serial (one 32-bit number) as `XXXX-NNNNN`, hexadecimal high
    /// half then decimal low half, which is how only the EOS D30 shows it; every other Canon
    /// shows the number in ten decimal digits, as on its body.
    static func canonSerial(_ value: String, make: String, model: String?) -> String {
        let parts = value.split(separator: "-")
        guard make.lowercased().contains("canon"), !(model ?? "").contains("EOS D30"), parts.count == 2, parts[0].count == 4, parts[1].count == 5,
              let high = UInt32(parts[0], radix: 16), let low = UInt32(parts[1]), low <= 0xFFFF else { return value }
        return String(format: "%010u", high << 16 | low)
    }

    private static func normalised(_ block: [UInt8]) -> [UInt8] {
        if block.starts(with: exifHeader) { return block }
        if block.starts(with: [0x49, 0x49, 0x2A, 0x00]) || block.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return exifHeader + block
        }
        // HEIF stores a 4-byte offset to the TIFF header before it.
        if block.count > 10, let tiff = block.firstRange(of: [0x4D, 0x4D, 0x00, 0x2A]) ?? block.firstRange(of: [0x49, 0x49, 0x2A, 0x00]),
           tiff.lowerBound <= 10 {
            return exifHeader + block[tiff.lowerBound...]
        }
        return block
    }
}

/// The five directories of a loaded EXIF block and typed reads of their entries.
private struct Directories {
    let data: UnsafeMutablePointer<ExifData>
    let order: ExifByteOrder

    init(data: UnsafeMutablePointer<ExifData>) {
        self.data = data
        order = exif_data_get_byte_order(data)
    }

    func content(_ ifd: ExifIfd) -> UnsafeMutablePointer<ExifContent>? {
        withUnsafeBytes(of: data.pointee.ifd) { raw in
            raw.bindMemory(to: UnsafeMutablePointer<ExifContent>?.self)[Int(ifd.rawValue)]
        }
    }

    var entryCount: Int {
        (0..<Int(EXIF_IFD_COUNT.rawValue)).reduce(0) { $0 + Int(content(ExifIfd(UInt32($1)))?.pointee.count ?? 0) }
    }

    func entry(_ ifd: ExifIfd, _ tag: UInt32) -> UnsafeMutablePointer<ExifEntry>? {
        guard let content = content(ifd) else { return nil }
        return exif_content_get_entry(content, ExifTag(tag))
    }

    func text(_ ifd: ExifIfd, _ tag: UInt32) -> String? {
        guard let entry = entry(ifd, tag), let bytes = entry.pointee.data, entry.pointee.size > 0 else { return nil }
        let raw = UnsafeBufferPointer(start: bytes, count: Int(entry.pointee.size))
        let end = raw.firstIndex(of: 0) ?? raw.count
        let value = String(decoding: raw[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    func short(_ ifd: ExifIfd, _ tag: UInt32) -> Int? {
        guard let entry = entry(ifd, tag), let bytes = entry.pointee.data, entry.pointee.size >= 2,
              entry.pointee.format == EXIF_FORMAT_SHORT else { return nil }
        return Int(exif_get_short(bytes, order))
    }

    func rationals(_ ifd: ExifIfd, _ tag: UInt32, count: Int) -> [Double]? {
        guard let entry = entry(ifd, tag), let bytes = entry.pointee.data, entry.pointee.format == EXIF_FORMAT_RATIONAL,
              Int(entry.pointee.components) >= count, Int(entry.pointee.size) >= 8 * count else { return nil }
        return (0..<count).map { index in
            let value = exif_get_rational(bytes + 8 * index, order)
            return value.denominator == 0 ? .nan : Double(value.numerator) / Double(value.denominator)
        }
    }

    func coordinate(_ valueTag: UInt32, _ referenceTag: UInt32) -> Double? {
        guard let dms = rationals(EXIF_IFD_GPS, valueTag, count: 3), dms.allSatisfy(\.isFinite) else { return nil }
        return GeoPoint.degrees(dms[0], dms[1], dms[2], reference: text(EXIF_IFD_GPS, referenceTag) ?? "")
    }

    /// The camera's serial number from the maker note, as libexif decodes it, and whether
    /// libexif decoded the maker note where its maker keeps the serial (`false`: it may hold
    /// one nobody has read).
    func makerNoteSerial(make: String?, model: String?) -> (serial: String?, decoded: Bool) {
        guard let note = exif_data_get_mnote_data(data) else { return (nil, false) }
        let maker = make?.lowercased() ?? ""
        var decoded = true
        for index in 0..<exif_mnote_data_count(note) {
            let id = exif_mnote_data_get_id(note, index)
            let name = exif_mnote_data_get_name(note, index).map { String(cString: $0).lowercased() } ?? ""
            // Newer Olympus cameras keep the serial in an "Equipment" section (0x2010) that
            // libexif lists but does not open.
            if id == 0x2010 { decoded = false }
            let isSerial = name.contains("serial") && !["lens", "flash", "extender", "format"].contains { name.contains($0) }
            // libexif knows Pentax's serial (0x0229) only by number, offset by its Pentax base.
            let isPentaxSerial = id == 0x4229 && ["pentax", "asahi", "ricoh imaging"].contains { maker.contains($0) }
            guard isSerial || isPentaxSerial else { continue }
            var buffer = [CChar](repeating: 0, count: 256)
            guard exif_mnote_data_get_value(note, index, &buffer, UInt32(buffer.count)) != nil else { continue }
            let value = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty, value != "0" { return (ExifReader.canonSerial(value, make: maker, model: model), true) }
        }
        return (nil, decoded)
    }

    func facts() -> ExifFacts {
        var facts = ExifFacts()
        facts.orientation = short(EXIF_IFD_0, 0x0112).map(Orientation.init(exifValue:))
        facts.make = text(EXIF_IFD_0, 0x010F)
        facts.model = text(EXIF_IFD_0, 0x0110)
        facts.serial = text(EXIF_IFD_EXIF, 0xA431) ?? text(EXIF_IFD_0, 0xC62F)
        let taken = text(EXIF_IFD_EXIF, 0x9003) ?? text(EXIF_IFD_EXIF, 0x9004) ?? text(EXIF_IFD_0, 0x0132)
        facts.capturedAt = taken.flatMap { ExifDateTime.iso8601($0, offset: text(EXIF_IFD_EXIF, 0x9011)) }
        facts.hasGPS = (content(EXIF_IFD_GPS)?.pointee.count ?? 0) > 0
        if let lat = coordinate(0x0002, 0x0001), let lon = coordinate(0x0004, 0x0003) {
            let point = GeoPoint(lat: lat, lon: lon)
            facts.gps = point.isValid ? point : nil
        }
        facts.hasMakerNote = entry(EXIF_IFD_EXIF, 0x927C) != nil
        if facts.hasMakerNote {
            let (serial, decoded) = makerNoteSerial(make: facts.make, model: facts.model)
            facts.serial = facts.serial ?? serial
            facts.makerNoteUndecoded = facts.serial == nil && !decoded
        }
        facts.hasThumbnail = data.pointee.data != nil && data.pointee.size > 0
        let directories = [(EXIF_IFD_0, ""), (EXIF_IFD_EXIF, " (in its Exif directory)"), (EXIF_IFD_1, " (in its thumbnail directory)"),
                           (EXIF_IFD_GPS, " (in its GPS directory)"), (EXIF_IFD_INTEROPERABILITY, " (in its interoperability directory)")]
        for (ifd, place) in directories {
            guard let packet = entry(ifd, 0x02BC), let bytes = packet.pointee.data, packet.pointee.size > 0 else { continue }
            let xmp = XMPPacket(source: "the XMP in the photo's EXIF\(place)", bytes: Array(UnsafeBufferPointer(start: bytes, count: Int(packet.pointee.size))))
            facts.xmpPackets.append(ExifXMP(inMainDirectory: ifd == EXIF_IFD_0, packet: xmp))
        }
        return facts
    }
}
