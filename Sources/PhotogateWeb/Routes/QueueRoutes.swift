import Foundation
import Hummingbird
import Mustache
import PhotogateCore
import PhotogateServices

/// The head's queue: each waiting post as it will be published, approved or rejected with a
/// plain form. Approval re-checks consent (the service's rule); a post it sends back is
/// explained on the page.
struct QueueRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/queue", use: queue)
        router.post("/posts/{id}/approve", use: approve)
        router.post("/posts/{id}/reject", use: reject)
    }

    /// What `queue-entries` renders: each waiting post with its forms.
    struct QueueEntries: Sendable, MustacheParent {
        struct Entry: Sendable, MustacheParent {
            var post: PostView
            var waitsFor: String
            /// Why this person is not offered the step, or nil when they are.
            var whyNotYou: String?
            var approvedBy: [String]

            func child(named name: String) -> Any? {
                switch name {
                case "post": post
                case "waitsFor": waitsFor
                case "whyNotYou": whyNotYou
                case "approvedBy": approvedBy
                default: nil
                }
            }
        }

        var entries: [Entry]
        var csrf: String

        func child(named name: String) -> Any? {
            switch name {
            case "entries": entries
            case "csrf": csrf
            default: nil
            }
        }
    }

    /// The page around the entries, which are rendered once per session and version.
    struct QueuePage: Sendable, MustacheParent {
        var html: String

        func child(named name: String) -> Any? { name == "html" ? html : nil }
    }

    @Sendable func queue(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let service = ApprovalService(home: environment.home, user: user)
        let csrf = context.csrf
        let html = try await environment.renderedQueues.html(version: try await service.queueVersion(), for: user, csrf: csrf) { [environment] in
            let waiting = try await service.queue()
            let sizes = await environment.sizes(of: waiting.flatMap(\.photos), for: user)
            let entries = waiting.map { entry in
                QueueEntries.Entry(post: PostView(entry.post, channel: ChannelLabel.text(entry.channel), photos: entry.photos, sizes: sizes),
                                   waitsFor: entry.nextStep.map { "the \($0.rawValue)" } ?? "nobody",
                                   whyNotYou: entry.whyNotYou,
                                   approvedBy: entry.approvals.filter { !$0.void }.map { "\($0.user) (\($0.role.rawValue))" })
            }
            return environment.pages.fragment("queue-entries", QueueEntries(entries: entries, csrf: csrf))
        }
        let notice = request.uri.queryParameters.get("done").flatMap(Self.notice)
        return environment.pages.render("queue", frame: await environment.frame("Approval queue", context, path: "/queue", notice: notice),
                                        content: QueuePage(html: html))
    }

    @Sendable func approve(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let id = try context.parameters.require("id", as: Int64.self)
        let form = try await FormFields.read(request, context: context)
        let outcome = try await ApprovalService(home: environment.home, user: user).approve(id, note: form.text("note"), engine: environment.engine)
        if outcome.state == .returned {
            let reasons = outcome.reasons.joined(separator: "; ")
            return environment.pages.render("outcome", frame: await environment.frame("Post \(id) returned", context, path: "/queue"),
                                            content: OutcomeContent(title: "Post \(id) was not approved",
                                                                    message: "Consent or tags changed since it was prepared, so it went back to its preparer: \(reasons).",
                                                                    next: "/queue", nextLabel: "Back to the queue"))
        }
        return .redirect(to: "/queue?done=approved-\(id)")
    }

    @Sendable func reject(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let id = try context.parameters.require("id", as: Int64.self)
        let form = try await FormFields.read(request, context: context)
        try await ApprovalService(home: environment.home, user: user).reject(id, reason: form.text("reason") ?? "")
        return .redirect(to: "/queue?done=rejected-\(id)")
    }

    /// The one-line message after an action, from the redirect's `done` (never echoed raw).
    static func notice(_ done: String) -> String? {
        let parts = done.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        switch parts[0] {
        case "approved": return "Post \(id) approved."
        case "rejected": return "Post \(id) rejected; its preparer sees your reason."
        default: return nil
        }
    }
}

/// A page that says what happened and where to go next.
struct OutcomeContent: Sendable {
    var title: String
    var message: String
    var next: String
    var nextLabel: String
}

/// A channel as people name it: "Facebook: @school (social media)".
enum ChannelLabel {
    static func text(_ channel: Channel) -> String {
        "\(channel.platform): \(channel.account) (\(channel.purpose.replacingOccurrences(of: "_", with: " ")))"
    }
}
