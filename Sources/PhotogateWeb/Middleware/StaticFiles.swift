import Hummingbird

/// The stylesheet and scripts under `/static/`, answered before any session is looked up or
/// made (a file needs none); anything else goes on to the app.
struct StaticFilesMiddleware: RouterMiddleware {
    let files: FileMiddleware<WebContext, LocalFileSystem>

    init(folder: String) {
        files = FileMiddleware(folder, urlBasePath: "/static", cacheControl: .init([(MediaType(type: .any), [.noCache])]))
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/static/") else { return try await next(request, context) }
        return try await files.handle(request, context: context) { _, _ in throw HTTPError(.notFound) }
    }
}
