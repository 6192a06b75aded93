import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore

/// Publishing: only approved posts, checked once more, to the place a front end gives.
public struct PublishService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct Outcome: Sendable {
        public var post: Int64
        public var location: String
        public var images: [String]
        /// True when the post had already been published: nothing new was done.
        public var alreadyPublished: Bool
        /// True when the post was recorded as published by an earlier run cut short before its
        /// files appeared, and they were written now.
        public var finished = false
        /// Why it was not published: consent changed since approval, and the post went back
        /// to its preparer. Empty when it was published.
        public var refusedBecause: [String] = []
    }

    /// Publishes an approved post to `target`: the renders the head approved (checked against
    /// the hashes the audit log recorded, and clean), the caption and the manifest. The
    /// record must hold and consent is checked once more first. The publication is recorded
    /// first, then appears whole; publishing twice does nothing new, and a run cut short after
    /// it was recorded is finished by the next.
    public func publish(_ postID: Int64, to target: any PublicationTarget, engine: FaceEngine, now: Date = Date()) async throws -> Outcome {
        try user.require(.publishPosts)
        let details = try await details(postID)
        let post = details.post
        if [.published, .takenDown].contains(post.state), let location = post.outbox {
            let unfinished = try post.state == .published && target.existingManifest(ofPost: postID) == nil
            if unfinished {
                guard try await home.posts.outstandingTakedowns(of: postID).isEmpty else {
                    throw PhotogateError.conflict("post \(postID) is recorded as published but its files were never written, and it is now listed "
                                                  + "for takedown: someone in it may no longer appear, so they are not written", code: "post.takedown")
                }
                try await target.publish(try await publication(of: details), record: {})
            }
            return Outcome(post: postID, location: location, images: try target.imageNames(ofPost: postID), alreadyPublished: true, finished: unfinished)
        }
        guard post.state == .approved else {
            throw PhotogateError.conflict(PostState.InvalidTransition(from: post.state, event: .publish).description, code: "post.state")
        }
        // Nothing is published from a home whose tables are not what the record says: not
        // even the consent re-check below runs on state that might have been edited.
        try await RecordGate.requireIntact(home)
        let differences = try await PostRecheck(checker: PhotoChecker(home: home, user: user, engine: engine)).differences(details, now: now)
        if !differences.isEmpty {
            try await home.posts.giveBack(postID, reasons: differences, by: user.name, at: now)
            return Outcome(post: postID, location: "", images: [], alreadyPublished: false, refusedBecause: differences)
        }
        var published = details
        published.post.publishedAt = now
        published.post.publishedBy = user.name
        let publication = try await publication(of: published)
        let location = target.location(ofPost: postID)
        let record = { () async throws in
            _ = try await home.posts.recordPublication(postID, outbox: location, images: publication.images.map(\.sha256), by: user.name, at: now)
        }
        // Only an earlier version's run of this very publication, killed before it recorded
        // it, may have left it there: then it is recorded now.
        if let existing = try target.existingManifest(ofPost: postID) {
            guard existing.isSamePublication(as: publication.manifest) else {
                throw PhotogateError.conflict("\(location) already exists and does not belong to this publication; move it away first",
                                              code: "outbox.taken")
            }
            try await record()
        } else {
            try await target.publish(publication, record: record)
        }
        return Outcome(post: postID, location: location, images: publication.images.map(\.name), alreadyPublished: false)
    }

    /// A published or approved post as its publication (for a download): every image the
    /// render the head approved, checked against the audit log and clean.
    public func publication(ofPost postID: Int64, now: Date = Date()) async throws -> Publication {
        try user.require(.publishPosts)
        let details = try await details(postID)
        guard [.approved, .published].contains(details.post.state) else {
            throw PhotogateError.conflict("post \(postID) is \(details.post.state.rawValue); only an approved or published post is downloaded", code: "post.state")
        }
        try await TakedownService(home: home, user: user).listDue(now: now)
        // Its takedown listing follows its approval in the log, so the approved content would
        // no longer be found: say why it is not offered, rather than call the record damaged.
        guard try await home.posts.outstandingTakedowns(of: postID).isEmpty else {
            throw PhotogateError.conflict("post \(postID) is listed for takedown: someone in it may no longer appear, so it is not offered", code: "post.takedown")
        }
        return try await publication(of: details)
    }

    private func publication(of details: PostDetails) async throws -> Publication {
        let post = details.post, postID = post.id!
        guard let approved = try await home.posts.approvedContent(of: postID),
              approved.captionSHA256 == Digest.sha256(Array(post.caption.utf8)), approved.renders.count == details.photos.count else {
            throw PhotogateError.integrity("post \(postID) is not what the audit log records as approved; nothing was published", code: "post.not-approved")
        }
        var images: [Publication.Image] = []
        for photo in details.photos {
            let bytes: [UInt8]
            do {
                bytes = try await home.posts.render(of: photo)
            } catch {
                throw PhotogateError.integrity("the approved render of photo \(photo.position) is missing or was changed; nothing was published", code: "render.changed")
            }
            guard let expected = approved.renders[photo.position], Digest.sha256(bytes) == expected else {
                throw PhotogateError.integrity("the approved render of photo \(photo.position) is missing or was changed; nothing was published", code: "render.changed")
            }
            do {
                try CleanJPEGVerifier.verify(bytes)
            } catch {
                throw PhotogateError.integrity("photo \(photo.position) failed the final check (\(error)); nothing was published", code: "render.unclean")
            }
            images.append(Publication.Image(name: String(format: "%02d.jpg", photo.position), bytes: bytes, sha256: expected))
        }
        guard let channel = try await home.channels.channel(id: post.channelId) else {
            throw PhotogateError.integrity("the channel of post \(postID) is missing from the register")
        }
        let manifest = PublicationManifest(
            post: postID, channel: channel.id, platform: channel.platform, account: channel.account, purpose: channel.purpose,
            caption: post.caption, prepared_by: post.preparedBy, prepared_at: Timestamp.string(post.createdAt),
            approvers: details.approvals.map { ["user": $0.user, "role": $0.role.rawValue, "at": Timestamp.string($0.at), "note": $0.note ?? ""] },
            published_by: post.publishedBy ?? user.name, published_at: Timestamp.string(post.publishedAt ?? Date()),
            images: images.map { PublicationManifest.Image(file: $0.name, sha256: $0.sha256) }
        )
        return Publication(post: postID, images: images, caption: post.caption, manifest: manifest)
    }

    private func details(_ postID: Int64) async throws -> PostDetails {
        guard let details = try await home.posts.post(id: postID) else { throw PhotogateError.notFound("there is no post \(postID)", code: "post.unknown") }
        return details
    }
}
