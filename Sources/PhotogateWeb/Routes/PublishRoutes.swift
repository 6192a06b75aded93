import Foundation
import HTTPTypes
import Hummingbird
import PhotogateCore
import PhotogateFiles
import PhotogateServices
import ZIPFoundation

/// The PA's page: approved posts to publish to the outbox (a server setting, never a form
/// field), published ones with where and when, and each as a ZIP to upload to its channel.
struct PublishRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/publish", use: page)
        router.post("/posts/{id}/publish", use: publish)
        router.get("/posts/{id}.zip", use: download)
    }

    struct PublishContent: Sendable {
        var approved: [PostView]
        var published: [PostView]
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        try user.require(.publishPosts)
        let posts = PostService(home: environment.home, user: user)
        let channels = ChannelService(home: environment.home, user: user)
        var approved: [PostView] = [], published: [PostView] = []
        for post in try await posts.list() where post.state == .approved || post.state == .published {
            let details = try await posts.show(post.id!)
            let view = PostView(post, channel: ChannelLabel.text(try await channels.channel(post.channelId, requireOpen: false)), photos: details.photos)
            if post.state == .approved { approved.append(view) } else { published.append(view) }
        }
        published.sort { $0.id > $1.id }
        let notice = request.uri.queryParameters.get("published").flatMap(Int64.init).flatMap { id in published.first { $0.id == id } }
            .map { "Post \($0.id) is in the outbox, ready to post: \($0.outbox ?? environment.options.outbox)" }
        return environment.pages.render("publish", frame: await environment.frame("Publish", context, path: "/publish", notice: notice),
                                        content: PublishContent(approved: approved, published: published))
    }

    @Sendable func publish(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let id = try context.parameters.require("id", as: Int64.self)
        let target = OutboxTarget(try OutboxFolder(environment.options.outbox))
        let outcome = try await PublishService(home: environment.home, user: user).publish(id, to: target, engine: environment.engine)
        guard outcome.refusedBecause.isEmpty else {
            return environment.pages.render("outcome", frame: await environment.frame("Post \(id) not published", context, path: "/publish"),
                                            content: OutcomeContent(title: "Post \(id) was not published",
                                                                    message: outcome.refusedBecause.joined(separator: "; "),
                                                                    next: "/publish", nextLabel: "Back to publishing"), status: .conflict)
        }
        return .redirect(to: "/publish?published=\(id)")
    }

    /// The post as a ZIP: its images, its caption and its manifest, exactly as the outbox has them.
    @Sendable func download(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let id = try context.parameters.require("id", as: Int64.self)
        let publication = try await PublishService(home: environment.home, user: user).publication(ofPost: id)
        let archive = try Archive(accessMode: .create)
        for file in try publication.files() {
            let bytes = Data(file.bytes)
            try archive.addEntry(with: "post-\(id)/\(file.name)", type: .file, uncompressedSize: Int64(bytes.count)) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw PhotogateError.integrity("the download could not be made", code: "zip.failed") }
        return Response(status: .ok, headers: [.contentType: "application/zip", .contentDisposition: "attachment; filename=\"post-\(id).zip\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
