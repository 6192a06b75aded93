import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore
import PhotogateUnicode

/// What happened to a post when it was prepared or sent again.
public struct PostOutcome: Sendable {
    public var post: Int64
    public var state: PostState
    /// Every reason it was not accepted into the queue (empty when it was).
    public var reasons: [String]
    /// True when the same post had been made already (a request repeated, its first answer
    /// lost), and that one was used: nothing was made twice.
    public var madeBefore = false
}

/// Preparing posts: each photo rendered for the channel's purpose (faces hidden, no
/// metadata), every check run, and the post queued for approval only when all pass.
public struct PostService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// Creates a post and sends it for approval. A post that fails a check is kept as a
    /// draft with every reason, to be fixed (tags, caption) and sent again with `submit`.
    ///
    /// One transaction records the post, its renders and its outcome, so a kill leaves
    /// either nothing or the whole post. Run again after its answer was lost, it finds the
    /// post it made (same person, channel, caption, checklist and photos, still on its way)
    /// and sends that one again instead of making a second.
    public func create(channel: String, caption: String, checklist: [String], photos: [String], now: Date = Date()) throws -> PostOutcome {
        try user.require(.preparePosts)
        let caption = try OutsideText.typedCaption(caption)
        guard !caption.isEmpty else { throw PhotogateError.invalid("a post needs a caption") }
        guard !photos.isEmpty else { throw PhotogateError.invalid("a post needs at least one photo") }
        let hashes = try photos.map { reference -> String in
            do {
                return try PhotoLocator(home: home).sha256(of: reference, limits: .standard)
            } catch let error as PhotogateError {
                throw PhotogateError.invalid("\(error.description) (a post's photos must come from an approved device, through ingest)")
            }
        }
        // A closed channel is refused with the other reasons.
        let channelRecord = try ChannelService(home: home, user: user).channel(channel, requireOpen: false)
        var post = PostRecord(channelId: channelRecord.id, caption: caption, checklist: checklist, preparedBy: user.name, createdAt: now)
        if let existing = try home.database.read({ try PostRecord.onItsWay(like: post, photos: hashes, in: $0) }) {
            var outcome = existing.postState == .queued
                ? PostOutcome(post: existing.id!, state: .queued, reasons: []) : try submit(existing.id!, now: now)
            outcome.madeBefore = true
            return outcome
        }
        let photoList = hashes.enumerated().map { PostRenderer.Photo(position: $0.offset + 1, sha256: $0.element) }
        return try home.renders.staging { staging in
            let checked = try check(post, photos: photoList, staging: staging, now: now)
            return try home.database.write { db in
                try post.insert(db)
                let postID = post.id!
                // An id never committed before: a folder under it is a killed create's.
                home.renders.removeUnrecorded(post: postID, recorded: [])
                try AuditLog.append(db, actor: user.name, action: "post.created", subject: "post \(postID)", details: [
                    "channel": channelRecord.id, "caption": caption, "photos": hashes.joined(separator: ","),
                    "checklist": checklist.joined(separator: ","),
                ], at: now)
                return try record(checked, for: &post, db: db, now: now)
            }
        }
    }

    /// Runs every check again (consent and tags may have changed) and queues the post when
    /// all pass. Only its preparer sends a post. Its new renders replace the old in the same
    /// transaction that records the outcome.
    public func submit(_ postID: Int64, now: Date = Date()) throws -> PostOutcome {
        try user.require(.preparePosts)
        let (post, photos) = try PostLookup(home: home).post(postID)
        try requireSendable(post)
        let photoList = photos.map { PostRenderer.Photo(position: $0.position, sha256: $0.sha256) }
        let outcome = try home.renders.staging { staging in
            let checked = try check(post, photos: photoList, staging: staging, now: now)
            return try home.database.write { db in
                var post = try PostLookup.fetch(postID, db)
                try requireSendable(post)
                try PostPhotoRecord.filter(Column("postId") == postID).deleteAll(db)
                return try record(checked, for: &post, db: db, now: now)
            }
        }
        // The renders of the earlier round are no longer recorded by anything.
        try home.database.write { db in
            home.renders.removeUnrecorded(post: postID, recorded: try PostPhotoRecord.of(post: postID, in: db).compactMap(\.renderPath))
        }
        return outcome
    }

    private func requireSendable(_ post: PostRecord) throws {
        guard Identifier.same(post.preparedBy, user.name) else {
            throw PhotogateError.forbidden("only \(post.preparedBy), who prepared post \(post.id!), sends it for approval")
        }
        guard [.draft, .returned].contains(post.postState) else {
            throw PhotogateError.invalid("post \(post.id!) is \(post.postState.rawValue); only a draft or a returned post is sent for approval")
        }
    }

    /// A post's photos rendered into `staging` and every reason it cannot be queued.
    private struct Checked {
        var rendered: PostRenderer.Result
        var reasons: [String]
    }

    private func check(_ post: PostRecord, photos: [PostRenderer.Photo], staging: String, now: Date) throws -> Checked {
        let rendered = try PostRenderer(home: home, user: user).render(channel: post.channelId, photos: photos, into: staging, now: now)
        let channel = rendered.channel
        var reasons = rendered.reasons
        if !channel.isOpen { reasons.append("channel \(channel.id) is closed and takes no posts") }
        if !channel.posterList.isEmpty, !channel.posterList.contains(where: { Identifier.same($0, user.name) }) {
            reasons.append("\(user.name) is not one of the approved posters of \(channel.id) (\(channel.posterList.joined(separator: ", ")))")
        }
        reasons += PostChecklist.problems(post.checklist.split(separator: ",").map(String.init))
        reasons += CaptionCheck.textProblem(post.caption).map { [$0] } ?? []
        reasons += try captionProblems(post.caption, decisions: rendered.photos.compactMap(\.decision), now: now)
        return Checked(rendered: rendered, reasons: reasons)
    }

    /// Inside the caller's transaction: moves the staged renders into the post's folder,
    /// stores its photos, and queues the post or keeps it as a draft with the reasons.
    private func record(_ checked: Checked, for post: inout PostRecord, db: Database, now: Date) throws -> PostOutcome {
        let postID = post.id!
        var renders: [String] = []
        for photo in checked.rendered.photos {
            var renderPath: String?
            if let staged = photo.staged, let hash = photo.renderSHA256 {
                renderPath = try home.renders.keep(staged, post: postID, position: photo.position, sha256: hash)
                renders.append(hash)
            }
            let decision = photo.decision ?? PhotoDecision(verdict: .review, faces: [], reasons: ["the photo could not be read"])
            try PostPhotoRecord(postId: postID, position: photo.position, sha256: photo.sha256, decision: decision,
                                renderPath: renderPath, renderSHA256: photo.renderSHA256).insert(db)
        }
        let reasons = checked.reasons
        if reasons.isEmpty {
            try post.move(.submit, at: now)
            try post.update(db)
            try AuditLog.append(db, actor: user.name, action: "post.queued", subject: "post \(postID)", details: [
                "renders": renders.joined(separator: ","),
            ], at: now)
        } else {
            post.stateReason = reasons.joined(separator: "\n")
            try post.update(db)
            try AuditLog.append(db, actor: user.name, action: "post.refused", subject: "post \(postID)",
                                details: ["reasons": reasons.joined(separator: "\n")], at: now)
        }
        return PostOutcome(post: postID, state: post.postState, reasons: reasons)
    }

    private func captionProblems(_ caption: String, decisions: [PhotoDecision], now: Date) throws -> [String] {
        let people = try home.database.read { try ConsentStore.current(in: $0) }
        return CaptionCheck.problems(caption: caption, people: people, photos: decisions, today: CalendarDate(now), names: .standard).map(\.message)
    }

    public func list() throws -> [PostRecord] {
        try user.require(.checkPhotos)
        return try home.database.read { try PostRecord.order(Column("id")).fetchAll($0) }
    }

    public func show(_ postID: Int64) throws -> (post: PostRecord, photos: [PostPhotoRecord], approvals: [PostApprovalRecord]) {
        try user.require(.checkPhotos)
        let (post, photos) = try PostLookup(home: home).post(postID)
        let approvals = try home.database.read { try PostApprovalRecord.current(for: postID, in: $0) }
        return (post, photos, approvals)
    }
}

/// Finding posts.
struct PostLookup {
    let home: PhotogateHome

    func post(_ id: Int64) throws -> (PostRecord, [PostPhotoRecord]) {
        try home.database.read { db in (try Self.fetch(id, db), try PostPhotoRecord.of(post: id, in: db)) }
    }

    static func fetch(_ id: Int64, _ db: Database) throws -> PostRecord {
        guard let post = try PostRecord.fetchOne(db, key: id) else { throw PhotogateError.invalid("there is no post \(id)") }
        return post
    }
}

extension PostRecord {
    /// Moves the post on by `event`, or refuses in words for the user when its state does
    /// not allow it.
    mutating func move(_ event: PostState.Event, at time: Date, reason: String? = nil) throws(PhotogateError) {
        do {
            try apply(event, at: time, reason: reason)
        } catch {
            throw .invalid(error.description)
        }
    }
}

/// Renders a post's photos for its channel (decided afresh, faces hidden, verified clean)
/// into a staging folder, and says why any photo cannot be posted.
struct PostRenderer {
    let home: PhotogateHome
    let user: SignedInUser

    /// A photo of a post, by its place in the post.
    struct Photo {
        var position: Int
        var sha256: String
    }

    /// A photo decided, and its render when it may be published.
    struct Rendered {
        var position: Int
        var sha256: String
        /// Nil when the photo could not be read.
        var decision: PhotoDecision?
        var staged: String?
        var renderSHA256: String?
    }

    struct Result {
        var channel: ChannelRecord
        var photos: [Rendered]
        var reasons: [String]
    }

    func render(channel: String, photos: [Photo], into staging: String, now: Date) throws -> Result {
        let faces = FaceService(home: home, user: user)
        // A closed channel is one more reason to refuse, given with the photos' own.
        let context = try faces.context(channel: channel, now: now, requireOpen: false)
        var rendered: [Rendered] = []
        var reasons: [String] = []
        for photo in photos {
            var result = Rendered(position: photo.position, sha256: photo.sha256)
            defer { rendered.append(result) }
            let destination = "\(staging)/\(photo.position).jpg"
            let source = FaceService.Source(label: "photo \(photo.position)", origin: .vault(photo.sha256))
            let outcome = try faces.evaluate(source, context: context) { decision in
                decision.verdict.isPublishable ? (destination, []) : nil
            }
            guard let decision = outcome.decision else {
                reasons.append("photo \(photo.position) cannot be used: it \(outcome.rejection?.message ?? "cannot be read")")
                continue
            }
            result.decision = decision
            if decision.verdict.isPublishable {
                do {
                    result.renderSHA256 = Digest.sha256(try SafeFile.read(destination, maxBytes: .max))
                    result.staged = destination
                } catch {
                    reasons.append("photo \(photo.position) could not be rendered: \(error)")
                }
            } else {
                reasons.append("photo \(photo.position) is \(decision.verdict.rawValue): \(decision.reasons.joined(separator: "; "))")
            }
        }
        return Result(channel: context.channel, photos: rendered, reasons: reasons)
    }

    /// Each photo's decision under the consent list and tags in force now, without rendering.
    func decisions(post: PostRecord, photos: [PostPhotoRecord], now: Date) throws -> [PhotoDecision?] {
        let faces = FaceService(home: home, user: user)
        let context = try faces.context(channel: post.channelId, now: now)
        return try photos.map { photo in
            try faces.evaluate(FaceService.Source(label: "photo \(photo.position)", origin: .vault(photo.sha256)), context: context, render: nil).decision
        }
    }
}
