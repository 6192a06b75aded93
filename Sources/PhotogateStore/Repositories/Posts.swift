import Foundation
import PhotogateCore

/// A post with its photos and the approvals that count now.
public struct PostDetails: Sendable {
    public var post: Post
    public var photos: [PostPhoto]
    public var approvals: [PostApproval]
}

/// A photo of a post as its preparation decided it, with its render (the verified JPEG to
/// publish) when it may be published.
public struct PreparedPhoto: Sendable {
    public var position: Int
    public var sha256: String
    public var decision: PhotoDecision
    public var render: [UInt8]?

    public init(position: Int, sha256: String, decision: PhotoDecision, render: [UInt8]?) {
        self.position = position
        self.sha256 = sha256
        self.decision = decision
        self.render = render
    }
}

/// What became of a post sent for approval.
public struct PostOutcome: Sendable {
    public var post: Int64
    public var state: PostState
    /// Every reason it was not accepted into the queue (empty when it was).
    public var reasons: [String]
    /// True when an earlier run of the same request had already made it.
    public var madeBefore = false

    public init(post: Int64, state: PostState, reasons: [String], madeBefore: Bool = false) {
        self.post = post
        self.state = state
        self.reasons = reasons
        self.madeBefore = madeBefore
    }
}

/// Posts, their approval, publication and takedowns.
public protocol PostStore: Sendable {
    func post(id: Int64) async throws -> PostDetails?
    func all() async throws -> [Post]
    func queued() async throws -> [PostDetails]
    /// A post on its way by the same person for the same channel, with the same caption,
    /// checklist and photos: the one an earlier run of the same request made.
    func existing(like post: Post, photos: [String]) async throws -> Post?
    /// Stores a new post with its photos and renders, queued when `reasons` is empty and a
    /// draft with them otherwise, in one transaction. When the same post (`existing(like:)`)
    /// is there already, made by the same request run at the same moment, makes nothing and
    /// says so (`madeBefore`), with that post's state and reasons.
    /// `renderedUnder` names the settings the renders were drawn under; queueing records it.
    func create(_ post: Post, photos: [PreparedPhoto], reasons: [String], renderedUnder: String) async throws -> PostOutcome
    /// Replaces the photos of a draft or returned post with newly prepared ones and queues it
    /// (or keeps it a draft with the reasons). Only its preparer sends it.
    func resubmit(_ id: Int64, photos: [PreparedPhoto], reasons: [String], renderedUnder: String, by actor: String, at time: Date) async throws -> PostOutcome
    /// Takes the next step of the approval chain for someone with `roles`, recording what
    /// the step approved (`ApprovedContent`, with what its latest queueing recorded the
    /// renders were drawn under).
    func approve(_ id: Int64, by actor: String, roles: Set<Role>, chain: ApprovalChain, note: String?, at time: Date) async throws -> PostDetails
    func reject(_ id: Int64, reason: String, by actor: String, at time: Date) async throws
    /// Sends a queued or approved post back to its preparer; its approvals stop counting.
    func giveBack(_ id: Int64, reasons: [String], by actor: String, at time: Date) async throws
    /// Records that an approved post was published, to `outbox` (the front end's words for where).
    func recordPublication(_ id: Int64, outbox: String, images: [String], by actor: String, at time: Date) async throws -> Post
    /// What the final approval of the post recorded in the log, while nothing but its
    /// publication has followed it.
    func approvedContent(of id: Int64) async throws -> ApprovedContent?
    /// Every post with a photo in which a face is tagged as this person, newest first.
    func posts(showing personID: String) async throws -> [Post]
    /// The post photo whose render has this hash, if any.
    func photo(renderedAs sha256: String) async throws -> PostPhoto?
    /// What the latest queueing of the post recorded its renders were drawn under, from the log.
    func renderedUnder(of id: Int64) async throws -> String?
    /// A post photo's render, read from the home and checked against its recorded hash.
    func render(of photo: PostPhoto) async throws -> [UInt8]
    /// The home's file for a recorded render, for showing to people.
    func renderLocation(of photo: PostPhoto) -> String?
    /// What must still be taken down, with its post.
    func outstandingTakedowns() async throws -> [(takedown: Takedown, post: Post)]
    func outstandingTakedowns(of post: Int64) async throws -> [Takedown]
    func confirmTakedown(of post: Int64, note: String?, by actor: String, at time: Date) async throws
}

/// The audit log, for auditors.
public protocol AuditStore: Sendable {
    /// Recomputes the chain and the state it records.
    func verify() async throws -> AuditLog.Verification
    /// The first way, in words, the rows in `scope` differ from what the log last recorded
    /// of them, or the end of the log was cut or edited; nil when neither: what a decision
    /// checks before it reads them, at a cost proportionate to them rather than to the whole
    /// log and state (which `verify` recomputes).
    func unrecordedChange(in scope: StateScope) async throws -> String?
    func events(since: Date?) async throws -> [AuditEvent]
    /// Whether exactly one event's hash starts with `prefix`.
    func containsEvent(hashStartingWith prefix: String) async throws -> Bool
    /// The events with this action about this subject since a moment, oldest first.
    func events(action: String, subject: String, since: Date) async throws -> [AuditEvent]
    /// The log's latest event (its head). Every change to the registers, photos and posts
    /// appends its event in the same transaction, so while its id stays the same, so does
    /// everything they hold: a page built from them can be kept until it moves.
    func latestEvent() async throws -> AuditEvent?
    /// Records something that happened without changing any state (a sign-in, a refused one).
    func note(action: String, subject: String, actor: String, details: [String: String], at time: Date) async throws
}
