import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore

/// Publishing: only approved posts, to an outbox folder the CEO or PA posts from.
public struct PublishService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct Outcome: Sendable {
        public var post: Int64
        public var folder: String
        public var images: [String]
        /// True when the post had already been published: nothing new was done.
        public var alreadyPublished: Bool
        /// Why it was not published: consent changed since approval, and the post went back
        /// to its preparer. Empty when it was published.
        public var refusedBecause: [String] = []
    }

    /// The manifest written beside the images.
    struct Manifest: Codable, Equatable {
        struct Image: Codable, Equatable {
            var file: String
            var sha256: String
        }

        var post: Int64
        var channel: String
        var platform: String
        var account: String
        var purpose: String
        var caption: String
        var prepared_by: String
        var prepared_at: String
        var approvers: [[String: String]]
        var published_by: String
        var published_at: String
        var images: [Image]
    }

    /// Writes `outbox/POST/` (the rendered JPEGs, `caption.txt`, `manifest.json`), checks every
    /// image once more as `sanitize` does, and marks the post published. Consent is checked
    /// once more first. The folder appears whole or not at all; publishing twice does nothing
    /// new, and a run cut short after the folder appeared is finished by the next.
    public func publish(_ postID: Int64, outbox: String, now: Date = Date()) throws -> Outcome {
        try user.require(.publishPosts)
        let (post, photos) = try PostLookup(home: home).post(postID)
        if post.postState == .published || post.postState == .takenDown, let folder = post.outbox {
            let images = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jpg") }.sorted()
            return Outcome(post: postID, folder: folder, images: images, alreadyPublished: true)
        }
        guard post.postState == .approved else {
            throw ServiceError.invalid(PostState.InvalidTransition(from: post.postState, event: .publish).description)
        }
        // Nothing is published from a home whose tables are not what the record says: not
        // even the consent re-check below runs on state that might have been edited.
        try RecordGate.requireIntact(home)
        let differences = try PostRecheck(home: home, user: user).differences(post: post, photos: photos, now: now)
        if !differences.isEmpty {
            try PostConsequences.giveBack(postID, reasons: differences, actor: user.name, home: home, now: now)
            return Outcome(post: postID, folder: "", images: [], alreadyPublished: false, refusedBecause: differences)
        }
        let (channel, approvals, approved) = try home.database.read { db -> (ChannelRecord, [PostApprovalRecord], ApprovedContent) in
            guard let channel = try ChannelRecord.find(post.channelId, in: db) else {
                throw ServiceError.integrity("the channel of post \(postID) is missing from the register")
            }
            guard let approved = try ApprovedContent.recorded(forPost: postID, db),
                  approved.captionSHA256 == Digest.sha256(Array(post.caption.utf8)),
                  approved.renders.count == photos.count else {
                throw ServiceError.integrity("post \(postID) is not what the audit log records as approved; nothing was published")
            }
            return (channel, try PostApprovalRecord.current(for: postID, in: db), approved)
        }

        // Every image must be the render the log records as approved, and still clean.
        var images: [(name: String, bytes: [UInt8], sha256: String)] = []
        for photo in photos {
            guard let path = photo.renderPath, let expected = approved.renders[photo.position],
                  let bytes = try? SafeFile.read(path, maxBytes: .max), Digest.sha256(bytes) == expected else {
                throw ServiceError.integrity("the approved render of photo \(photo.position) is missing or was changed; nothing was published")
            }
            do {
                try CleanJPEGVerifier.verify(bytes)
            } catch {
                throw ServiceError.integrity("photo \(photo.position) failed the final check (\(error)); nothing was published")
            }
            images.append((String(format: "%02d.jpg", photo.position), bytes, expected))
        }

        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        let outboxPath = URL(fileURLWithPath: outbox).standardizedFileURL.path
        let folder = outboxPath + "/\(postID)"
        let manifest = Manifest(
            post: postID, channel: channel.id, platform: channel.platform, account: channel.account, purpose: channel.purpose,
            caption: post.caption, prepared_by: post.preparedBy, prepared_at: Timestamp.string(post.createdAt),
            approvers: approvals.map { ["user": $0.user, "role": $0.role, "at": Timestamp.string($0.at), "note": $0.note ?? ""] },
            published_by: user.name, published_at: Timestamp.string(now),
            images: images.map { Manifest.Image(file: $0.name, sha256: $0.sha256) }
        )

        var staging: String?
        if SafeFile.entry(at: folder) != .missing {
            // Only an earlier run of this very publication may have left it: then it is finished.
            guard let existing = try? JSONDecoder().decode(Manifest.self, from: Data(SafeFile.read(folder + "/manifest.json", maxBytes: 1_000_000))),
                  existing.post == postID, existing.images == manifest.images else {
                throw ServiceError.invalid("\(folder) already exists and does not belong to this publication; move it away first")
            }
        } else {
            staging = try stage(manifest, images: images, caption: post.caption, in: outboxPath)
        }

        do {
            try home.database.write { db in
                var post = try PostLookup.fetch(postID, db)
                guard post.postState == .approved else {
                    throw ServiceError.invalid("post \(postID) changed while it was being published; it is \(post.postState.rawValue) now")
                }
                if let staging {
                    guard rename(staging, folder) == 0 else { throw FileSystemError.fromErrno(folder) }
                    AtomicFile.syncFolder(outboxPath)
                }
                try post.move(.publish, at: now)
                post.publishedAt = now
                post.publishedBy = user.name
                post.outbox = folder
                try post.update(db)
                try AuditLog.append(db, actor: user.name, action: "post.published", subject: "post \(postID)", details: [
                    "channel": channel.id, "outbox": folder, "images": images.map(\.sha256).joined(separator: ","),
                ], at: now)
            }
        } catch {
            if let staging { try? FileManager.default.removeItem(atPath: staging) }
            throw error
        }
        return Outcome(post: postID, folder: folder, images: images.map(\.name), alreadyPublished: false)
    }

    /// Writes the publication under a temporary name in the outbox and reads it back; the
    /// caller renames it into place.
    private func stage(_ manifest: Manifest, images: [(name: String, bytes: [UInt8], sha256: String)], caption: String,
                       in outbox: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let staging = outbox + "/.\(manifest.post).partial-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        do {
            for image in images { try AtomicFile(destination: staging + "/" + image.name).write(image.bytes) }
            try AtomicFile(destination: staging + "/caption.txt").write(Array((caption + "\n").utf8))
            try AtomicFile(destination: staging + "/manifest.json").write(Array(try encoder.encode(manifest)) + [0x0A])
            // Byte for byte what passed the final check above, so that check holds for the copy.
            for image in images {
                let written = try SafeFile.read(staging + "/" + image.name, maxBytes: .max)
                guard Digest.sha256(written) == image.sha256 else { throw ServiceError.integrity("\(image.name) changed while it was written") }
            }
            return staging
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }
}

/// Published posts that show someone whose consent has ended.
public struct TakedownService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct Entry: Sendable {
        public var takedown: TakedownRecord
        public var post: PostRecord
    }

    /// What must still be taken down.
    public func outstanding() throws -> [Entry] {
        try user.require(.viewTakedowns)
        return try home.database.read { db in
            try TakedownRecord.filter(Column("doneAt") == nil).order(Column("id")).fetchAll(db).map { takedown in
                let post = try PostLookup.fetch(takedown.postId, db)
                return Entry(takedown: takedown, post: post)
            }
        }
    }

    /// Records that a published post was taken down from its channel.
    public func confirm(_ postID: Int64, note: String?, now: Date = Date()) throws {
        try user.require(.confirmTakedowns)
        let note = try OutsideText.typed(note, field: "the note")
        try home.database.write { db in
            var post = try PostLookup.fetch(postID, db)
            try post.move(.takeDown, at: now, reason: note)
            try post.update(db)
            try db.execute(sql: "UPDATE takedown SET doneAt = ?, doneBy = ?, note = ? WHERE postId = ? AND doneAt IS NULL",
                           arguments: [now, user.name, note, postID])
            try AuditLog.append(db, actor: user.name, action: "post.taken-down", subject: "post \(postID)",
                                details: ["channel": post.channelId, "note": note ?? ""], at: now)
        }
    }
}
