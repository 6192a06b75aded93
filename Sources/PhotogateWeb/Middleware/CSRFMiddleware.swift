import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Every state-changing request must come from one of our own pages: a POST is refused (403,
/// nothing changed) unless it says it comes from this origin and carries this session's token.
/// A form's token is its `csrf` field; an upload (multipart, streamed) is checked by its route
/// before any file is read (`CSRFMiddleware.check`).
struct CSRFMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        try Self.requireSameOrigin(request)
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            // Uploads check their own token first thing; anything else must name it in a header.
            if request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true, Self.uploads.contains(request.uri.path) {
                return try await next(request, context)
            }
            try Self.check(request.headers[.csrfToken], context: context)
            return try await next(request, context)
        }
        var request = request
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        try Self.check(FormFields(String(buffer: buffer)).value("csrf"), context: context)
        request.body = .init(buffer: buffer)
        return try await next(request, context)
    }

    /// The routes that take a multipart upload and check its token themselves, first thing.
    static let uploads: Set<String> = ["/batches", "/consent/import"]

    /// Refuses a token that is not this session's.
    static func check(_ token: String?, context: WebContext) throws {
        guard CSRFToken.matches(token, context.csrf) else {
            throw HTTPError(.forbidden, message: "This form did not come from this Photogate page, or it has expired. Go back, reload the page and try again.")
        }
    }

    /// A browser says where a request comes from: `Sec-Fetch-Site` (every current browser),
    /// else `Origin`, else `Referer`; what it says must be this server as the browser
    /// addressed it. Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` even
    /// for our own forms, so `null` proves nothing either way and the token decides.
    static func requireSameOrigin(_ request: Request) throws {
        if let site = request.headers[.secFetchSite] {
            guard site == "same-origin" else { throw crossSite }
            return
        }
        guard let host = request.head.authority else { return }
        let origin = request.headers[.origin].flatMap { $0 == "null" ? nil : $0 }
        let claimed = origin.flatMap { URL(string: $0)?.hostWithPort } ?? request.headers[.referer].flatMap { URL(string: $0)?.hostWithPort }
        guard let claimed else { return }
        guard claimed.lowercased() == host.lowercased() else { throw crossSite }
    }

    private static var crossSite: HTTPError {
        HTTPError(.forbidden, message: "This request came from another site; nothing was changed.")
    }
}

extension HTTPField.Name {
    static var csrfToken: Self { .init("X-CSRF-Token")! }
    static var secFetchSite: Self { .init("Sec-Fetch-Site")! }
}

extension URL {
    /// `host:port` as a browser writes an origin (the port only when it has one).
    var hostWithPort: String? {
        guard let host else { return nil }
        return port.map { "\(host):\($0)" } ?? host
    }
}
