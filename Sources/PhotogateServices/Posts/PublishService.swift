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
        /// True when the post had already been published: nothing new was done, unless
        /// `folderFinished`.
        public var alreadyPublished: Bool
        /// True when the post was recorded as published by a run that ended before its folder
        /// appeared, and this run wrote the folder.
        public var folderFinished = false
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

    /// An image of the publication: its name in the folder, its bytes and their hash.
    typealias Image = (name: String, bytes: [UInt8], sha256: String)

    /// Writes `outbox/POST/` (the rendered JPEGs, `caption.txt`, `manifest.json`), checks every
    /// image once more as `sanitize` does, and marks the post published. Consent is checked
    /// once more first. The folder is written in a staging folder of this run's own and
    /// appears whole, by one rename, after the publication is recorded: the outbox never
    /// shows a post the record does not call published. Publishing twice does nothing new;
    /// a run cut short after the publication was recorded is finished by the next.
    public func publish(_ postID: Int64, outbox: String, now: Date = Date()) throws -> Outcome {
        try user.require(.publishPosts)
        let (post, photos) = try PostLookup(home: home).post(postID)
        if post.postState == .published || post.postState == .takenDown, let folder = post.outbox {
            let unfinished = post.postState == .published && SafeFile.entry(at: folder) == .missing
            if unfinished { try finish(post, photos: photos, in: folder) }
            let images = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jpg") }.sorted()
            return Outcome(post: postID, folder: folder, images: images, alreadyPublished: true, folderFinished: unfinished)
        }
        guard post.postState == .approved else {
            throw PhotogateError.invalid(PostState.InvalidTransition(from: post.postState, event: .publish).description)
        }
        // Nothing is published from a home whose tables are not what the record says: not
        // even the consent re-check below runs on state that might have been edited.
        try RecordGate.requireIntact(home)
        let differences = try PostRecheck(home: home, user: user).differences(post: post, photos: photos, now: now)
        if !differences.isEmpty {
            try PostConsequences.giveBack(postID, reasons: differences, actor: user.name, home: home, now: now)
            return Outcome(post: postID, folder: "", images: [], alreadyPublished: false, refusedBecause: differences)
        }
        let images = try approvedImages(of: post, photos)

        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        let outboxPath = URL(fileURLWithPath: outbox).standardizedFileURL.path
        let folder = outboxPath + "/\(postID)"
        var published = post
        published.publishedAt = now
        published.publishedBy = user.name
        let (channel, manifest) = try manifest(of: published, images: images)

        // Only an earlier version's run of this very publication, killed before it recorded
        // it, may have left the folder: then it is recorded now.
        let adopting = SafeFile.entry(at: folder) != .missing
        if adopting {
            guard let existing = try? JSONDecoder().decode(Manifest.self, from: Data(SafeFile.read(folder + "/manifest.json", maxBytes: 1_000_000))),
                  existing.post == postID, existing.images == manifest.images else {
                throw PhotogateError.invalid("\(folder) already exists and does not belong to this publication; move it away first")
            }
        }
        try StagingFolder.using(in: outboxPath) { staging in
            let staged = adopting ? nil : try stage(manifest, images: images, caption: post.caption, in: staging)
            try home.database.write { db in
                var post = try PostLookup.fetch(postID, db)
                guard post.postState == .approved else {
                    throw PhotogateError.invalid("post \(postID) changed while it was being published; it is \(post.postState.rawValue) now")
                }
                try post.move(.publish, at: now)
                post.publishedAt = now
                post.publishedBy = user.name
                post.outbox = folder
                try post.update(db)
                try AuditLog.append(db, actor: user.name, action: ApprovedContent.publicationAction, subject: "post \(postID)", details: [
                    "channel": channel.id, "outbox": folder, "images": images.map(\.sha256).joined(separator: ","),
                ], at: now)
            }
            if let staged { try place(staged, at: folder) }
        }
        return Outcome(post: postID, folder: folder, images: images.map(\.name), alreadyPublished: false)
    }

    /// Writes the folder of a publication that is recorded but whose folder never appeared
    /// (the run was killed in between), from the same approved renders.
    private func finish(_ post: PostRecord, photos: [PostPhotoRecord], in folder: String) throws {
        guard try home.database.read({ try TakedownRecord.outstanding(for: post.id!, in: $0) }).isEmpty else {
            throw PhotogateError.invalid("post \(post.id!) is recorded as published but its folder was never written, and it is now listed "
                                       + "for takedown: someone in it may no longer appear, so it is not written")
        }
        let images = try approvedImages(of: post, photos)
        let (_, manifest) = try manifest(of: post, images: images)
        let outbox = (folder as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        try StagingFolder.using(in: outbox) { staging in
            try place(try stage(manifest, images: images, caption: post.caption, in: staging), at: folder)
        }
    }

    /// Every image must be the render the audit log records as approved, and still clean;
    /// the caption too must be the one approved.
    private func approvedImages(of post: PostRecord, _ photos: [PostPhotoRecord]) throws -> [Image] {
        let postID = post.id!
        guard let approved = try home.database.read({ try ApprovedContent.recorded(forPost: postID, $0) }),
              approved.captionSHA256 == Digest.sha256(Array(post.caption.utf8)), approved.renders.count == photos.count else {
            throw PhotogateError.integrity("post \(postID) is not what the audit log records as approved; nothing was published")
        }
        var images: [Image] = []
        for photo in photos {
            guard let path = photo.renderPath.flatMap(home.renders.path(of:)), let expected = approved.renders[photo.position],
                  let bytes = try? SafeFile.read(path, maxBytes: .max), Digest.sha256(bytes) == expected else {
                throw PhotogateError.integrity("the approved render of photo \(photo.position) is missing or was changed; nothing was published")
            }
            do {
                try CleanJPEGVerifier.verify(bytes)
            } catch {
                throw PhotogateError.integrity("photo \(photo.position) failed the final check (\(error)); nothing was published")
            }
            images.append((String(format: "%02d.jpg", photo.position), bytes, expected))
        }
        return images
    }

    /// The manifest of a post as published (`publishedAt` and `publishedBy` set).
    private func manifest(of post: PostRecord, images: [Image]) throws -> (ChannelRecord, Manifest) {
        let postID = post.id!
        let (channel, approvals) = try home.database.read { db -> (ChannelRecord, [PostApprovalRecord]) in
            guard let channel = try ChannelRecord.find(post.channelId, in: db) else {
                throw PhotogateError.integrity("the channel of post \(postID) is missing from the register")
            }
            return (channel, try PostApprovalRecord.current(for: postID, in: db))
        }
        let manifest = Manifest(
            post: postID, channel: channel.id, platform: channel.platform, account: channel.account, purpose: channel.purpose,
            caption: post.caption, prepared_by: post.preparedBy, prepared_at: Timestamp.string(post.createdAt),
            approvers: approvals.map { ["user": $0.user, "role": $0.role, "at": Timestamp.string($0.at), "note": $0.note ?? ""] },
            published_by: post.publishedBy ?? user.name, published_at: Timestamp.string(post.publishedAt ?? Date()),
            images: images.map { Manifest.Image(file: $0.name, sha256: $0.sha256) }
        )
        return (channel, manifest)
    }

    /// Writes the publication in `staging` and reads it back; returns the folder to move.
    private func stage(_ manifest: Manifest, images: [Image], caption: String, in staging: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let folder = staging + "/\(manifest.post)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for image in images { try AtomicFile(destination: folder + "/" + image.name).write(image.bytes) }
        try AtomicFile(destination: folder + "/caption.txt").write(Array((caption + "\n").utf8))
        try AtomicFile(destination: folder + "/manifest.json").write(Array(try encoder.encode(manifest)) + [0x0A])
        // Byte for byte what passed the final check above, so that check holds for the copy.
        for image in images {
            let written = try SafeFile.read(folder + "/" + image.name, maxBytes: .max)
            guard Digest.sha256(written) == image.sha256 else { throw PhotogateError.integrity("\(image.name) changed while it was written") }
        }
        return folder
    }

    /// Moves a staged publication into the outbox, never over something already there.
    private func place(_ staged: String, at folder: String) throws {
        guard try FileMove.withoutReplacing(staged, to: folder) else {
            throw PhotogateError.integrity("\(folder) appeared while post \(URL(fileURLWithPath: folder).lastPathComponent) was being published; "
                                         + "it is recorded as published: move that folder away and publish it again to write it")
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
