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
        /// True when the post was recorded as published but its folder was not where it went
        /// (a run cut short before it appeared, or the folder moved or deleted since), and
        /// it was written again now, after every check passed again as of today.
        public var finished = false
        /// Where the target given would have put it, when that is not where the post was
        /// published (`location`): nothing was written there.
        public var elsewhere: String?
        /// Why it was not published: consent changed since approval, and the post went back
        /// to its preparer. Empty when it was published.
        public var refusedBecause: [String] = []
    }

    /// Publishes an approved post to `target`: the renders the head approved (checked against
    /// the hashes the audit log recorded, and clean), the caption and the manifest. The
    /// record must hold and consent is checked once more first. The publication is recorded
    /// first, then appears whole; publishing twice does nothing new (see `publishedBefore`).
    public func publish(_ postID: Int64, to target: any PublicationTarget, engine: FaceEngine, now: Date = Date()) async throws -> Outcome {
        try user.require(.publishPosts)
        let details = try await details(postID)
        let post = details.post
        if [.published, .takenDown].contains(post.state), let location = post.outbox {
            return try await publishedBefore(details, at: location, target: target, engine: engine, now: now)
        }
        guard post.state == .approved else {
            throw PhotogateError.conflict(PostState.InvalidTransition(from: post.state, event: .publish).description, code: "post.state")
        }
        // Nothing is published from a home whose tables are not what the record says: not
        // even the consent re-check below runs on state that might have been edited.
        try await RecordGate.requireIntact(home)
        let approved = try await approved(postID)
        let differences = try await PostRecheck(checker: PhotoChecker(home: home, user: user, engine: engine))
            .differences(details, renderedUnder: approved.renderedUnder, now: now)
        if !differences.isEmpty {
            try await home.posts.giveBack(postID, reasons: differences, by: user.name, at: now)
            return Outcome(post: postID, location: "", images: [], alreadyPublished: false, refusedBecause: differences)
        }
        var published = details
        published.post.publishedAt = now
        published.post.publishedBy = user.name
        let publication = try await publication(of: published, approved: approved)
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

    /// A post published before, to `location`: nothing new is done, and nothing is written
    /// anywhere else. Only when its folder is missing from `location` (a run cut short before
    /// it appeared, or the folder moved or deleted since) and the post is still published is
    /// it written there again, and only if it would still be published today: the record
    /// holds, no takedown is listed for it (consent that expired by its date since is listed
    /// now), and every check passes again as of today.
    private func publishedBefore(_ details: PostDetails, at location: String, target: any PublicationTarget, engine: FaceEngine,
                                 now: Date) async throws -> Outcome {
        let postID = details.post.id!
        var outcome = Outcome(post: postID, location: location, images: [], alreadyPublished: true)
        guard target.location(ofPost: postID) == location else {
            outcome.elsewhere = target.location(ofPost: postID)
            return outcome
        }
        if try target.existingManifest(ofPost: postID) != nil {
            outcome.images = try target.imageNames(ofPost: postID)
            return outcome
        }
        guard details.post.state == .published else { return outcome }
        let missing = "post \(postID) is recorded as published to \(location), but its folder is not there; it is not written again"
        try await RecordGate.requireIntact(home)
        try await TakedownService(home: home, user: user).listDue(now: now)
        if let takedown = try await home.posts.outstandingTakedowns(of: postID).first {
            throw PhotogateError.conflict("\(missing), because it is listed for takedown (\(takedown.reason)): someone in it may no longer appear",
                                          code: "post.takedown")
        }
        let approved = try await approved(postID)
        let differences = try await PostRecheck(checker: PhotoChecker(home: home, user: user, engine: engine))
            .differences(details, renderedUnder: approved.renderedUnder, now: now)
        if !differences.isEmpty {
            throw PhotogateError.conflict("\(missing), because it would not pass today's checks: \(differences.joined(separator: "; "))",
                                          code: "post.recheck")
        }
        try await target.publish(try await publication(of: details, approved: approved), record: {})
        outcome.finished = true
        outcome.images = try target.imageNames(ofPost: postID)
        return outcome
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
        return try await publication(of: details, approved: approved(postID))
    }

    /// What the log records as the post's approval; refused when it records none.
    private func approved(_ postID: Int64) async throws -> ApprovedContent {
        guard let approved = try await home.posts.approvedContent(of: postID) else { throw Self.notApproved(postID) }
        return approved
    }

    private static func notApproved(_ postID: Int64) -> PhotogateError {
        PhotogateError.integrity("post \(postID) is not what the audit log records as approved; nothing was published", code: "post.not-approved")
    }

    /// The post as the log recorded its approval (`approved`, read once by the caller).
    private func publication(of details: PostDetails, approved: ApprovedContent) async throws -> Publication {
        let post = details.post, postID = post.id!
        guard approved.captionSHA256 == Digest.sha256(Array(post.caption.utf8)), approved.renders.count == details.photos.count else {
            throw Self.notApproved(postID)
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
