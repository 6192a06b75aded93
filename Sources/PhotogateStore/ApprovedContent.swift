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

    public init(renders: [Int: String], caption: String) {
        self.renders = renders
        captionSHA256 = Digest.sha256(Array(caption.utf8))
    }

    /// The details an approval event carries.
    public var eventDetails: [String: String] {
        [
            "renders": renders.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            "caption_sha256": captionSHA256,
        ]
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
        var content = ApprovedContent(renders: renders, caption: "")
        content.captionSHA256 = caption
        return content
    }
}
