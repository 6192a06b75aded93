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
    public var outputPath: String
    public var width: Int
    public var height: Int
}

/// Re-encodes a photo from pixels so that nothing of the original file leaves: orientation
/// applied, colour converted to sRGB, alpha flattened, every metadata block dropped; then the
/// file as written is verified independently before it takes its final name.
public struct Sanitizer: Sendable {
    public let options: SanitizeOptions

    public init(options: SanitizeOptions = SanitizeOptions()) {
        self.options = options
    }

    public func sanitize(_ photo: PhotoFile, to destination: String) throws(InputRejection) -> SanitizedPhoto {
        let opened = try OpenedPhoto(photo, limits: options.limits)
        let upright = opened.inspected.report.uprightSize
        do {
            try write(try opened.pixelsToWrite(), to: destination, expectedSize: upright)
        } catch let rejection as InputRejection {
            throw rejection
        } catch {
            throw .corrupt("\(error)")
        }
        return SanitizedPhoto(report: opened.inspected.report, outputPath: destination, width: upright.width, height: upright.height)
    }

    func write(_ image: VipsImage, to destination: String, expectedSize: (width: Int, height: Int)) throws(InputRejection) {
        do {
            try AtomicFile(destination: destination).write({ descriptor in
                try image.writeJPEG(to: descriptor, quality: options.quality)
            }, check: { temporary in
                try CleanJPEGVerifier.verify(try SafeFile.read(temporary, maxBytes: .max), expectedSize: expectedSize)
            })
        } catch let error as VipsError {
            throw .corrupt(error.description)
        } catch let error as CleanJPEGVerifier.Failure {
            throw .verificationFailed(error.description)
        } catch {
            throw .writeFailed("\(error)")
        }
    }
}
