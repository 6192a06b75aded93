import CVips
import Foundation
import PhotogateCore

/// An error reported by libvips, with its message.
public struct VipsError: Error, CustomStringConvertible, Sendable {
    public var description: String

    /// Takes libvips' pending error message, keeping its last meaningful line.
    static func take(_ fallback: String) -> VipsError {
        guard let raw = pg_vips_take_error() else { return VipsError(description: fallback) }
        defer { pg_free(raw) }
        let lines = String(cString: raw).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let line = lines.last(where: { !$0.isEmpty }) ?? fallback
        return VipsError(description: line.isEmpty ? fallback : line)
    }
}

/// Starts libvips once for the whole process.
public enum VipsRuntime {
    /// Keeps a long batch's memory flat; call first thing, before any thread starts.
    public static func limitHeapArenas(_ count: Int = 2) {
        pg_limit_heap_arenas(Int32(count))
    }

    private static let started: Bool = pg_vips_start(CommandLine.arguments.first ?? "photogate") == 0

    public static func start() throws {
        guard started else { throw VipsError(description: "libvips could not start") }
    }
}

/// One libvips image: a node in a lazy pipeline. Nothing is decoded until an output is
/// written, and then only as the output needs it. Not shared between tasks.
final class VipsImage {
    let pointer: OpaquePointer

    private init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        pg_image_free(pointer)
    }

    /// Reads the header of an image held in memory (the bytes are copied).
    static func load(_ bytes: [UInt8], format: ImageFormat, randomAccess: Bool) throws -> VipsImage {
        try VipsRuntime.start()
        let image = bytes.withUnsafeBytes {
            pg_load_buffer($0.baseAddress, $0.count, format.vipsFormat, randomAccess ? 1 : 0)
        }
        guard let image else { throw VipsError.take("cannot read the image header") }
        return VipsImage(owning: image)
    }

    var width: Int { Int(pg_width(pointer)) }
    var height: Int { Int(pg_height(pointer)) }

    /// The EXIF orientation libvips will apply (1 when there is none).
    var orientation: Orientation {
        Orientation(exifValue: Int(pg_orientation(pointer)))
    }

    func blob(_ name: String) -> [UInt8]? {
        var data: UnsafeRawPointer?
        var length = 0
        guard pg_get_blob(pointer, name, &data, &length) == 0, let data, length > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    func hasField(_ name: String) -> Bool {
        pg_has_field(pointer, name) != 0
    }

    /// The pixels turned upright according to the orientation tag, which is then dropped.
    func upright() throws -> VipsImage {
        try derive("cannot turn the image upright") { pg_upright(pointer, &$0) }
    }

    /// 8-bit sRGB, colour converted through the embedded profile, alpha flattened on white.
    func srgb8() throws -> VipsImage {
        try derive("cannot convert the colours to sRGB") { pg_to_srgb8(pointer, &$0) }
    }

    /// Encodes a baseline JPEG with no metadata, in memory. This is where pixels are
    /// decoded, so a damaged input fails here.
    func jpegBytes(quality: Int) throws -> [UInt8] {
        var data: UnsafeMutableRawPointer?
        var length = 0
        guard pg_save_jpeg_memory(pointer, Int32(quality), &data, &length) == 0, let data else {
            throw VipsError.take("cannot encode the image")
        }
        defer { pg_free(data) }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// A clean JPEG reduced to fit `maxSide` while it is decoded (shrink-on-load).
    static func shrunkJPEG(_ bytes: [UInt8], maxSide: Int) throws -> VipsImage {
        try VipsRuntime.start()
        var output: OpaquePointer?
        let failed = bytes.withUnsafeBytes { pg_shrink_jpeg($0.baseAddress, $0.count, Int32(maxSide), &output) }
        guard failed == 0, let output else { throw VipsError.take("cannot reduce the image") }
        return VipsImage(owning: output)
    }

    /// Decodes every pixel, to prove the file is whole.
    func decodeAll() throws {
        guard pg_decode_all(pointer) == 0 else { throw VipsError.take("cannot decode the image") }
    }

    /// A JPEG or WebP's primary image reduced to fit within `maxSide` as it decodes
    /// (shrink-on-load), upright, as 8-bit RGB.
    static func thumbnailRGB(_ bytes: [UInt8], format: ImageFormat, maxSide: Int) throws -> RGBPixels {
        try VipsRuntime.start()
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        let status = bytes.withUnsafeBytes {
            pg_thumbnail_rgb($0.baseAddress, $0.count, format.vipsFormat, Int32(maxSide), &pixels, &width, &height)
        }
        return try RGBPixels(taking: status == 0 ? pixels : nil, width: Int(width), height: Int(height), failure: "cannot reduce the image")
    }

    /// This image reduced to fit within `maxSide`, as 8-bit RGB.
    func reducedRGB(maxSide: Int) throws -> RGBPixels {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        let status = pg_reduce_rgb(pointer, Int32(maxSide), &pixels, &width, &height)
        return try RGBPixels(taking: status == 0 ? pixels : nil, width: Int(width), height: Int(height), failure: "cannot reduce the image")
    }

    /// The pixels of a rectangle of this (8-bit RGB) image.
    func regionRGB(x: Int, y: Int, width: Int, height: Int) throws -> RGBPixels {
        var pixels: UnsafeMutablePointer<UInt8>?
        let status = pg_region_rgb(pointer, Int32(x), Int32(y), Int32(width), Int32(height), &pixels)
        return try RGBPixels(taking: status == 0 ? pixels : nil, width: width, height: height, failure: "cannot read part of the image")
    }

    /// Hides each rectangle (pixels of this image) beyond recovery.
    func redacted(_ boxes: [Box], style: RedactionStyle.Fill) throws -> VipsImage {
        let rects = boxes.map { box in
            PGRect(x: Int32(saturating: box.x.rounded(.down)), y: Int32(saturating: box.y.rounded(.down)),
                   width: Int32(saturating: box.maxX.rounded(.up) - box.x.rounded(.down)),
                   height: Int32(saturating: box.maxY.rounded(.up) - box.y.rounded(.down)))
        }.map { rect in
            // Rounding outwards may step past the edge by one pixel.
            PGRect(x: rect.x, y: rect.y, width: min(rect.width, Int32(width) - rect.x), height: min(rect.height, Int32(height) - rect.y))
        }
        return try derive("cannot hide the faces") { output in
            rects.withUnsafeBufferPointer { pg_redact(pointer, $0.baseAddress, Int32($0.count), style == .solid ? PG_REDACT_SOLID : PG_REDACT_PIXELATE_BLUR, &output) }
        }
    }

    /// Draws each mark's box and caption, for a preview.
    func annotated(_ marks: [PreviewMark]) throws -> VipsImage {
        let thickness = max(3, min(width, height) / 200)
        let fontSize = max(12, min(width, height) / 45)
        let rects = marks.map {
            PGRect(x: Int32(saturating: $0.box.x), y: Int32(saturating: $0.box.y),
                   width: Int32(saturating: $0.box.width), height: Int32(saturating: $0.box.height))
        }
        let colors: [UInt8] = marks.flatMap { mark -> [UInt8] in
            switch mark.kind {
            case .kept: [0, 170, 60]
            case .blurred: [220, 30, 30]
            case .text: [30, 90, 230]
            }
        }
        let captions = marks.map { strdup($0.caption) }
        defer { captions.forEach { free($0) } }
        let constCaptions = captions.map { UnsafePointer<CChar>($0) }
        return try derive("cannot draw the preview") { output in
            rects.withUnsafeBufferPointer { rectBuffer in
                colors.withUnsafeBufferPointer { colorBuffer in
                    constCaptions.withUnsafeBufferPointer { captionBuffer in
                        pg_annotate(pointer, rectBuffer.baseAddress, colorBuffer.baseAddress, captionBuffer.baseAddress,
                                    Int32(marks.count), Int32(thickness), Int32(fontSize), &output)
                    }
                }
            }
        }
    }

    private func derive(_ failure: String, _ operation: (inout OpaquePointer?) -> Int32) throws -> VipsImage {
        var output: OpaquePointer?
        guard operation(&output) == 0, let output else { throw VipsError.take(failure) }
        return VipsImage(owning: output)
    }
}

extension ImageFormat {
    var vipsFormat: PGFormat {
        switch self {
        case .jpeg: PG_FORMAT_JPEG
        case .png: PG_FORMAT_PNG
        case .heif: PG_FORMAT_HEIF
        case .webp: PG_FORMAT_WEBP
        case .tiff: PG_FORMAT_TIFF
        }
    }
}

/// Tightly packed 8-bit RGB pixels, as the face detector reads them.
struct RGBPixels {
    var width: Int
    var height: Int
    var bytes: [UInt8]

    /// A rectangle of these pixels.
    func crop(_ box: Box) -> RGBPixels {
        let x = Int(saturating: box.x), y = Int(saturating: box.y), w = Int(saturating: box.width), h = Int(saturating: box.height)
        var out = [UInt8]()
        out.reserveCapacity(w * h * 3)
        for row in y..<(y + h) {
            let start = (row * width + x) * 3
            out += bytes[start..<(start + w * 3)]
        }
        return RGBPixels(width: w, height: h, bytes: out)
    }
}

extension RGBPixels {
    /// Copies the pixels libvips packed, and frees them; nil pixels are libvips' failure.
    init(taking pixels: UnsafeMutablePointer<UInt8>?, width: Int, height: Int, failure: String) throws {
        guard let pixels else { throw VipsError.take(failure) }
        defer { pg_free(pixels) }
        self.init(width: width, height: height, bytes: Array(UnsafeBufferPointer(start: pixels, count: width * height * 3)))
    }
}
