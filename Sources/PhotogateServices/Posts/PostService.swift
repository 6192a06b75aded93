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
    public func create(channel: String, caption: String, checklist: [String], photos: [String], now: Date = Date()) throws -> PostOutcome {
        try user.require(.preparePosts)
        let caption = try OutsideText.typedCaption(caption)
        guard !caption.isEmpty else { throw ServiceError.invalid("a post needs a caption") }
        guard !photos.isEmpty else { throw ServiceError.invalid("a post needs at least one photo") }
        let hashes = try photos.map { reference -> String in
            do {
                return try PhotoLocator(home: home).sha256(of: reference, limits: .standard)
            } catch let error as ServiceError {
                throw ServiceError.invalid("\(error.description) (a post's photos must come from an approved device, through ingest)")
            }
        }
        // A closed channel is refused with the other reasons, by submit.
        let channelRecord = try ChannelService(home: home, user: user).channel(channel, requireOpen: false)
        let postID = try home.database.write { db -> Int64 in
            var post = PostRecord(channelId: channelRecord.id, caption: caption, checklist: checklist, preparedBy: user.name, createdAt: now)
            try post.insert(db)
            for (index, hash) in hashes.enumerated() {
                let empty = PhotoDecision(verdict: .review, faces: [], reasons: ["not checked yet"])
                try PostPhotoRecord(postId: post.id!, position: index + 1, sha256: hash, decision: empty, renderPath: nil, renderSHA256: nil).insert(db)
            }
            try AuditLog.append(db, actor: user.name, action: "post.created", subject: "post \(post.id!)", details: [
                "channel": channelRecord.id, "caption": caption, "photos": hashes.joined(separator: ","),
                "checklist": checklist.joined(separator: ","),
            ], at: now)
            return post.id!
        }
        return try submit(postID, now: now)
    }

    /// Runs every check again (consent and tags may have changed) and queues the post when
    /// all pass. Only its preparer sends a post.
    public func submit(_ postID: Int64, now: Date = Date()) throws -> PostOutcome {
        try user.require(.preparePosts)
        let (post, photos) = try PostLookup(home: home).post(postID)
        guard Identifier.same(post.preparedBy, user.name) else {
            throw ServiceError.notPermitted("only \(post.preparedBy), who prepared post \(postID), sends it for approval")
        }
        guard [.draft, .returned].contains(post.postState) else {
            throw ServiceError.invalid("post \(postID) is \(post.postState.rawValue); only a draft or a returned post is sent for approval")
        }
        let rendered = try PostRenderer(home: home, user: user).render(post: post, photos: photos, now: now)
        let channel = rendered.channel
        var reasons = rendered.reasons
        if !channel.isOpen { reasons.append("channel \(channel.id) is closed and takes no posts") }
        if !channel.posterList.isEmpty, !channel.posterList.contains(where: { Identifier.same($0, user.name) }) {
            reasons.append("\(user.name) is not one of the approved posters of \(channel.id) (\(channel.posterList.joined(separator: ", ")))")
        }
        reasons += PostChecklist.problems(post.checklist.split(separator: ",").map(String.init))
        reasons += CaptionCheck.textProblem(post.caption).map { [$0] } ?? []
        reasons += try captionProblems(post.caption, decisions: rendered.photos.compactMap(\.storedDecision), now: now)

        return try home.database.write { db in
            var post = try PostLookup.fetch(postID, db)
            try PostPhotoRecord.filter(Column("postId") == postID).deleteAll(db)
            for photo in rendered.photos { try photo.insert(db) }
            if reasons.isEmpty {
                try post.move(.submit, at: now)
                try post.update(db)
                try AuditLog.append(db, actor: user.name, action: "post.queued", subject: "post \(postID)", details: [
                    "renders": rendered.photos.compactMap(\.renderSHA256).joined(separator: ","),
                ], at: now)
            } else {
                post.stateReason = reasons.joined(separator: "\n")
                try post.update(db)
                try AuditLog.append(db, actor: user.name, action: "post.refused", subject: "post \(postID)",
                                    details: ["reasons": reasons.joined(separator: "\n")], at: now)
            }
            return PostOutcome(post: postID, state: post.postState, reasons: reasons)
        }
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
        guard let post = try PostRecord.fetchOne(db, key: id) else { throw ServiceError.invalid("there is no post \(id)") }
        return post
    }
}

extension PostRecord {
    /// Moves the post on by `event`, or refuses in words for the user when its state does
    /// not allow it.
    mutating func move(_ event: PostState.Event, at time: Date, reason: String? = nil) throws(ServiceError) {
        do {
            try apply(event, at: time, reason: reason)
        } catch {
            throw .invalid(error.description)
        }
    }
}

/// Renders a post's photos for its channel (decided afresh, faces hidden, verified clean)
/// into the home's `renders` folder, and says why any photo cannot be posted.
struct PostRenderer {
    let home: PhotogateHome
    let user: SignedInUser

    struct Result {
        var channel: ChannelRecord
        var photos: [PostPhotoRecord]
        var reasons: [String]
    }

    func render(post: PostRecord, photos: [PostPhotoRecord], now: Date) throws -> Result {
        let faces = FaceService(home: home, user: user)
        // A closed channel is one more reason to refuse, given with the photos' own.
        let context = try faces.context(channel: post.channelId, now: now, requireOpen: false)
        let folder = home.root + "/renders/\(post.id!)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var records: [PostPhotoRecord] = []
        var reasons: [String] = []
        for photo in photos {
            let destination = "\(folder)/\(photo.position)-\(photo.sha256.prefix(12)).jpg"
            let source = FaceService.Source(label: "photo \(photo.position)", origin: .vault(photo.sha256))
            let outcome = try faces.evaluate(source, context: context) { decision in
                decision.verdict.isPublishable ? (destination, []) : nil
            }
            guard let decision = outcome.decision else {
                reasons.append("photo \(photo.position) cannot be used: it \(outcome.rejection?.message ?? "cannot be read")")
                records.append(photo)
                continue
            }
            var renderPath: String?, renderHash: String?
            if decision.verdict.isPublishable {
                do {
                    renderHash = Digest.sha256(try SafeFile.read(destination, maxBytes: .max))
                    renderPath = destination
                } catch {
                    reasons.append("photo \(photo.position) could not be rendered: \(error)")
                }
            } else {
                reasons.append("photo \(photo.position) is \(decision.verdict.rawValue): \(decision.reasons.joined(separator: "; "))")
            }
            records.append(try PostPhotoRecord(postId: post.id!, position: photo.position, sha256: photo.sha256, decision: decision,
                                               renderPath: renderPath, renderSHA256: renderHash))
        }
        return Result(channel: context.channel, photos: records, reasons: reasons)
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
