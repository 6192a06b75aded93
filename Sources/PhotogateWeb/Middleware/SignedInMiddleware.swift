import Foundation
import Hummingbird
import HummingbirdAuth
import PhotogateCore
import PhotogateServices
import PhotogateStore

/// Reads who is signed in from the session, every request: the account is read again from
/// the home (`SignedInUser.resume`), so someone disabled since, or whose roles changed, is
/// refused or gets the roles they hold now. A session ends after the idle timeout (pushed back
/// as the person works) and, whatever happens, so many hours after signing in (settings).
/// Every visitor gets a session, signed in or not, so the sign-in form carries a token too.
struct SignedInMiddleware: RouterMiddleware {
    let home: PhotogateHome

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let now = Date()
        let settings = try await home.settings.current()
        let idle = Duration.seconds(settings.sessionIdleMinutes * 60)
        guard var session = context.sessions.session else {
            context.sessions.createSession(.anonymous(now: now), expiresIn: idle)
            return try await next(request, context)
        }
        if let name = session.user, let signedInAt = session.signedInAt {
            let overAbsolute = now.timeIntervalSince(signedInAt) > TimeInterval(settings.sessionHours * 3600)
            guard !overAbsolute, let user = try? await SignedInUser.resume(name, in: home, for: .passwordChange) else {
                // Ended: the session is deleted, and the person signs in again.
                context.sessions.clearSession()
                return try await next(request, context)
            }
            context.user = user
        }
        if now.timeIntervalSince(session.refreshedAt) > 60 {
            session.refreshedAt = now
            _ = context.sessions.updateSession(session, expiresIn: idle)
        }
        return try await next(request, context)
    }
}
