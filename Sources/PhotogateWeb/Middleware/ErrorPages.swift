import Foundation
import HTTPTypes
import Hummingbird
import PhotogateCore
import PhotogateStore

/// Refusals as pages, in the same words the command line uses, with the status a browser
/// and a test understand: invalid 400, not found 404, conflict 409, forbidden 403, integrity
/// 500; not signed in takes a page to the sign-in form (and is 401 for anything else).
struct ErrorPagesMiddleware: RouterMiddleware {
    let environment: WebApp.Environment

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refusal as PhotogateError {
            if refusal.kind == .unauthenticated, request.method == .get {
                if refusal.code == "signin.password-reset" { return .redirect(to: "/password") }
                return .redirect(to: "/login?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
            }
            return await page(Self.status(of: refusal), message: refusal.message, context: context, path: request.uri.path)
        } catch let error as HTTPError {
            return await page(error.status, message: error.body ?? error.status.reasonPhrase, context: context, path: request.uri.path)
        } catch {
            context.logger.error("unexpected failure: \(error)")
            return await page(.internalServerError, message: "Something went wrong, and nothing was changed. Try again; if it happens again, tell the school's admin.",
                              context: context, path: request.uri.path)
        }
    }

    static func status(of refusal: PhotogateError) -> HTTPResponse.Status {
        switch refusal.kind {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        case .integrity: .internalServerError
        }
    }

    private func page(_ status: HTTPResponse.Status, message: String, context: WebContext, path: String) async -> Response {
        environment.pages.render("error", frame: await environment.frame(status.reasonPhrase, context, path: path),
                                 content: ErrorContent(status: Int(status.code), message: message), status: status)
    }

    struct ErrorContent: Sendable {
        var status: Int
        var message: String
    }
}
