import Foundation
import HTTPTypes
import Hummingbird
import PhotogateCore
import PhotogateServices

/// Photos at screen sizes, only ever as clean JPEGs (`ImageService`). A copy never changes
/// for its name, so browsers keep it and ask again only with its entity tag.
struct ImageRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/images/{sha256}/{size}.jpg", use: image)
    }

    @Sendable func image(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let sha256 = try context.parameters.require("sha256")
        guard PostRoutes.isSHA256(sha256), let size = context.parameters.get("size").flatMap(ScreenSize.init(rawValue:)) else {
            throw PhotogateError.notFound("there is no such image", code: "image.unknown")
        }
        let copy = try await ImageService(home: environment.home, user: user).copy(of: sha256, size: size)
        let tag = "\"\(copy.entityTag)\""
        var headers: HTTPFields = [.eTag: tag, .cacheControl: "private, max-age=31536000, immutable"]
        if request.headers[.ifNoneMatch] == tag { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = "image/jpeg"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: copy.jpeg)))
    }
}
