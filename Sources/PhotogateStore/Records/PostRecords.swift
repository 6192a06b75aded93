import Foundation
import GRDB
import PhotogateCore

/// A post on its way to a channel.
public struct PostRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "post"

    public var id: Int64?
    public var channelId: String
    public var caption: String
    /// The ticked checklist items, comma-separated.
    public var checklist: String
    public var preparedBy: String
    public var createdAt: Date
    public var state: String
    public var stateChangedAt: Date
    /// Why it is in its state, when someone or something sent it there (reasons, one per line).
    public var stateReason: String?
    public var publishedAt: Date?
    public var publishedBy: String?
    public var outbox: String?

    public init(channelId: String, caption: String, checklist: [String], preparedBy: String, createdAt: Date) {
        self.channelId = channelId
        self.caption = caption
        self.checklist = checklist.joined(separator: ",")
        self.preparedBy = preparedBy
        self.createdAt = createdAt
        state = PostState.draft.rawValue
        stateChangedAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var postState: PostState { PostState(rawValue: state) ?? .rejected }

    /// A post on its way (`PostState.isOnItsWay`) by the same person for the same channel,
    /// with the same caption, checklist and photos in the same order as `post`: the one an
    /// earlier run of the same request made.
    public static func onItsWay(like post: PostRecord, photos: [String], in db: Database) throws -> PostRecord? {
        let states = PostState.allCases.filter(\.isOnItsWay).map(\.rawValue)
        let candidates = try PostRecord
            .filter(Column("preparedBy") == post.preparedBy && Column("channelId") == post.channelId
                    && Column("caption") == post.caption && Column("checklist") == post.checklist && states.contains(Column("state")))
            .order(Column("id"))
            .fetchAll(db)
        return try candidates.first { candidate in
            try PostPhotoRecord.of(post: candidate.id!, in: db).map(\.sha256) == photos
        }
    }

    /// Moves the post on, or throws why it cannot go there.
    public mutating func apply(_ event: PostState.Event, at time: Date, reason: String? = nil) throws(PostState.InvalidTransition) {
        state = try postState.after(event).rawValue
        stateChangedAt = time
        stateReason = reason
    }
}

/// A photo of a post: its decision when the post was prepared, and its render.
public struct PostPhotoRecord: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "postPhoto"

    public var postId: Int64
    public var position: Int
    public var sha256: String
    /// The decision, as JSON.
    public var decision: String
    /// The photo exactly as it would be published (faces hidden, no metadata).
    public var renderPath: String?
    public var renderSHA256: String?

    public init(postId: Int64, position: Int, sha256: String, decision: PhotoDecision, renderPath: String?, renderSHA256: String?) throws {
        self.postId = postId
        self.position = position
        self.sha256 = sha256
        self.decision = String(decoding: try JSONEncoder().encode(decision), as: UTF8.self)
        self.renderPath = renderPath
        self.renderSHA256 = renderSHA256
    }

    public var storedDecision: PhotoDecision? {
        try? JSONDecoder().decode(PhotoDecision.self, from: Data(decision.utf8))
    }

    public static func of(post id: Int64, in db: Database) throws -> [PostPhotoRecord] {
        try PostPhotoRecord.filter(Column("postId") == id).order(Column("position")).fetchAll(db)
    }
}

/// One step of a post's approval chain, taken.
public struct PostApprovalRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "postApproval"

    public var id: Int64?
    public var postId: Int64
    public var step: Int
    public var role: String
    public var user: String
    public var at: Date
    public var note: String?
    /// Approvals of an earlier submission, no longer counting after the post came back.
    public var void: Bool

    /// The step as the approval chain counts it; nil for a role this version does not know.
    public var approval: ApprovalChain.Approval? {
        Role(rawValue: role).map { ApprovalChain.Approval(user: user, role: $0) }
    }

    public init(postId: Int64, step: Int, role: Role, user: String, at: Date, note: String?) {
        self.postId = postId
        self.step = step
        self.role = role.rawValue
        self.user = user
        self.at = at
        self.note = note
        void = false
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The approvals counting now, in step order.
    public static func current(for post: Int64, in db: Database) throws -> [PostApprovalRecord] {
        try PostApprovalRecord.filter(Column("postId") == post && Column("void") == false).order(Column("step")).fetchAll(db)
    }
}

/// A published post showing someone whose consent has ended: the school must take it down.
public struct TakedownRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "takedown"

    public var id: Int64?
    public var postId: Int64
    public var personId: String
    public var sha256: String
    public var reason: String
    public var listedAt: Date
    public var doneAt: Date?
    public var doneBy: String?
    public var note: String?

    /// What a takedown is about, listed once: a post, a person and an image.
    public struct Key: Hashable, Sendable {
        public var postId: Int64
        public var personId: String
        public var sha256: String
    }

    public var key: Key { Key(postId: postId, personId: personId, sha256: sha256) }

    /// What must still be taken down from one post.
    public static func outstanding(for post: Int64, in db: Database) throws -> [TakedownRecord] {
        try TakedownRecord.filter(Column("postId") == post && Column("doneAt") == nil).order(Column("id")).fetchAll(db)
    }

    public init(postId: Int64, personId: String, sha256: String, reason: String, listedAt: Date) {
        self.postId = postId
        self.personId = personId
        self.sha256 = sha256
        self.reason = reason
        self.listedAt = listedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
