import Foundation
import PhotogateCore
import PhotogateFiles

/// How photos are re-encoded.
public struct SanitizeOptions: Sendable {
    public var quality: Int
    public var limits: DecodeLimits

    public init(quality: Int = 90, limits: DecodeLimits = .standard) {
        self.quality = quality
        self.limits = limits
    }
}

/// A photo re-encoded from its pixels and proven clean.
public struct SanitizedPhoto: Sendable {
    /// What the input carried, all of it dropped.
    public var report: PrivacyReport
    /// The clean baseline JPEG.
    public var jpeg: [UInt8]
    public var width: Int
    public var height: Int
}

/// Re-encodes a photo from pixels so that nothing of the original file leaves: orientation
/// applied, colour converted to sRGB, alpha flattened, every metadata block dropped; then the
/// JPEG is verified independently before anyone gets it.
public struct Sanitizer: Sendable {
    public let options: SanitizeOptions

    public init(options: SanitizeOptions = SanitizeOptions()) {
        self.options = options
    }

    public func sanitize(_ photo: PhotoFile) throws(InputRejection) -> SanitizedPhoto {
        let opened = try OpenedPhoto(photo, limits: options.limits)
        let upright = opened.inspected.report.uprightSize
        let jpeg: [UInt8]
        do {
            jpeg = try opened.pixelsToWrite().jpegBytes(quality: options.quality)
            try CleanJPEGVerifier.verify(jpeg, expectedSize: upright)
        } catch let error as VipsError {
            throw .corrupt(error.description)
        } catch let error as CleanJPEGVerifier.Failure {
            throw .verificationFailed(error.description)
        } catch {
            throw .corrupt("\(error)")
        }
        return SanitizedPhoto(report: opened.inspected.report, jpeg: jpeg, width: upright.width, height: upright.height)
    }
}
