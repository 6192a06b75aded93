import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles

struct SQLitePosts: PostStore {
    let database: SQLiteDatabase
    let renders: Renders

    func post(id: Int64) async throws -> PostDetails? {
        try await database.read { try Self.details(id, $0) }
    }

    func all() async throws -> [Post] {
        try await database.read { try Post.order(Column("id")).fetchAll($0) }
    }

    func queued() async throws -> [PostDetails] {
        try await database.read { db in
            try Post.filter(Column("state") == PostState.queued.rawValue).order(Column("id")).fetchAll(db).compactMap { try Self.details($0.id!, db) }
        }
    }

    func posts(showing personID: String) async throws -> [Post] {
        try await database.read { db in
            let ids = Set(try PostPhoto.fetchAll(db).filter { photo in photo.decision.faces.contains { $0.person == personID } }.map(\.postId))
            return try Post.filter(keys: ids).order(Column("id").desc).fetchAll(db)
        }
    }

    func existing(like post: Post, photos: [String]) async throws -> Post? {
        try await database.read { try Self.existing(like: post, photos: photos, $0) }
    }

    static func existing(like post: Post, photos: [String], _ db: Database) throws -> Post? {
        let states = PostState.allCases.filter(\.isOnItsWay).map(\.rawValue)
        let candidates = try Post
            .filter(Column("preparedBy") == post.preparedBy && Column("channelId") == post.channelId
                    && Column("caption") == post.caption && states.contains(Column("state")))
            .order(Column("id"))
            .fetchAll(db)
        return try candidates.first { candidate in
            try candidate.checklist == post.checklist && Self.photos(of: candidate.id!, db).map(\.sha256) == photos
        }
    }

    func create(_ post: Post, photos: [PreparedPhoto], reasons: [String], renderedUnder: String) async throws -> PostOutcome {
        let renders = renders
        return try await renders.staging { staging in
            let staged = try Self.stage(photos, in: staging)
            return try await database.write { db in
                // The same request run twice at once: whichever comes second finds the first
                // one's post here, under the write lock, and makes none.
                if let made = try Self.existing(like: post, photos: photos.map(\.sha256), db), let id = made.id {
                    return PostOutcome(post: id, state: made.state, reasons: made.stateReason?.split(separator: "\n").map(String.init) ?? [],
                                       madeBefore: true)
                }
                var post = post
                try post.insert(db)
                let postID = post.id!
                // An id never committed before: a folder under it is a killed create's.
                renders.removeUnrecorded(post: postID, recorded: [])
                try AuditLog.append(db, actor: post.preparedBy, action: "post.created", subject: "post \(postID)", details: [
                    "channel": post.channelId, "caption": post.caption, "photos": photos.map(\.sha256).joined(separator: ","),
                    "checklist": post.checklist.joined(separator: ","),
                ], at: post.createdAt)
                return try Self.record(photos, staged: staged, reasons: reasons, renderedUnder: renderedUnder, for: &post, renders: renders,
                                       by: post.preparedBy, at: post.createdAt, db)
            }
        }
    }

    func resubmit(_ id: Int64, photos: [PreparedPhoto], reasons: [String], renderedUnder: String, by actor: String, at time: Date) async throws -> PostOutcome {
        let renders = renders
        let outcome = try await renders.staging { staging in
            let staged = try Self.stage(photos, in: staging)
            return try await database.write { db in
                var post = try Self.existing(id, db)
                try Self.requireSendable(post, by: actor)
                try PostPhoto.filter(Column("postId") == id).deleteAll(db)
                return try Self.record(photos, staged: staged, reasons: reasons, renderedUnder: renderedUnder, for: &post, renders: renders,
                                       by: actor, at: time, db)
            }
        }
        // The renders of the earlier round are no longer recorded by anything.
        try await database.read { db in
            renders.removeUnrecorded(post: id, recorded: try Self.photos(of: id, db).compactMap(\.renderPath))
        }
        return outcome
    }

    /// Why `actor` may not send `post` for approval, thrown; nothing when they may.
    static func requireSendable(_ post: Post, by actor: String) throws {
        guard Identifier.same(post.preparedBy, actor) else {
            throw PhotogateError.forbidden("only \(post.preparedBy), who prepared post \(post.id!), sends it for approval", code: "post.not-preparer")
        }
        guard post.state.isOnItsWay, post.state != .queued else {
            throw PhotogateError.conflict("post \(post.id!) is \(post.state.rawValue); only a draft or a returned post is sent for approval", code: "post.state")
        }
    }

    /// Writes each render into the staging folder; returns each one's staged file by position.
    private static func stage(_ photos: [PreparedPhoto], in staging: String) throws -> [Int: String] {
        var staged: [Int: String] = [:]
        for photo in photos {
            guard let render = photo.render else { continue }
            let file = "\(staging)/\(photo.position).jpg"
            try AtomicFile(destination: file).write(render)
            staged[photo.position] = file
        }
        return staged
    }

    /// Inside the caller's transaction: moves the staged renders into the post's folder,
    /// stores its photos, and queues the post or keeps it a draft with the reasons.
    private static func record(_ photos: [PreparedPhoto], staged: [Int: String], reasons: [String], renderedUnder: String, for post: inout Post,
                               renders: Renders, by actor: String, at time: Date, _ db: Database) throws -> PostOutcome {
        let postID = post.id!
        var renderHashes: [String] = []
        for photo in photos {
            var path: String?, hash: String?
            if let render = photo.render, let file = staged[photo.position] {
                hash = Digest.sha256(render)
                path = try renders.keep(file, post: postID, position: photo.position, sha256: hash!)
                renderHashes.append(hash!)
            }
            try PostPhoto(postId: postID, position: photo.position, sha256: photo.sha256, decision: photo.decision,
                          renderPath: path, renderSHA256: hash).insert(db)
        }
        if reasons.isEmpty {
            try post.move(.submit, at: time)
            try post.update(db)
            try AuditLog.append(db, actor: actor, action: "post.queued", subject: "post \(postID)",
                                details: ["renders": renderHashes.joined(separator: ","), ApprovedContent.renderedUnderDetail: renderedUnder], at: time)
        } else {
            post.stateReason = reasons.joined(separator: "\n")
            try post.update(db)
            try AuditLog.append(db, actor: actor, action: "post.refused", subject: "post \(postID)",
                                details: ["reasons": reasons.joined(separator: "\n")], at: time)
        }
        return PostOutcome(post: postID, state: post.state, reasons: reasons)
    }

    func approve(_ id: Int64, by actor: String, roles: Set<Role>, chain: ApprovalChain, note: String?, at time: Date) async throws -> PostDetails {
        try await database.write { db in
            var post = try Self.existing(id, db)
            guard post.state == .queued else {
                throw PhotogateError.conflict("post \(id) is \(post.state.rawValue) now; only a queued post is approved", code: "post.state")
            }
            let approvals = try Self.approvals(of: id, db).map(\.approval)
            if let problem = chain.problem(user: actor, roles: roles, preparer: post.preparedBy, approvals: approvals) {
                throw PhotogateError.forbidden(problem, code: "post.approval")
            }
            let done = chain.completed(approvals)
            let step = chain.nextStep(after: done)!
            let final = done.count + 1 == chain.steps.count
            var approval = PostApproval(postId: id, step: done.count + 1, role: step, user: actor, at: time, note: note)
            try approval.insert(db)
            try post.move(.approve(final: final), at: time)
            try post.update(db)
            let photos = try Self.photos(of: id, db)
            let approved = ApprovedContent(renders: Dictionary(uniqueKeysWithValues: photos.compactMap { photo in
                photo.renderSHA256.map { (photo.position, $0) }
            }), caption: post.caption, renderedUnder: try ApprovedContent.renderedUnder(post: id, db))
            var details = approved.eventDetails.merging(["step": "\(done.count + 1) of \(chain.steps.count)", "role": step.rawValue]) { $1 }
            if let note, !note.isEmpty { details["note"] = note }
            try AuditLog.append(db, actor: actor, action: final ? ApprovedContent.finalApprovalAction : "post.step-approved",
                                subject: "post \(id)", details: details, at: time)
            return PostDetails(post: post, photos: photos, approvals: try Self.approvals(of: id, db))
        }
    }

    func reject(_ id: Int64, reason: String, by actor: String, at time: Date) async throws {
        try await database.write { db in
            var post = try Self.existing(id, db)
            guard !Identifier.same(post.preparedBy, actor) else {
                throw PhotogateError.forbidden("nobody approves or rejects a post they prepared", code: "post.approval")
            }
            try post.move(.reject, at: time, reason: reason)
            try post.update(db)
            try AuditLog.append(db, actor: actor, action: "post.rejected", subject: "post \(id)", details: ["reason": reason], at: time)
        }
    }

    func giveBack(_ id: Int64, reasons: [String], by actor: String, at time: Date) async throws {
        try await database.write { db in try Self.giveBack(id, reasons: reasons, by: actor, at: time, db) }
    }

    static func giveBack(_ id: Int64, reasons: [String], by actor: String, at time: Date, _ db: Database) throws {
        var post = try existing(id, db)
        try post.move(.giveBack, at: time, reason: reasons.joined(separator: "\n"))
        try post.update(db)
        try db.execute(sql: "UPDATE postApproval SET void = 1 WHERE postId = ?", arguments: [id])
        try AuditLog.append(db, actor: actor, action: "post.returned", subject: "post \(id)",
                            details: ["to": post.preparedBy, "reasons": reasons.joined(separator: "\n")], at: time)
    }

    func recordPublication(_ id: Int64, outbox: String, images: [String], by actor: String, at time: Date) async throws -> Post {
        try await database.write { db in
            var post = try Self.existing(id, db)
            guard post.state == .approved else {
                throw PhotogateError.conflict("post \(id) changed while it was being published; it is \(post.state.rawValue) now", code: "post.state")
            }
            try post.move(.publish, at: time)
            post.publishedAt = time
            post.publishedBy = actor
            post.outbox = outbox
            try post.update(db)
            try AuditLog.append(db, actor: actor, action: ApprovedContent.publicationAction, subject: "post \(id)", details: [
                "channel": post.channelId, "outbox": outbox, "images": images.joined(separator: ","),
            ], at: time)
            return post
        }
    }

    func approvedContent(of id: Int64) async throws -> ApprovedContent? {
        try await database.read { try ApprovedContent.recorded(forPost: id, $0) }
    }

    func photo(renderedAs sha256: String) async throws -> PostPhoto? {
        try await database.read { try PostPhoto.filter(Column("renderSHA256") == sha256).fetchOne($0) }
    }

    func renderedUnder(of id: Int64) async throws -> String? {
        try await database.read { try ApprovedContent.renderedUnder(post: id, $0) }
    }

    func render(of photo: PostPhoto) async throws -> [UInt8] {
        guard let path = renderLocation(of: photo), let expected = photo.renderSHA256,
              let bytes = try? SafeFile.read(path, maxBytes: 256 << 20), Digest.sha256(bytes) == expected else {
            throw PhotogateError.integrity("the render of photo \(photo.position) of post \(photo.postId) is missing or was changed", code: "render.changed")
        }
        return bytes
    }

    func renderLocation(of photo: PostPhoto) -> String? {
        photo.renderPath.flatMap(renders.path(of:))
    }

    func outstandingTakedowns() async throws -> [(takedown: Takedown, post: Post)] {
        try await database.read { db in
            try Takedown.filter(Column("doneAt") == nil).order(Column("id")).fetchAll(db).map { ($0, try Self.existing($0.postId, db)) }
        }
    }

    func outstandingTakedowns(of post: Int64) async throws -> [Takedown] {
        try await database.read { db in
            try Takedown.filter(Column("postId") == post && Column("doneAt") == nil).order(Column("id")).fetchAll(db)
        }
    }

    func confirmTakedown(of id: Int64, note: String?, by actor: String, at time: Date) async throws {
        try await database.write { db in
            var post = try Self.existing(id, db)
            try post.move(.takeDown, at: time, reason: note)
            try post.update(db)
            try db.execute(sql: "UPDATE takedown SET doneAt = ?, doneBy = ?, note = ? WHERE postId = ? AND doneAt IS NULL",
                           arguments: [time, actor, note, id])
            try AuditLog.append(db, actor: actor, action: "post.taken-down", subject: "post \(id)",
                                details: ["channel": post.channelId, "note": note ?? ""], at: time)
        }
    }

    // MARK: Reading

    static func existing(_ id: Int64, _ db: Database) throws -> Post {
        guard let post = try Post.fetchOne(db, key: id) else { throw PhotogateError.notFound("there is no post \(id)", code: "post.unknown") }
        return post
    }

    static func details(_ id: Int64, _ db: Database) throws -> PostDetails? {
        guard let post = try Post.fetchOne(db, key: id) else { return nil }
        return PostDetails(post: post, photos: try photos(of: id, db), approvals: try approvals(of: id, db))
    }

    static func photos(of post: Int64, _ db: Database) throws -> [PostPhoto] {
        try PostPhoto.filter(Column("postId") == post).order(Column("position")).fetchAll(db)
    }

    /// The approvals counting now, in step order.
    static func approvals(of post: Int64, _ db: Database) throws -> [PostApproval] {
        try PostApproval.filter(Column("postId") == post && Column("void") == false).order(Column("step")).fetchAll(db)
    }

    /// Every queued, approved or published post, with its photos and channel.
    static func live(_ db: Database) throws -> [ConsentConsequences.LivePost] {
        let channels = Dictionary(uniqueKeysWithValues: try Channel.fetchAll(db).map { ($0.id, $0) })
        let states = [PostState.queued, .approved, .published].map(\.rawValue)
        return try Post.filter(states.contains(Column("state"))).order(Column("id")).fetchAll(db).map { post in
            ConsentConsequences.LivePost(post: post, photos: try photos(of: post.id!, db), channel: channels[post.channelId])
        }
    }
}
