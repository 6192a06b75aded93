import Foundation
import PhotogateCore
import PhotogateStore

/// Published posts that show someone whose consent has ended.
public struct TakedownService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// What must still be taken down, with its post.
    public func outstanding() async throws -> [(takedown: Takedown, post: Post)] {
        try user.require(.viewTakedowns)
        return try await home.posts.outstandingTakedowns()
    }

    /// Records that a published post was taken down from its channel.
    public func confirm(_ postID: Int64, note: String?, now: Date = Date()) async throws {
        try user.require(.confirmTakedowns)
        let note = try OutsideText.typed(note, field: "the note").flatMap { $0.isEmpty ? nil : $0 }
        try await home.posts.confirmTakedown(of: postID, note: note, by: user.name, at: now)
    }
}
