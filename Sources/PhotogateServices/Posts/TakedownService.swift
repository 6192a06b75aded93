import Foundation
import PhotogateCore
import PhotogateStore
import PhotogateUnicode

/// Published posts that show someone whose consent has ended.
public struct TakedownService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// What must still be taken down, with its post, as of `now`: for those who take posts
    /// down, what has come due is listed first (`listDue`); the others (the auditor, the
    /// admin) read what is on the record and change nothing.
    public func outstanding(now: Date = Date()) async throws -> [(takedown: Takedown, post: Post)] {
        try user.require(.viewTakedowns)
        if user.may(.confirmTakedowns) { try await listDue(now: now) }
        return try await home.posts.outstandingTakedowns()
    }

    /// Lists for takedown, on the record, every published post showing someone whose consent
    /// has ended by `now`: consent that expires by its date ends with no import to announce
    /// it, so whatever reads the takedowns calls this first and never waits for the next import.
    /// The caller checks the user's role for what it does.
    func listDue(now: Date) async throws {
        _ = try await home.consent.listTakedownsDue(at: now, by: user.name, names: .standard)
    }

    /// Records that a published post was taken down from its channel.
    public func confirm(_ postID: Int64, note: String?, now: Date = Date()) async throws {
        try user.require(.confirmTakedowns)
        let note = try OutsideText.typed(note, field: "the note").flatMap { $0.isEmpty ? nil : $0 }
        try await home.posts.confirmTakedown(of: postID, note: note, by: user.name, at: now)
    }
}
