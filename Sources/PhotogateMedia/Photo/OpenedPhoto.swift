import PhotogateCore

/// A photo opened to be decided about or written out: its report and tags read from the
/// header, and every pixel proven decodable.
///
/// This is the one decode-or-reject rule of every command that decides about a photo (check,
/// preview, post, approve, publish, ingest, sanitize): a photo whose container is not whole
/// or that cannot be decoded whole (truncated, damaged, any decoder warning) is refused here,
/// before anyone is told it is clear. Its upright full-resolution pixels are then decoded
/// once, when first needed, and shared. Lives inside one job (it is not `Sendable`).
public final class OpenedPhoto {
    let file: PhotoFile
    let inspected: InspectedPhoto
    /// The whole image, already decoded while proving it (every format but JPEG).
    private let decoded: VipsImage?
    private var upright: VipsImage?

    public init(_ file: PhotoFile, limits: DecodeLimits) throws(InputRejection) {
        self.file = file
        inspected = try PhotoInspector.inspectForProcessing(file, limits: limits)
        if let problem = ContainerIntegrity.problem(file.bytes, format: file.format) { throw .corrupt(problem) }
        if file.format == .jpeg {
            // libjpeg reads every scan to the end marker, and any warning refuses the photo:
            // libvips alone misses some damage (see `WholeJPEG`), and the later decodes (the
            // survey's shrunk copy, the full render) must never be the first to notice.
            if let problem = WholeJPEG.problem(file.bytes) { throw .corrupt(problem) }
            decoded = nil
            return
        }
        do {
            // Decoded for random access, the pixels stay for detection and rendering.
            let whole = try VipsImage.load(file.bytes, format: file.format, randomAccess: true)
            try whole.decodeAll()
            decoded = whole
        } catch {
            throw .corrupt("\(error)")
        }
    }

    public var uprightWidth: Int { inspected.report.uprightSize.width }
    public var uprightHeight: Int { inspected.report.uprightSize.height }
    /// What the file carries (and `sanitize` drops).
    public var report: PrivacyReport { inspected.report }

    /// Upright, 8-bit sRGB pixels with random access (tiles are read in any order).
    func uprightPixels() throws -> VipsImage {
        if let upright { return upright }
        let source = try decoded ?? VipsImage.load(file.bytes, format: file.format, randomAccess: true)
        let image = try source.upright().srgb8()
        upright = image
        return image
    }

    /// Upright, 8-bit sRGB pixels with random access for a look at a few places: those
    /// already decoded when there are, else a decode of the look's own, let go after it, so
    /// that a JPEG needing no turning still streams to its render (`pixelsToWrite`).
    func uprightPixelsForLooking() throws -> VipsImage {
        if let upright { return upright }
        return try (decoded ?? VipsImage.load(file.bytes, format: file.format, randomAccess: true)).upright().srgb8()
    }

    /// Upright, 8-bit sRGB pixels to encode top to bottom. A JPEG that needs no turning
    /// streams from its header, keeping memory flat; the rest are `uprightPixels`.
    func pixelsToWrite() throws -> VipsImage {
        if upright == nil, decoded == nil, [.up, .upMirrored].contains(inspected.header.orientation) {
            return try inspected.header.upright().srgb8()
        }
        return try uprightPixels()
    }

    /// The upright photo reduced to fit `side` on its longest side (never enlarged). JPEG and
    /// WebP decode straight to about that size; other formats are decoded once, in full, and
    /// that decode serves every reduced copy, the full-resolution looks and the render.
    func reducedRGB(fitting side: Int) throws -> RGBPixels {
        [.jpeg, .webp].contains(file.format)
            ? try VipsImage.thumbnailRGB(file.bytes, format: file.format, maxSide: side)
            : try uprightPixels().reducedRGB(maxSide: side)
    }
}
