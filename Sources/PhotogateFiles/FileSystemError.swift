import Foundation

/// A file operation that failed, with the reason in plain words (from `errno`).
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound
        case symbolicLink
        case notRegularFile
        case notDirectory
        case permissionDenied
        case tooLarge
        case other
    }

    public var kind: Kind
    public var path: String
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// Builds the error from the current `errno`.
    public static func fromErrno(_ path: String, _ code: Int32 = errno) -> FileSystemError {
        let kind: Kind = switch code {
        case ENOENT: .notFound
        case ELOOP: .symbolicLink
        case EACCES, EPERM: .permissionDenied
        case ENOTDIR: .notDirectory
        default: .other
        }
        return FileSystemError(kind: kind, path: path, detail: String(cString: strerror(code)).lowercased())
    }

    public var description: String { "\(path): \(detail)" }
}
