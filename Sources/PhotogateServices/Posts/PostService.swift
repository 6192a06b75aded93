import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateStore

/// Preparing posts: each photo rendered for the channel's purpose (faces hidden, no
/// metadata), every check run, and the post queued for approval only when all pass.
public struct PostService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// Creates a post of vault photos (their SHA-256s) and sends it for approval. A post
    /// that fails a check is kept as a draft with every reason, to be fixed (tags, caption)
    /// and sent again with `submit`.
    ///
    /// One transaction records the post, its renders and its outcome, so a kill leaves
    /// either nothing or the whole post. Asked again after its answer was lost, it finds the
    /// post it made (same person, channel, caption, checklist and photos, still on its way)
    /// and sends that one again instead of making a second. Asked twice at the same moment,
    /// the store's transaction finds the post the other run made (`PostStore.create`), and
    /// gives its outcome.
    public func create(channel: String, caption: String, checklist: [String], photos: [String], engine: FaceEngine,
                       now: Date = Date()) async throws -> PostOutcome {
        try user.require(.preparePosts)
        let caption = try OutsideText.typedCaption(caption)
        guard !caption.isEmpty else { throw PhotogateError.invalid("a post needs a caption", code: "post.caption-missing") }
        guard !photos.isEmpty else { throw PhotogateError.invalid("a post needs at least one photo", code: "post.photos-missing") }
        for sha256 in photos where try await home.photos.photo(sha256: sha256) == nil {
            throw PhotogateError.notFound("photo \(sha256.prefix(12)) has not been ingested (a post's photos must come from an approved device, through ingest)",
                                          code: "photo.not-ingested")
        }
        // A closed channel is refused with the other reasons.
        let channel = try await ChannelService(home: home, user: user).channel(channel, requireOpen: false)
        let post = Post(channelId: channel.id, caption: caption, checklist: checklist, preparedBy: user.name, createdAt: now)
        if let existing = try await home.posts.existing(like: post, photos: photos), let id = existing.id {
            var outcome = existing.state == .queued ? PostOutcome(post: id, state: .queued, reasons: []) : try await submit(id, engine: engine, now: now)
            outcome.madeBefore = true
            return outcome
        }
        let prepared = try await PostPreparation(checker: PhotoChecker(home: home, user: user, engine: engine)).prepare(post, photos: photos, now: now)
        return try await home.posts.create(post, photos: prepared.photos, reasons: prepared.reasons, renderedUnder: prepared.renderedUnder)
    }

    /// Every reason a post like this would not be queued, without storing anything: for a
    /// form that shows them beside what was typed, before the post is made.
    public func problems(channel: String, caption: String, checklist: [String], photos: [String], engine: FaceEngine,
                         now: Date = Date()) async throws -> [String] {
        try user.require(.preparePosts)
        let caption = try OutsideText.typedCaption(caption)
        var problems: [String] = []
        if caption.isEmpty { problems.append("a post needs a caption") }
        if photos.isEmpty { problems.append("a post needs at least one photo") }
        for sha256 in photos where try await home.photos.photo(sha256: sha256) == nil {
            problems.append("photo \(sha256.prefix(12)) has not been ingested")
        }
        guard problems.isEmpty else { return problems }
        let channel = try await ChannelService(home: home, user: user).channel(channel, requireOpen: false)
        let post = Post(channelId: channel.id, caption: caption, checklist: checklist, preparedBy: user.name, createdAt: now)
        let checker = PhotoChecker(home: home, user: user, engine: engine)
        return try await PostPreparation(checker: checker).prepare(post, photos: photos, now: now, rendering: false).reasons
    }

    /// Runs every check again (consent and tags may have changed) and queues the post when
    /// all pass. Only its preparer sends a post. Its new renders replace the old in the same
    /// transaction that records the outcome.
    public func submit(_ postID: Int64, engine: FaceEngine, now: Date = Date()) async throws -> PostOutcome {
        try user.require(.preparePosts)
        let details = try await details(postID)
        try Self.requireSendable(details.post, by: user.name)
        try await RecordGate.requireRecorded(.posts([postID]), in: home)
        let checker = PhotoChecker(home: home, user: user, engine: engine)
        let prepared = try await PostPreparation(checker: checker).prepare(details.post, photos: details.photos.map(\.sha256), now: now)
        return try await home.posts.resubmit(postID, photos: prepared.photos, reasons: prepared.reasons, renderedUnder: prepared.renderedUnder,
                                             by: user.name, at: now)
    }

    /// Checked before the slow preparation; the store checks again in its transaction.
    private static func requireSendable(_ post: Post, by name: String) throws {
        guard Identifier.same(post.preparedBy, name) else {
            throw PhotogateError.forbidden("only \(post.preparedBy), who prepared post \(post.id!), sends it for approval", code: "post.not-preparer")
        }
        guard post.state.isOnItsWay, post.state != .queued else {
            throw PhotogateError.conflict("post \(post.id!) is \(post.state.rawValue); only a draft or a returned post is sent for approval", code: "post.state")
        }
    }

    public func list() async throws -> [Post] {
        try user.require(.checkPhotos)
        return try await home.posts.all()
    }

    public func show(_ postID: Int64) async throws -> PostDetails {
        try user.require(.checkPhotos)
        return try await details(postID)
    }

    /// Where a post photo's render is kept, for showing to people.
    public func renderLocation(of photo: PostPhoto) -> String? {
        home.posts.renderLocation(of: photo)
    }

    private func details(_ postID: Int64) async throws -> PostDetails {
        guard let details = try await home.posts.post(id: postID) else { throw PhotogateError.notFound("there is no post \(postID)", code: "post.unknown") }
        return details
    }
}
