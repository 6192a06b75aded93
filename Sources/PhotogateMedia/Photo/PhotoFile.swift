import PhotogateCore
import PhotogateFiles

/// A photo read from disk: its bytes (what was checked is exactly what gets decoded) and its
/// format, recognised from content.
public struct PhotoFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    public let format: ImageFormat
    /// Which file the bytes came from, when they came from one.
    public let identity: SafeFile.Identity?

    public init(path: String, bytes: [UInt8], format: ImageFormat, identity: SafeFile.Identity? = nil) {
        self.path = path
        self.bytes = bytes
        self.format = format
        self.identity = identity
    }

    /// A photo from bytes already read (a vault copy), its format recognised from them.
    public init(path: String, bytes: [UInt8]) throws(InputRejection) {
        self.init(path: path, bytes: bytes, format: try Self.recognise(bytes))
    }

    /// The format of a photo from its content: RAW camera files are refused with what they
    /// are, a TIFF with several pages as such, and anything else Photogate does not accept
    /// as not a photo.
    public static func recognise(_ bytes: [UInt8]) throws(InputRejection) -> ImageFormat {
        if let rejection = RawCameraFile.rejection(bytes) { throw rejection }
        guard let format = FormatSniffer.sniff(bytes[...]) else { throw .unsupportedFormat }
        if format == .tiff, let rejection = TIFFPages.rejection(bytes) { throw rejection }
        return format
    }

    /// Reads a photo without following links, refusing empty, oversized and unknown files
    /// before anything is decoded.
    public static func read(_ path: String, limits: DecodeLimits) throws(InputRejection) -> PhotoFile {
        let bytes: [UInt8], identity: SafeFile.Identity
        do {
            (bytes, identity) = try SafeFile.readIdentified(path, maxBytes: limits.maxFileBytes)
        } catch let error as FileSystemError {
            throw InputRejection(error, limit: limits.maxFileBytes)
        } catch {
            throw .unreadable("\(error)")
        }
        if let rejection = limits.check(fileSize: Int64(bytes.count)) { throw rejection }
        return PhotoFile(path: path, bytes: bytes, format: try recognise(bytes), identity: identity)
    }
}

extension InputRejection {
    init(_ error: FileSystemError, limit: Int64) {
        switch error.kind {
        case .notFound: self = .notFound
        case .symbolicLink: self = .symbolicLink
        case .notRegularFile, .notDirectory: self = .notRegularFile
        case .tooLarge: self = .tooLarge(bytes: Int64(error.detail.split(separator: " ").first ?? "") ?? limit + 1, limit: limit)
        case .permissionDenied, .other: self = .unreadable(error.detail)
        }
    }
}
