import CExif
import Foundation

/// Writes an EXIF block with libexif, as a camera would: IFD0 tags, EXIF and GPS
/// directories, a maker note and an IFD1 thumbnail.
public struct ExifBlock {
    public var make: String?
    public var model: String?
    public var serial: String?
    public var dateTimeOriginal: String?
    public var orientation: Int?
    /// Degrees; negative is south or west.
    public var latitude: Double?
    public var longitude: Double?
    public var makerNote: [UInt8]?
    public var thumbnailJPEG: [UInt8]?
    /// XMP packets (tag 700) and the directory each is written in.
    public var xmp: [(directory: Directory, packet: [UInt8])] = []

    public enum Directory: Sendable, CaseIterable {
        case main, exif, thumbnail

        var ifd: ExifIfd {
            switch self {
            case .main: EXIF_IFD_0
            case .exif: EXIF_IFD_EXIF
            case .thumbnail: EXIF_IFD_1
            }
        }
    }

    public init() {}

    /// The block with its `Exif\0\0` header, ready for an APP1 segment.
    public func bytes() -> [UInt8] {
        let data = exif_data_new()!
        defer { exif_data_unref(data) }
        exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL)
        exif_data_set_data_type(data, EXIF_DATA_TYPE_COMPRESSED)
        exif_data_unset_option(data, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        if let make { ascii(data, EXIF_IFD_0, 0x010F, make) }
        if let model { ascii(data, EXIF_IFD_0, 0x0110, model) }
        if let orientation { short(data, EXIF_IFD_0, 0x0112, UInt16(orientation)) }
        if let dateTimeOriginal { ascii(data, EXIF_IFD_EXIF, 0x9003, dateTimeOriginal) }
        if let serial { ascii(data, EXIF_IFD_EXIF, 0xA431, serial) }
        if let makerNote { raw(data, EXIF_IFD_EXIF, 0x927C, EXIF_FORMAT_UNDEFINED, makerNote, components: makerNote.count) }
        if let latitude, let longitude {
            raw(data, EXIF_IFD_GPS, 0x0000, EXIF_FORMAT_BYTE, [2, 3, 0, 0], components: 4)
            ascii(data, EXIF_IFD_GPS, 0x0001, latitude < 0 ? "S" : "N")
            rationals(data, EXIF_IFD_GPS, 0x0002, dms(abs(latitude)))
            ascii(data, EXIF_IFD_GPS, 0x0003, longitude < 0 ? "W" : "E")
            rationals(data, EXIF_IFD_GPS, 0x0004, dms(abs(longitude)))
        }
        for (directory, packet) in xmp { raw(data, directory.ifd, 0x02BC, EXIF_FORMAT_BYTE, packet, components: packet.count) }
        if let thumbnailJPEG {
            let memory = malloc(thumbnailJPEG.count)!
            thumbnailJPEG.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            data.pointee.data = memory.assumingMemoryBound(to: UInt8.self)
            data.pointee.size = UInt32(thumbnailJPEG.count)
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length: UInt32 = 0
        exif_data_save_data(data, &output, &length)
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }

    private func dms(_ value: Double) -> [(UInt32, UInt32)] {
        let degrees = floor(value)
        let minutes = floor((value - degrees) * 60)
        let seconds = ((value - degrees) * 60 - minutes) * 60
        return [(UInt32(degrees), 1), (UInt32(minutes), 1), (UInt32((seconds * 10000).rounded()), 10000)]
    }

    private func content(_ data: UnsafeMutablePointer<ExifData>, _ ifd: ExifIfd) -> UnsafeMutablePointer<ExifContent> {
        withUnsafeBytes(of: data.pointee.ifd) { $0.bindMemory(to: UnsafeMutablePointer<ExifContent>.self)[Int(ifd.rawValue)] }
    }

    private func raw(_ data: UnsafeMutablePointer<ExifData>, _ ifd: ExifIfd, _ tag: UInt32, _ format: ExifFormat, _ bytes: [UInt8], components: Int) {
        let entry = exif_entry_new()!
        defer { exif_entry_unref(entry) }
        entry.pointee.tag = ExifTag(tag)
        entry.pointee.format = format
        entry.pointee.components = UInt(components)
        entry.pointee.size = UInt32(bytes.count)
        let memory = malloc(max(1, bytes.count))!.assumingMemoryBound(to: UInt8.self)
        memory.initialize(from: bytes, count: bytes.count)
        entry.pointee.data = memory
        exif_content_add_entry(content(data, ifd), entry)
    }

    private func ascii(_ data: UnsafeMutablePointer<ExifData>, _ ifd: ExifIfd, _ tag: UInt32, _ text: String) {
        let bytes = Array(text.utf8) + [0]
        raw(data, ifd, tag, EXIF_FORMAT_ASCII, bytes, components: bytes.count)
    }

    private func short(_ data: UnsafeMutablePointer<ExifData>, _ ifd: ExifIfd, _ tag: UInt32, _ value: UInt16) {
        raw(data, ifd, tag, EXIF_FORMAT_SHORT, [UInt8(value & 0xFF), UInt8(value >> 8)], components: 1)
    }

    private func rationals(_ data: UnsafeMutablePointer<ExifData>, _ ifd: ExifIfd, _ tag: UInt32, _ values: [(UInt32, UInt32)]) {
        var bytes: [UInt8] = []
        for (numerator, denominator) in values {
            for part in [numerator, denominator] { bytes += withUnsafeBytes(of: part.littleEndian, Array.init) }
        }
        raw(data, ifd, tag, EXIF_FORMAT_RATIONAL, bytes, components: values.count)
    }
}
