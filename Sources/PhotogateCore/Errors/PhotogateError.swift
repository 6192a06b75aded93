/// Why Photogate refused a request, for every front end alike. The `kind` says what sort of
/// refusal it is (a front end maps it to its own convention: the CLI's exit codes, an HTTP
/// status); the `code` names this refusal stably, so a front end can add its own hint (the
/// command to run, the page to open); the `message` says what is wrong in plain words and
/// names no flag, command or URL.
public struct PhotogateError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// The request itself is wrong: a bad value, a missing field, a rule it breaks.
        case invalid
        /// What the request names does not exist.
        case notFound
        /// It clashes with the state things are in: a name taken, a post already approved.
        case conflict
        /// Signed in, but no role grants this.
        case forbidden
        /// Not signed in: the name or password is wrong or missing, or the session ended.
        case unauthenticated
        /// The record or a stored file failed an integrity check.
        case integrity
    }

    public var kind: Kind
    public var code: String
    public var message: String

    public init(_ kind: Kind, code: String? = nil, _ message: String) {
        self.kind = kind
        self.code = code ?? kind.rawValue
        self.message = message
    }

    public var description: String { message }

    public static func invalid(_ message: String, code: String? = nil) -> Self { Self(.invalid, code: code, message) }
    public static func notFound(_ message: String, code: String? = nil) -> Self { Self(.notFound, code: code, message) }
    public static func conflict(_ message: String, code: String? = nil) -> Self { Self(.conflict, code: code, message) }
    public static func forbidden(_ message: String, code: String? = nil) -> Self { Self(.forbidden, code: code, message) }
    public static func unauthenticated(_ message: String, code: String? = nil) -> Self { Self(.unauthenticated, code: code, message) }
    public static func integrity(_ message: String, code: String? = nil) -> Self { Self(.integrity, code: code, message) }
}
