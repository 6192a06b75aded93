import Foundation

/// A post on its way to a channel.
public struct Post: Sendable, Equatable, Codable {
    /// Nil until the post is stored.
    public var id: Int64?
    public var channelId: String
    public var caption: String
    /// The ticked items of the contributor's checklist.
    public var checklist: [String]
    public var preparedBy: String
    public var createdAt: Date
    public var state: PostState
    public var stateChangedAt: Date
    /// Why it is in its state, when someone or something sent it there (reasons, one per line).
    public var stateReason: String?
    public var publishedAt: Date?
    public var publishedBy: String?
    /// Where it was published (the outbox folder the front end chose).
    public var outbox: String?

    public init(channelId: String, caption: String, checklist: [String], preparedBy: String, createdAt: Date) {
        self.channelId = channelId
        self.caption = caption
        self.checklist = checklist
        self.preparedBy = preparedBy
        self.createdAt = createdAt
        state = .draft
        stateChangedAt = createdAt
    }

    /// Moves the post on by `event`, or refuses (as a conflict with the state it is in).
    public mutating func move(_ event: PostState.Event, at time: Date, reason: String? = nil) throws(PhotogateError) {
        do {
            state = try state.after(event)
        } catch {
            throw .conflict(error.description, code: "post.state")
        }
        stateChangedAt = time
        stateReason = reason
    }

    /// Its number, for people ("post 12").
    public var name: String { id.map { "post \($0)" } ?? "a new post" }
}

/// A photo of a post: its decision when the post was prepared, and its render.
public struct PostPhoto: Sendable, Equatable, Codable {
    public var postId: Int64
    public var position: Int
    public var sha256: String
    public var decision: PhotoDecision
    /// The photo exactly as it would be published (faces hidden, no metadata): where it is
    /// kept in the home, and its hash. Nil when it may not be published.
    public var renderPath: String?
    public var renderSHA256: String?

    public init(postId: Int64, position: Int, sha256: String, decision: PhotoDecision, renderPath: String?, renderSHA256: String?) {
        self.postId = postId
        self.position = position
        self.sha256 = sha256
        self.decision = decision
        self.renderPath = renderPath
        self.renderSHA256 = renderSHA256
    }
}

/// One step of a post's approval chain, taken.
public struct PostApproval: Sendable, Equatable, Codable {
    public var id: Int64?
    public var postId: Int64
    public var step: Int
    public var role: Role
    public var user: String
    public var at: Date
    public var note: String?
    /// Approvals of an earlier submission, no longer counting after the post came back.
    public var void: Bool

    public init(postId: Int64, step: Int, role: Role, user: String, at: Date, note: String?) {
        self.postId = postId
        self.step = step
        self.role = role
        self.user = user
        self.at = at
        self.note = note
        void = false
    }

    /// The step as the approval chain counts it.
    public var approval: ApprovalChain.Approval { ApprovalChain.Approval(user: user, role: role) }
}

/// A published post showing someone whose consent has ended: the school must take it down.
public struct Takedown: Sendable, Equatable, Codable {
    public var id: Int64?
    public var postId: Int64
    public var personId: String
    /// The published image (or "caption") that shows them.
    public var sha256: String
    public var reason: String
    public var listedAt: Date
    public var doneAt: Date?
    public var doneBy: String?
    public var note: String?

    public init(postId: Int64, personId: String, sha256: String, reason: String, listedAt: Date) {
        self.postId = postId
        self.personId = personId
        self.sha256 = sha256
        self.reason = reason
        self.listedAt = listedAt
    }

    /// What a takedown is about, listed once: a post, a person and an image.
    public struct Key: Hashable, Sendable {
        public var postId: Int64
        public var personId: String
        public var sha256: String
    }

    public var key: Key { Key(postId: postId, personId: personId, sha256: sha256) }
}
