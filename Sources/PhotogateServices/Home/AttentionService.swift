import Foundation
import PhotogateCore
import PhotogateStore

/// What needs a person now, for their home page: each count only for someone whose roles
/// let them act on it (or, for the auditor, see it), nil otherwise.
public struct AttentionService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct Attention: Sendable, Equatable {
        /// Posts whose next step this person may take.
        public var postsToApprove: Int?
        /// Posts this person prepared that came back to them.
        public var returnedPosts: Int?
        /// Batches on personal phones past their deletion deadline: this person's own, or
        /// everyone's for those who read the register.
        public var overdueDeletions: Int?
        /// Batches from phones this person holds still to delete (overdue or not).
        public var myDeletions: Int?
        /// Published posts to take down (each once, however many people it must come down for).
        public var takedowns: Int?
        /// People whose consent ends within the settings' warning days.
        public var consentEndingSoon: Int?
        /// Personal phones waiting for approval.
        public var devicesToApprove: Int?
    }

    public func attention(now: Date = Date()) async throws -> Attention {
        try user.requireActive()
        var attention = Attention()
        let settings = try await home.settings.current()
        if !user.roles.isDisjoint(with: Set(settings.approvalChain.steps)) {
            attention.postsToApprove = try await ApprovalService(home: home, user: user).queue().filter { $0.whyNotYou == nil }.count
        }
        if user.may(.preparePosts) {
            attention.returnedPosts = try await home.posts.all().filter { $0.state == .returned && Identifier.same($0.preparedBy, user.name) }.count
        }
        let deletions = DeletionService(home: home, user: user)
        let mine = try await deletions.waitingForMe(now: now)
        if user.may(.ingest) || !mine.isEmpty { attention.myDeletions = mine.count }
        attention.overdueDeletions = user.may(.viewDeletions)
            ? try await deletions.report(DeletionService.Filter(status: .overdue), now: now).count
            : (attention.myDeletions == nil ? nil : mine.filter { $0.status == .overdue }.count)
        if user.may(.viewTakedowns) {
            attention.takedowns = Set(try await TakedownService(home: home, user: user).outstanding(now: now).map(\.takedown.postId)).count
        }
        if user.may(.viewConsent) {
            attention.consentEndingSoon = try await home.consent.current().filter {
                ConsentExpiry.endsSoon($0, warningDays: settings.consentWarningDays, now: now)
            }.count
        }
        if user.may(.approveDevice) {
            attention.devicesToApprove = try await home.devices.all().filter { $0.status == .awaitingApproval }.count
        }
        return attention
    }
}
