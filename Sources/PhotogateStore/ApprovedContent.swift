import GRDB
import PhotogateFiles

/// What the head approved, as the audit log recorded it: each photo's render hash by
/// position, and the caption's hash. Publishing compares the files and caption it is about
/// to publish with this record, not with the tables, which someone could edit.
public struct ApprovedContent: Sendable, Equatable {
    /// The action of the event that completes a post's approval chain.
    public static let finalApprovalAction = "post.approved"

    /// Render SHA-256 by photo position.
    public var renders: [Int: String]
    public var captionSHA256: String
    /// The settings the renders were drawn under (a digest the front end's use case makes),
    /// as recorded when the post was queued; nil in approvals made before it was recorded.
    public var renderedUnder: String?

    public init(renders: [Int: String], caption: String, renderedUnder: String?) {
        self.renders = renders
        captionSHA256 = Digest.sha256(Array(caption.utf8))
        self.renderedUnder = renderedUnder
    }

    /// The details an approval event carries.
    public var eventDetails: [String: String] {
        [
            "renders": renders.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            "caption_sha256": captionSHA256,
        ].merging(renderedUnder.map { [Self.renderedUnderDetail: $0] } ?? [:]) { $1 }
    }

    /// The detail of `post.queued` and approval events that records the settings the renders
    /// were drawn under.
    static let renderedUnderDetail = "rendered_under"

    /// What the latest queueing of a post recorded its renders were drawn under.
    static func renderedUnder(post postID: Int64, _ db: Database) throws -> String? {
        try AuditEvent.filter(Column("subject") == "post \(postID)" && Column("action") == "post.queued")
            .order(Column("id").desc).fetchOne(db)?.detailValues[renderedUnderDetail]
    }

    /// The action that records a post's publication, the one event that may follow its approval.
    public static let publicationAction = "post.published"

    /// The content the final approval of a post recorded, when nothing but its publication
    /// follows that approval in the log; nil otherwise (never approved, approved in an
    /// earlier round, or changed since).
    public static func recorded(forPost postID: Int64, _ db: Database) throws -> ApprovedContent? {
        guard let event = try AuditEvent
            .filter(Column("subject") == "post \(postID)" && Column("action") != publicationAction)
            .order(Column("id").desc).fetchOne(db),
              event.action == finalApprovalAction else { return nil }
        let details = event.detailValues
        guard let caption = details["caption_sha256"], let list = details["renders"] else { return nil }
        var renders: [Int: String] = [:]
        for item in list.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let position = Int(parts[0]) else { return nil }
            renders[position] = String(parts[1])
        }
        var content = ApprovedContent(renders: renders, caption: "", renderedUnder: details[renderedUnderDetail])
        content.captionSHA256 = caption
        return content
    }
}
