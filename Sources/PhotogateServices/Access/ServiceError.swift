import PhotogateCore

/// Why a service refused a request, in words for the person who asked. Front ends map the
/// kind to their own conventions (the CLI's exit codes, HTTP statuses).
public enum ServiceError: Error, Equatable, CustomStringConvertible {
    /// The user name or password is wrong, or missing.
    case notSignedIn(String)
    /// Signed in, but no role grants this.
    case notPermitted(String)
    /// The request itself is wrong: a bad value, an unknown name, a clash.
    case invalid(String)
    /// The record or a stored file failed an integrity check.
    case integrity(String)

    public var description: String {
        switch self {
        case let .notSignedIn(message), let .notPermitted(message), let .invalid(message), let .integrity(message): message
        }
    }
}

/// A file refused whole (a consent sheet, a tag manifest), with every problem by line, so
/// the office can fix them all at once. Nothing from it was used.
public struct FileRefused: Error, Sendable {
    public var file: String
    public var problems: [LineProblem]
}
