import Foundation
import Hummingbird
import PhotogateCore
import PhotogateServices

/// Published posts that show someone whose consent has ended: the photo as it was published
/// and who is in it, and a form to confirm it was taken down from its channel.
struct TakedownRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/takedowns", use: page)
        router.post("/takedowns/{post}/confirm", use: confirm)
    }

    struct TakedownsContent: Sendable {
        var posts: [PostTakedowns]
        var mayConfirm: Bool
    }

    /// One post and everyone it must come down for.
    struct PostTakedowns: Sendable {
        var id: Int64
        var channel: String
        var publishedAt: String?
        var caption: String
        var people: [Person]
    }

    struct Person: Sendable {
        var person: String
        var reason: String
        var listed: String
        /// The published image that shows them; nil when it is the caption that names them.
        var image: String?
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let outstanding = try await TakedownService(home: environment.home, user: user).outstanding()
        let channels = ChannelService(home: environment.home, user: user)
        // Names for those who may read the consent list; the auditor sees ids.
        let names = user.may(.viewConsent)
            ? Dictionary(try await ConsentService(home: environment.home, user: user).list().map { ($0.personID, $0.fullName) }, uniquingKeysWith: { first, _ in first })
            : [:]
        var posts: [PostTakedowns] = []
        for (takedown, post) in outstanding {
            let person = Person(person: names[takedown.personId].map { "\($0) (\(takedown.personId))" } ?? takedown.personId, reason: takedown.reason, listed: PageDate.text(takedown.listedAt),
                                image: PostRoutes.isSHA256(takedown.sha256) ? takedown.sha256 : nil)
            if let index = posts.firstIndex(where: { $0.id == takedown.postId }) {
                posts[index].people.append(person)
            } else {
                let channel = try await channels.channel(post.channelId, requireOpen: false)
                posts.append(PostTakedowns(id: takedown.postId, channel: ChannelLabel.text(channel), publishedAt: post.publishedAt.map(PageDate.text),
                                           caption: post.caption, people: [person]))
            }
        }
        let notice = request.uri.queryParameters.get("confirmed").flatMap(Int64.init).map { "Post \($0) is recorded as taken down." }
        return environment.pages.render("takedowns", frame: await environment.frame("Takedowns", context, path: "/takedowns", notice: notice),
                                        content: TakedownsContent(posts: posts, mayConfirm: user.may(.confirmTakedowns)))
    }

    @Sendable func confirm(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let post = try context.parameters.require("post", as: Int64.self)
        let form = try await FormFields.read(request, context: context)
        try await TakedownService(home: environment.home, user: user).confirm(post, note: form.text("note"))
        return .redirect(to: "/takedowns?confirmed=\(post)")
    }
}
