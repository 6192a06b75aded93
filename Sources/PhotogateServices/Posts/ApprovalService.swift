import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateStore

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
        public var post: Post
        public var channel: Channel
        public var photos: [PostPhoto]
        public var approvals: [PostApproval]
        /// The role the next approval needs.
        public var nextStep: Role?
        /// Why the person asking may not take that step (they prepared the post, or already
        /// approved a step of it), or nil when they may.
        public var whyNotYou: String?
    }

    public struct ApprovalOutcome: Sendable {
        public var post: Int64
        public var state: PostState
        /// Why the approval was refused (the post went back to its preparer); empty otherwise.
        public var reasons: [String]
        public var nextStep: Role?
    }

    /// Someone who can take a step of the chain: the roles that approve are the chain's
    /// (configuration), not a fixed permission.
    private func requireApprover(_ chain: ApprovalChain) throws {
        try user.requireActive()
        guard !user.roles.isDisjoint(with: Set(chain.steps)) else {
            let needed = Set(chain.steps).sorted().map(\.rawValue).joined(separator: " or ")
            throw PhotogateError.forbidden("\(user.name) may not approve posts (needs the \(needed) role)")
        }
    }

    public func queue() async throws -> [QueueEntry] {
        let chain = try await home.settings.current().approvalChain
        try requireApprover(chain)
        var entries: [QueueEntry] = []
        for details in try await home.posts.queued() {
            guard let channel = try await home.channels.channel(id: details.post.channelId) else {
                throw PhotogateError.integrity("the channel of post \(details.post.id!) is missing from the register")
            }
            let approvals = details.approvals.map(\.approval)
            entries.append(QueueEntry(post: details.post, channel: channel, photos: details.photos, approvals: details.approvals,
                                      nextStep: chain.nextStep(after: approvals),
                                      whyNotYou: chain.problem(user: user.name, roles: user.roles, preparer: details.post.preparedBy, approvals: approvals)))
        }
        return entries
    }

    /// What the queue's state is known by (the audit log's latest event): while it stays
    /// the same, `queue()` answers the same for the same person. Read it before the queue, so
    /// that a queue kept under it is never older than it.
    public func queueVersion() async throws -> Int64 {
        try requireApprover(try await home.settings.current().approvalChain)
        return try await home.audit.latestEvent()?.id ?? 0
    }

    /// Approves the next step. Consent is checked again against the list in force: if any
    /// photo's decision would now differ, or the caption now names someone without consent,
    /// approval is refused and the post goes back to its preparer with the reasons.
    public func approve(_ postID: Int64, note: String?, engine: FaceEngine, now: Date = Date()) async throws -> ApprovalOutcome {
        let chain = try await home.settings.current().approvalChain
        try requireApprover(chain)
        let note = try OutsideText.typed(note, field: "the note").flatMap { $0.isEmpty ? nil : $0 }
        guard let details = try await home.posts.post(id: postID) else { throw PhotogateError.notFound("there is no post \(postID)", code: "post.unknown") }
        guard details.post.state == .queued else {
            throw PhotogateError.conflict("post \(postID) is \(details.post.state.rawValue); only a queued post is approved", code: "post.state")
        }
        try await RecordGate.requireRecorded(.posts([postID]), in: home)
        // Checked before the (slow) re-check; the store checks again in its transaction.
        if let problem = chain.problem(user: user.name, roles: user.roles, preparer: details.post.preparedBy,
                                       approvals: details.approvals.map(\.approval)) {
            throw PhotogateError.forbidden(problem, code: "post.approval")
        }
        let differences = try await PostRecheck(checker: PhotoChecker(home: home, user: user, engine: engine))
            .differences(details, renderedUnder: try await home.posts.renderedUnder(of: postID), now: now)
        if !differences.isEmpty {
            try await home.posts.giveBack(postID, reasons: differences, by: user.name, at: now)
            return ApprovalOutcome(post: postID, state: .returned, reasons: differences, nextStep: nil)
        }
        let approved = try await home.posts.approve(postID, by: user.name, roles: user.roles, chain: chain, note: note, at: now)
        return ApprovalOutcome(post: postID, state: approved.post.state, reasons: [],
                               nextStep: approved.post.state == .queued ? chain.nextStep(after: approved.approvals.map(\.approval)) : nil)
    }

    public func reject(_ postID: Int64, reason: String, now: Date = Date()) async throws {
        let chain = try await home.settings.current().approvalChain
        try requireApprover(chain)
        let reason = try OutsideText.typed(reason, field: "the reason")
        guard !reason.isEmpty else { throw PhotogateError.invalid("say why the post is rejected", code: "reason.missing") }
        try await home.posts.reject(postID, reason: reason, by: user.name, at: now)
    }
}
