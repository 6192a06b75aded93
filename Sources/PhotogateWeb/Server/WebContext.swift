import Foundation
import Hummingbird
import HummingbirdAuth
import PhotogateFiles
import PhotogateServices

/// What one request carries through the middleware to its route: the browser's session and,
/// once the sign-in middleware has checked it, the person signed in.
public struct WebContext: RequestContext, SessionRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<WebSession>
    /// The person signed in, read again from the home on every request.
    public var user: SignedInUser?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
    }

    /// Forms are small; photos are streamed by the upload route, never decoded whole.
    public var maxUploadSize: Int { 1 << 20 }

    /// The CSRF token of this browser's session (every form carries it).
    var csrf: String { sessions.session?.csrf ?? "" }
}

/// A browser's session, kept in the home: who signed in and when, and the token every form
/// of this session carries. A visitor who has not signed in has a session too (for the
/// sign-in form's token); signing in always starts a new one.
public struct WebSession: Codable, Sendable {
    public var user: String?
    public var signedInAt: Date?
    /// When the idle timeout was last pushed back (at most once a minute, not on every request).
    public var refreshedAt: Date
    public var csrf: String

    static func anonymous(now: Date) -> WebSession {
        WebSession(user: nil, signedInAt: nil, refreshedAt: now, csrf: CSRFToken.make())
    }

    static func signedIn(_ user: String, now: Date) -> WebSession {
        WebSession(user: user, signedInAt: now, refreshedAt: now, csrf: CSRFToken.make())
    }
}

/// Per-session tokens against cross-site request forgery: 32 random bytes, compared in
/// constant time.
enum CSRFToken {
    static func make() -> String {
        Digest.randomHex(bytes: 32)
    }

    static func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given, !expected.isEmpty, given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
