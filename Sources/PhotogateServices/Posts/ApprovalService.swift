import Foundation
import GRDB
import PhotogateCore
import PhotogateStore
import PhotogateUnicode

/// The CEO's queue: each post exactly as it would be published, approved step by step along
/// the configured chain, with consent checked again at every approval.
public struct ApprovalService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct QueueEntry: Sendable {
        public var post: PostRecord
        public var channel: ChannelRecord
        public var photos: [PostPhotoRecord]
        public var approvals: [PostApprovalRecord]
        /// The role the next approval needs.
        public var nextStep: Role?
    }

    public struct ApprovalOutcome: Sendable {
        public var post: Int64
        public var state: PostState
        /// Why the approval was refused (the post went back to its preparer); empty otherwise.
        public var reasons: [String]
        public var nextStep: Role?
    }

    private func chain() throws -> ApprovalChain {
        try home.database.read { try Settings.load($0).approvalChain }
    }

    /// Someone who can take a step of the chain.
    private func requireApprover(_ chain: ApprovalChain) throws {
        guard !user.roles.isDisjoint(with: Set(chain.steps)) else {
            let needed = Set(chain.steps).sorted().map(\.rawValue).joined(separator: " or ")
            throw PhotogateError.forbidden("\(user.name) may not approve posts (needs the \(needed) role)")
        }
    }

    public func queue() throws -> [QueueEntry] {
        let chain = try chain()
        try requireApprover(chain)
        return try home.database.read { db in
            try PostRecord.filter(Column("state") == PostState.queued.rawValue).order(Column("id")).fetchAll(db).map { post in
                let approvals = try PostApprovalRecord.current(for: post.id!, in: db)
                let steps = approvals.compactMap(\.approval)
                guard let channel = try ChannelRecord.find(post.channelId, in: db) else {
                    throw PhotogateError.integrity("the channel of post \(post.id!) is missing from the register")
                }
                return QueueEntry(post: post, channel: channel, photos: try PostPhotoRecord.of(post: post.id!, in: db),
                                  approvals: approvals, nextStep: chain.nextStep(after: steps))
            }
        }
    }

    /// Approves the next step. Consent is checked again against the list in force: if any
    /// photo's decision would now differ, or the caption now names someone without consent,
    /// approval is refused and the post goes back to its preparer with the reasons.
    public func approve(_ postID: Int64, note: String?, now: Date = Date()) throws -> ApprovalOutcome {
        let chain = try chain()
        try requireApprover(chain)
        let note = try OutsideText.typed(note, field: "the note")
        let (post, photos) = try PostLookup(home: home).post(postID)
        guard post.postState == .queued else {
            throw PhotogateError.invalid("post \(postID) is \(post.postState.rawValue); only a queued post is approved")
        }
        // Checked before the (slow) re-check, and again inside the transaction below.
        _ = try nextStep(for: post, chain: chain)

        let differences = try PostRecheck(home: home, user: user).differences(post: post, photos: photos, now: now)
        if !differences.isEmpty {
            try PostConsequences.giveBack(postID, reasons: differences, actor: user.name, home: home, now: now)
            return ApprovalOutcome(post: postID, state: .returned, reasons: differences, nextStep: nil)
        }

        return try home.database.write { db in
            var post = try PostLookup.fetch(postID, db)
            guard post.postState == .queued else {
                throw PhotogateError.invalid("post \(postID) changed while it was being checked; it is \(post.postState.rawValue) now")
            }
            let (done, step) = try nextStep(for: post, chain: chain, db: db)
            let final = done.count + 1 == chain.steps.count
            var approval = PostApprovalRecord(postId: postID, step: done.count + 1, role: step, user: user.name, at: now, note: note)
            try approval.insert(db)
            try post.move(.approve(final: final), at: now)
            try post.update(db)
            let approved = ApprovedContent(renders: Dictionary(uniqueKeysWithValues: try PostPhotoRecord.of(post: postID, in: db).compactMap { photo in
                photo.renderSHA256.map { (photo.position, $0) }
            }), caption: post.caption)
            var details = approved.eventDetails.merging(["step": "\(done.count + 1) of \(chain.steps.count)", "role": step.rawValue]) { $1 }
            if let note = approval.note, !note.isEmpty { details["note"] = note }
            try AuditLog.append(db, actor: user.name, action: final ? ApprovedContent.finalApprovalAction : "post.step-approved", subject: "post \(postID)",
                                details: details, at: now)
            let next = final ? nil : chain.nextStep(after: done + [ApprovalChain.Approval(user: user.name, role: step)])
            return ApprovalOutcome(post: postID, state: post.postState, reasons: [], nextStep: next)
        }
    }

    /// The steps done and the role this user would approve for, or why they may not.
    private func nextStep(for post: PostRecord, chain: ApprovalChain, db: Database? = nil) throws -> ([ApprovalChain.Approval], Role) {
        let records = try db.map { try PostApprovalRecord.current(for: post.id!, in: $0) }
            ?? home.database.read { try PostApprovalRecord.current(for: post.id!, in: $0) }
        let approvals = records.compactMap(\.approval)
        if let problem = chain.problem(user: user.name, roles: user.roles, preparer: post.preparedBy, approvals: approvals) {
            throw PhotogateError.forbidden(problem)
        }
        let done = chain.completed(approvals)
        return (done, chain.nextStep(after: done)!)
    }

    public func reject(_ postID: Int64, reason: String, now: Date = Date()) throws {
        let chain = try chain()
        try requireApprover(chain)
        let reason = try OutsideText.typed(reason, field: "the reason")
        guard !reason.isEmpty else { throw PhotogateError.invalid("say why the post is rejected", code: "reason.missing") }
        try home.database.write { db in
            var post = try PostLookup.fetch(postID, db)
            guard !Identifier.same(post.preparedBy, user.name) else {
                throw PhotogateError.forbidden("nobody approves or rejects a post they prepared")
            }
            try post.move(.reject, at: now, reason: reason)
            try post.update(db)
            try AuditLog.append(db, actor: user.name, action: "post.rejected", subject: "post \(postID)", details: ["reason": reason], at: now)
        }
    }
}

/// What changes elsewhere when consent or approval no longer holds for a post.
enum PostConsequences {
    /// Sends a queued or approved post back to its preparer; its approvals stop counting.
    static func giveBack(_ postID: Int64, reasons: [String], actor: String, home: PhotogateHome, now: Date) throws {
        try home.database.write { try giveBack(postID, reasons: reasons, actor: actor, db: $0, now: now) }
    }

    static func giveBack(_ postID: Int64, reasons: [String], actor: String, db: Database, now: Date) throws {
        var post = try PostLookup.fetch(postID, db)
        try post.move(.giveBack, at: now, reason: reasons.joined(separator: "\n"))
        try post.update(db)
        try db.execute(sql: "UPDATE postApproval SET void = 1 WHERE postId = ?", arguments: [postID])
        try AuditLog.append(db, actor: actor, action: "post.returned", subject: "post \(postID)",
                            details: ["to": post.preparedBy, "reasons": reasons.joined(separator: "\n")], at: now)
    }

    /// After a consent import: every queued or approved post showing (or naming) someone who
    /// may no longer appear for its channel goes back to its preparer; every published one is
    /// listed for takedown. Runs inside the import's transaction. Anything that cannot be
    /// checked counts as a loss.
    static func consentChanged(_ people: [ConsentRecord], actor: String, db: Database, now: Date) throws -> (returned: [Int64], takedowns: [TakedownRecord]) {
        let directory = PersonDirectory(people, names: .standard)
        let today = CalendarDate(now)
        var returned: [Int64] = []
        var takedowns: [TakedownRecord] = []
        let channels = Dictionary(uniqueKeysWithValues: try ChannelRecord.fetchAll(db).map { ($0.id, $0) })
        var listed = Set(try TakedownRecord.fetchAll(db).map(\.key))
        let live = [PostState.queued, .approved, .published].map(\.rawValue)
        for post in try PostRecord.filter(live.contains(Column("state"))).order(Column("id")).fetchAll(db) {
            var lost: [(person: String, image: String, reason: String)] = []
            let photos = try PostPhotoRecord.of(post: post.id!, in: db)
            let channel = channels[post.channelId]
            if channel == nil { lost.append(("-", "-", "the channel of the post is missing from the register")) }
            var decisions: [PhotoDecision] = []
            for photo in photos {
                // What was published is the render: that is the image to find and take down.
                let image = photo.renderSHA256 ?? photo.sha256
                guard let decision = photo.storedDecision else {
                    lost.append(("-", image, "the recorded decision of photo \(photo.position) cannot be read"))
                    continue
                }
                decisions.append(decision)
                for loss in ConsentLoss.losses(in: decision, purpose: channel?.purpose ?? "", directory: directory, today: today) {
                    lost.append((loss.personID, image, "\(loss.reason) (photo \(photo.position))"))
                }
            }
            for problem in CaptionCheck.problems(caption: post.caption, people: people, photos: decisions, today: today, names: .standard) {
                lost.append((problem.personID, "caption", problem.message))
            }
            guard !lost.isEmpty else { continue }
            if post.postState == .published {
                for item in lost {
                    var takedown = TakedownRecord(postId: post.id!, personId: item.person, sha256: item.image, reason: item.reason, listedAt: now)
                    guard listed.insert(takedown.key).inserted else { continue }
                    try takedown.insert(db)
                    takedowns.append(takedown)
                    try AuditLog.append(db, actor: actor, action: "takedown.listed", subject: "post \(post.id!)", details: [
                        "channel": post.channelId, "person": item.person, "image": item.image, "reason": item.reason,
                        "published_at": post.publishedAt.map(Timestamp.string) ?? "",
                    ], at: now)
                }
            } else {
                try giveBack(post.id!, reasons: lost.map(\.reason), actor: actor, db: db, now: now)
                returned.append(post.id!)
            }
        }
        return (returned, takedowns)
    }
}
