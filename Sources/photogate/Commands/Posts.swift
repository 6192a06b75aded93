import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateServices
import PhotogateStore

struct Post: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prepare posts for the CEO's approval (staff).",
        subcommands: [Create.self, Submit.self, Show.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prepare a post: each photo rendered for the channel, every check run, then queued for approval.",
            discussion: """
            Refused, with every reason listed, when a photo is rejected or in review, the channel is \
            closed, the checklist is incomplete, or the caption names someone without consent to be \
            named. A refused post is kept as a draft: fix it (tags, caption) and send it again with \
            `photogate post submit POST`.
            """
        )

        @OptionGroup var session: SessionOptions

        @Option(help: "The channel to post on.")
        var channel: String

        @Option(help: "The post's text.")
        var caption: String

        @Option(help: "The contributor's checklist, ticked: data-protection,checked-twice,consent,appropriate.")
        var checklist: String = ""

        @Flag(help: "Print JSON.")
        var json = false

        @Argument(help: "Photos (ingested files, or the start of their SHA-256).")
        var photos: [String]

        func run() async throws {
            let (home, user) = try await session.signIn()
            let ticked = checklist.split(separator: ",").map(String.init)
            var hashes: [String] = []
            for photo in photos { hashes.append(try await PhotoReference.sha256(of: photo, home: home, user: user)) }
            let outcome = try await PostService(home: home, user: user).create(channel: channel, caption: caption, checklist: ticked, photos: hashes,
                                                                               engine: try FaceModels.engine(for: home))
            PostOutcomeOutput.print(outcome, json: json)
            if outcome.state != .queued { throw ExitStatus.someRejected }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a draft or returned post for approval again, all checks run afresh.")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The post number.")
        var post: Int64

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let outcome = try await PostService(home: home, user: user).submit(post, engine: try FaceModels.engine(for: home))
            PostOutcomeOutput.print(outcome, json: json)
            if outcome.state != .queued { throw ExitStatus.someRejected }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a post: its state, photos, decisions and approvals.")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The post number.")
        var post: Int64

        func run() async throws {
            let (home, user) = try await session.signIn()
            let details = try await PostService(home: home, user: user).show(post)
            PostText.print(details, renders: home.posts)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List posts and their states.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let posts = try await PostService(home: home, user: user).list()
            if json {
                JSONOutput.print(posts.map(PostJSON.init))
            } else if posts.isEmpty {
                Terminal.line("No posts yet.")
            } else {
                Terminal.line(TextTable.render(header: ["POST", "CHANNEL", "STATE", "BY", "CREATED", "CAPTION"], rows: posts.map {
                    [String($0.id!), $0.channelId, $0.state.rawValue, $0.preparedBy, HumanTime.string($0.createdAt), String($0.caption.prefix(50))]
                }))
            }
        }
    }
}

struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The posts waiting for approval, each photo exactly as it would be published (approver)."
    )

    @OptionGroup var session: SessionOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let (home, user) = try await session.signIn()
        let entries = try await ApprovalService(home: home, user: user).queue()
        if json {
            JSONOutput.print(entries.map { QueueJSON($0, renders: home.posts) })
            return
        }
        guard !entries.isEmpty else {
            Terminal.line("Nothing is waiting for approval.")
            return
        }
        for (index, entry) in entries.enumerated() {
            if index > 0 { Terminal.line("") }
            let post = entry.post, channel = entry.channel
            Terminal.line("""
                Post \(post.id!) for \(channel.id) (\(channel.platform), \(channel.account)), \
                prepared by \(post.preparedBy) on \(HumanTime.string(post.createdAt))
                """)
            PostText.printCaption(entry.post.caption)
            if let next = entry.nextStep {
                let done = entry.approvals.map { "\($0.user) (\($0.role.rawValue))" }
                Terminal.line("  Waiting for: \(next.rawValue)\(done.isEmpty ? "" : "; approved so far by \(done.joined(separator: ", "))")")
            }
            for photo in entry.photos {
                Terminal.line("  \(PostText.photoLine(photo, renders: home.posts))")
                for face in photo.decision.faces {
                    Terminal.line("    \(face.action.rawValue): \(face.reason)")
                }
            }
        }
    }
}

struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Approve a queued post (the next step of the approval chain). Consent is checked again first.",
        discussion: "If any photo's decision would now differ, approval is refused (exit 1) and the post returns to its preparer with the reasons."
    )

    @OptionGroup var session: SessionOptions

    @Argument(help: "The post number.")
    var post: Int64

    @Option(help: "A note for the record.")
    var note: String?

    func run() async throws {
        let (home, user) = try await session.signIn()
        let outcome = try await ApprovalService(home: home, user: user).approve(post, note: note, engine: try FaceModels.engine(for: home))
        switch outcome.state {
        case .approved:
            Terminal.line("Approved post \(post). A publisher can publish it now.")
        case .queued:
            Terminal.line("Approved this step of post \(post). Next: \(outcome.nextStep?.rawValue ?? "?").")
        default:
            Terminal.error("✗ Post \(post) was not approved: consent has changed since it was prepared. It has gone back to its preparer:")
            for reason in outcome.reasons { Terminal.error("  \(reason)") }
            throw ExitStatus.someRejected
        }
    }
}

struct Reject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reject a queued post, with the reason (approver).")

    @OptionGroup var session: SessionOptions

    @Argument(help: "The post number.")
    var post: Int64

    @Option(help: "Why.")
    var reason: String

    func run() async throws {
        let (home, user) = try await session.signIn()
        try await ApprovalService(home: home, user: user).reject(post, reason: reason)
        Terminal.line("Rejected post \(post).")
    }
}

struct Publish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an approved post to the outbox for posting (publisher): its photos, caption.txt and manifest.json."
    )

    @OptionGroup var session: SessionOptions

    @Argument(help: "The post number.")
    var post: Int64

    @Option(help: "The outbox folder.")
    var outbox = "outbox"

    func run() async throws {
        let (home, user) = try await session.signIn()
        let outcome = try await PublishService(home: home, user: user).publish(post, to: OutboxTarget(try OutboxFolder(outbox)), engine: try FaceModels.engine(for: home))
        if !outcome.refusedBecause.isEmpty {
            Terminal.error("✗ Post \(post) was not published: consent has changed since it was approved. It has gone back to its preparer:")
            for reason in outcome.refusedBecause { Terminal.error("  \(reason)") }
            throw ExitStatus.someRejected
        }
        if let elsewhere = outcome.elsewhere {
            Terminal.line("""
                Post \(post) was already published, to \(outcome.location); a post is published once, where it went, so nothing was \
                written to \(elsewhere). If its folder is missing there, publish it again with the outbox it went to.
                """)
        } else if outcome.finished {
            Terminal.line("""
                Post \(post) was already published, to \(outcome.location), but its folder was not there (a run cut short, or the folder \
                was moved or deleted since). It passed every check again as of today and is written there again: \
                \(outcome.images.joined(separator: ", ")), caption.txt, manifest.json.
                """)
        } else if outcome.alreadyPublished {
            Terminal.line("Post \(post) was already published, in \(outcome.location). Nothing new was done.")
        } else {
            Terminal.line("Published post \(post) to \(outcome.location): \(outcome.images.joined(separator: ", ")), caption.txt, manifest.json.")
        }
    }
}

struct Takedowns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Published posts showing someone whose consent has ended: take them down, then confirm.",
        subcommands: [List.self, Confirm.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List what must be taken down.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let entries = try await TakedownService(home: home, user: user).outstanding()
            if json {
                JSONOutput.print(entries.map(TakedownJSON.init))
            } else if entries.isEmpty {
                Terminal.line("Nothing to take down.")
            } else {
                Terminal.line(TextTable.render(header: ["POST", "CHANNEL", "PUBLISHED", "PERSON", "PHOTO", "WHY"], rows: entries.map {
                    [String($0.post.id!), $0.post.channelId, $0.post.publishedAt.map(HumanTime.string) ?? "-", $0.takedown.personId,
                     String($0.takedown.sha256.prefix(12)), $0.takedown.reason]
                }))
            }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a post was taken down from its channel (publisher or approver).")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The post number.")
        var post: Int64

        @Option(help: "How, for the record.")
        var note: String?

        func run() async throws {
            let (home, user) = try await session.signIn()
            try await TakedownService(home: home, user: user).confirm(post, note: note)
            Terminal.line("Recorded: post \(post) was taken down.")
        }
    }
}

/// A post's outcome as people and scripts read it.
enum PostOutcomeOutput {
    static func print(_ outcome: PostOutcome, json: Bool) {
        if json {
            JSONOutput.print(PostOutcomeJSON(post: outcome.post, status: outcome.state.rawValue, reasons: outcome.reasons,
                                             made_before: outcome.madeBefore))
            return
        }
        if outcome.madeBefore {
            Terminal.line("Post \(outcome.post) with these photos, caption and checklist had already been made; nothing was made twice.")
        }
        if outcome.state == .queued {
            Terminal.line("Post \(outcome.post) is queued for approval.")
        } else {
            Terminal.error("✗ Post \(outcome.post) was not sent for approval; it is kept as a \(outcome.state.rawValue). Fix these, then `photogate post submit \(outcome.post)`:")
            for reason in outcome.reasons { Terminal.error("  \(reason)") }
        }
    }
}

struct PostJSON: JSONRecord {
    var post: Int64
    var channel: String
    var state: String
    var prepared_by: String
    var caption: String
    var created_at: String

    init(_ post: PhotogateCore.Post) {
        self.post = post.id!
        channel = post.channelId
        state = post.state.rawValue
        prepared_by = post.preparedBy
        caption = post.caption
        created_at = Timestamp.string(post.createdAt)
    }
}

struct PostOutcomeJSON: JSONRecord {
    var post: Int64
    var status: String
    var reasons: [String]
    /// True when the same post had already been made (a repeated request) and was used.
    var made_before: Bool
}

enum PostText {
    static func print(_ details: PostDetails, renders: any PostStore) {
        let post = details.post
        Terminal.line("Post \(post.id!) for \(post.channelId): \(post.state.rawValue), prepared by \(post.preparedBy) on \(HumanTime.string(post.createdAt))")
        printCaption(post.caption)
        if let reason = post.stateReason {
            for line in reason.split(separator: "\n") { Terminal.line("  Why \(post.state.rawValue): \(line)") }
        }
        for approval in details.approvals {
            Terminal.line("  Approved by \(approval.user) (\(approval.role.rawValue)) on \(HumanTime.string(approval.at))\(approval.note.map { ": \($0)" } ?? "")")
        }
        for photo in details.photos { Terminal.line("  \(photoLine(photo, renders: renders))") }
        if let outbox = post.outbox { Terminal.line("  Published to \(outbox)") }
    }

    /// The caption as the approver reads it: its own line breaks kept, each further line
    /// indented under the first, so no line of a caption reads as a line of Photogate's.
    static func printCaption(_ caption: String) {
        let lines = caption.split(separator: "\n", omittingEmptySubsequences: false)
        Terminal.line("  Caption: \(lines.first ?? "")")
        for line in lines.dropFirst() { Terminal.line("           \(line)") }
    }

    /// A post's photo: its verdict and where its publishable copy is.
    static func photoLine(_ photo: PostPhoto, renders: any PostStore) -> String {
        "Photo \(photo.position) (\(photo.sha256.prefix(12))): \(photo.decision.verdict.rawValue) → \(renders.renderLocation(of: photo) ?? "not rendered")"
    }
}

struct QueueJSON: JSONRecord {
    struct Photo: JSONRecord {
        var position: Int
        var sha256: String
        var render: String?
        var verdict: String?
        var faces: [CheckJSON.FaceJSON]
    }

    var post: Int64
    var channel: String
    var caption: String
    var prepared_by: String
    var prepared_at: String
    var next_step: String?
    var approvals: [[String: String]]
    var photos: [Photo]

    init(_ entry: ApprovalService.QueueEntry, renders: any PostStore) {
        post = entry.post.id!
        channel = entry.channel.id
        caption = entry.post.caption
        prepared_by = entry.post.preparedBy
        prepared_at = Timestamp.string(entry.post.createdAt)
        next_step = entry.nextStep?.rawValue
        approvals = entry.approvals.map { ["user": $0.user, "role": $0.role.rawValue, "at": Timestamp.string($0.at)] }
        photos = entry.photos.map { photo in
            Photo(position: photo.position, sha256: photo.sha256, render: renders.renderLocation(of: photo),
                  verdict: photo.decision.verdict.rawValue, faces: photo.decision.faces.map(CheckJSON.FaceJSON.init))
        }
    }
}

struct TakedownJSON: JSONRecord {
    var post: Int64
    var channel: String
    var published_at: String?
    var person_id: String
    var photo: String
    var reason: String
    var listed_at: String

    init(_ entry: (takedown: Takedown, post: PhotogateCore.Post)) {
        post = entry.post.id!
        channel = entry.post.channelId
        published_at = entry.post.publishedAt.map(Timestamp.string)
        person_id = entry.takedown.personId
        photo = entry.takedown.sha256
        reason = entry.takedown.reason
        listed_at = Timestamp.string(entry.takedown.listedAt)
    }
}
