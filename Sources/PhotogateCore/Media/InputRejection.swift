/// Why an input photo was refused. Each case reads as a plain sentence after the file name:
/// `"IMG_1.jpg: " + reason.message`.
public enum InputRejection: Error, Sendable, Equatable {
    case notFound
    case symbolicLink
    case notRegularFile
    case unreadable(String)
    case empty
    case tooLarge(bytes: Int64, limit: Int64)
    case unsupportedFormat
    /// A RAW camera file (DNG, CR2, NEF...), named by kind: its first page may be a preview.
    case rawCameraFile(String)
    /// A TIFF with more than one page (counted): which one is the photo cannot be told.
    case severalPages(Int)
    case tooManyPixels(width: Int, height: Int, limitMegapixels: Int)
    case corrupt(String)
    case verificationFailed(String)
    case writeFailed(String)

    public var message: String {
        switch self {
        case .notFound:
            "no such file or folder"
        case .symbolicLink:
            "is a symbolic link; links are never followed, copy the photo itself"
        case .notRegularFile:
            "is not a regular file"
        case let .unreadable(detail):
            "cannot be read (\(detail))"
        case .empty:
            "is empty (0 bytes)"
        case let .tooLarge(bytes, limit):
            "is \(Self.megabytes(bytes)), over the \(Self.megabytes(limit)) limit for one photo"
        case .unsupportedFormat:
            "is not a photo Photogate accepts (JPEG, PNG, HEIC/HEIF, WebP or TIFF), whatever its name says"
        case let .rawCameraFile(kind):
            "is a RAW camera file (\(kind)), not a finished photo: export it as JPEG first"
        case let .severalPages(count):
            "is a TIFF with \(count) pages, so which one is the photo cannot be told: export the photo as JPEG first"
        case let .tooManyPixels(width, height, limit):
            "declares \(width) × \(height) pixels (\(Self.megapixels(width, height))), over the \(limit)-megapixel limit; refused before decoding"
        case let .corrupt(detail):
            "is damaged or truncated and cannot be decoded (\(detail))"
        case let .verificationFailed(detail):
            "the cleaned copy failed the independent check (\(detail)); nothing was written"
        case let .writeFailed(detail):
            "the cleaned copy could not be written (\(detail)); nothing was written"
        }
    }

    /// A short stable word for machine output.
    public var code: String {
        switch self {
        case .notFound: "not_found"
        case .symbolicLink: "symlink"
        case .notRegularFile: "not_regular_file"
        case .unreadable: "unreadable"
        case .empty: "empty"
        case .tooLarge: "too_large"
        case .unsupportedFormat: "unsupported_format"
        case .rawCameraFile: "raw_camera_file"
        case .severalPages: "several_pages"
        case .tooManyPixels: "too_many_pixels"
        case .corrupt: "corrupt"
        case .verificationFailed: "verification_failed"
        case .writeFailed: "write_failed"
        }
    }

    private static func megabytes(_ bytes: Int64) -> String {
        let mb = Double(bytes) / 1_000_000
        return mb >= 10 ? "\(Int(saturating: mb.rounded())) MB" : "\((mb * 10).rounded() / 10) MB"
    }

    private static func megapixels(_ width: Int, _ height: Int) -> String {
        let mp = Double(width) * Double(height) / 1_000_000
        return "\(Int(saturating: mp.rounded())) megapixels"
    }
}
