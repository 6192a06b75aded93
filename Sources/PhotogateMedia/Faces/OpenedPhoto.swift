import PhotogateCore

/// A photo opened for face work: its report and tags read from the header, its upright
/// full-resolution pixels decoded once, when first needed (by detection tiles or rendering),
/// then shared. Lives inside one job.
final class OpenedPhoto {
    let file: PhotoFile
    let inspected: InspectedPhoto
    private var upright: VipsImage?

    init(_ file: PhotoFile, limits: DecodeLimits) throws(InputRejection) {
        self.file = file
        inspected = try PhotoInspector.inspectForProcessing(file, limits: limits)
    }

    var uprightWidth: Int { inspected.report.uprightSize.width }
    var uprightHeight: Int { inspected.report.uprightSize.height }

    /// Upright, 8-bit sRGB pixels with random access (tiles are read in any order).
    func uprightPixels() throws -> VipsImage {
        if let upright { return upright }
        let image = try VipsImage.load(file.bytes, format: file.format, randomAccess: true).upright().srgb8()
        upright = image
        return image
    }
}
