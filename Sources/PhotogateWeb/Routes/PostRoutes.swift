import Foundation
import Hummingbird
import PhotogateCore
import PhotogateServices

/// Preparing a post (pick photos, write the caption, tick the checklist) and the preparer's
/// view of posts and their state. A refused form comes back with every reason, keeping what
/// was typed; nothing is stored until the post can be queued.
struct PostRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/posts", use: list)
        router.get("/posts/new", use: newPost)
        router.post("/posts", use: create)
        router.get("/posts/{id}", use: show)
    }

    struct ListContent: Sendable {
        struct Row: Sendable {
            var id: Int64
            var caption: String
            var state: String
            var stateWord: String
            var reason: String?
            var when: String
            var preparedBy: String
        }

        var heading: String
        var rows: [Row]
        var mayPrepare: Bool
    }

    /// Staff see the posts they prepared; everyone else who may see posts sees them all.
    @Sendable func list(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let mine = user.may(.preparePosts)
        let posts = try await PostService(home: environment.home, user: user).list()
            .filter { !mine || $0.preparedBy == user.name }
            .sorted { $0.stateChangedAt > $1.stateChangedAt }
        let rows = posts.map { post in
            ListContent.Row(id: post.id ?? 0, caption: post.caption, state: post.state.rawValue, stateWord: PostView.word(post.state),
                            reason: post.stateReason?.replacingOccurrences(of: "\n", with: "; "),
                            when: PageDate.text(post.stateChangedAt), preparedBy: post.preparedBy)
        }
        return environment.pages.render("posts", frame: await environment.frame(mine ? "My posts" : "Posts", context, path: "/posts"),
                                        content: ListContent(heading: mine ? "My posts" : "Posts", rows: rows, mayPrepare: mine))
    }

    @Sendable func show(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let id = try context.parameters.require("id", as: Int64.self)
        let details = try await PostService(home: environment.home, user: user).show(id)
        let channel = try await ChannelService(home: environment.home, user: user).channel(details.post.channelId, requireOpen: false)
        let notice = request.uri.queryParameters.get("sent") != nil ? "Post \(id) is in the approval queue." : nil
        return environment.pages.render("post", frame: await environment.frame("Post \(id)", context, path: "/posts", notice: notice),
                                        content: PostView(details.post, channel: ChannelLabel.text(channel), photos: details.photos,
                                                          sizes: await environment.sizes(of: details.photos, for: user)))
    }

    struct FormContent: Sendable {
        struct Option: Sendable {
            var value: String
            var label: String
            var selected: Bool
        }

        struct PhotoChoice: Sendable {
            var sha256: String
            var short: String
            var checked: Bool
        }

        var channels: [Option]
        var checklist: [Option]
        var photos: [PhotoChoice]
        var caption: String
        var problems: [String]
    }

    @Sendable func newPost(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        try user.require(.preparePosts)
        let query = request.uri.queryParameters
        let photos = query.getAll("photos").map { String($0) }
        return try await form(context, user: user, channel: query.get("channel"), caption: "", checklist: [], offered: photos, picked: photos)
    }

    @Sendable func create(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let form = try await FormFields.read(request, context: context)
        let channel = form.text("channel") ?? "", caption = form.value("caption") ?? ""
        let checklist = form.values("checklist"), picked = form.values("photos"), offered = form.values("offered")
        let posts = PostService(home: environment.home, user: user)
        do {
            // Checked first without storing anything, so a refused form keeps what was typed
            // and no draft is left behind.
            let problems = try await posts.problems(channel: channel, caption: caption, checklist: checklist, photos: picked, engine: environment.engine)
            guard problems.isEmpty else {
                return try await self.form(context, user: user, channel: channel, caption: caption, checklist: checklist,
                                           offered: offered, picked: picked, problems: problems)
            }
            let outcome = try await posts.create(channel: channel, caption: caption, checklist: checklist, photos: picked, engine: environment.engine)
            guard outcome.state == .queued else {
                return try await self.form(context, user: user, channel: channel, caption: caption, checklist: checklist,
                                           offered: offered, picked: picked, problems: outcome.reasons)
            }
            return .redirect(to: "/posts/\(outcome.post)?sent=1")
        } catch let refusal as PhotogateError where refusal.kind == .invalid || refusal.kind == .notFound {
            return try await self.form(context, user: user, channel: channel, caption: caption, checklist: checklist,
                                       offered: offered, picked: picked, problems: [refusal.message])
        }
    }

    private func form(_ context: WebContext, user: SignedInUser, channel: String?, caption: String, checklist: [String],
                      offered: [String], picked: [String], problems: [String] = []) async throws -> Response {
        let open = try await ChannelService(home: environment.home, user: user).list().filter { $0.closedAt == nil }
        let content = FormContent(
            channels: open.map { .init(value: $0.id, label: ChannelLabel.text($0), selected: $0.id == channel) },
            checklist: PostChecklist.items.map { .init(value: $0, label: PostChecklist.plainNames[$0] ?? $0, selected: checklist.contains($0)) },
            photos: Self.distinct(offered + picked).filter(Self.isSHA256).map { .init(sha256: $0, short: String($0.prefix(12)), checked: picked.contains($0)) },
            caption: caption, problems: problems
        )
        return environment.pages.render("post-new", frame: await environment.frame("Prepare a post", context, path: "/posts"),
                                        content: content, status: problems.isEmpty ? .ok : .badRequest)
    }

    private static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Only a photo's hash is offered back in a form (never other text from the query).
    static func isSHA256(_ value: String) -> Bool {
        value.utf8.count == 64 && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
