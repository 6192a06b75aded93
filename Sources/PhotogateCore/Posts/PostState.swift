/// Where a post is on its way to a channel. Every change goes through `after(_:)`, so no
/// front end can move a post along a path the policy does not allow.
public enum PostState: String, Sendable, Codable, CaseIterable {
    /// Prepared but not yet accepted into the queue (a check refused it).
    case draft
    /// Waiting for the approval chain.
    case queued
    /// Sent back to its preparer: consent changed, or approval found it no longer holds.
    case returned
    /// Every step of the approval chain approved it; it may be published.
    case approved
    /// An approver refused it. Final.
    case rejected
    /// In the outbox for posting.
    case published
    /// Taken down after someone's consent ended. Final.
    case takenDown = "taken-down"

    public enum Event: Sendable, Equatable {
        /// The preparer sends it (again) for approval, all checks passing.
        case submit
        /// One step of the chain approves; `final` when it is the last step.
        case approve(final: Bool)
        case reject
        /// Back to the preparer.
        case giveBack
        case publish
        case takeDown
    }

    public struct InvalidTransition: Error, Equatable, CustomStringConvertible {
        public var from: PostState
        public var event: Event

        public init(from: PostState, event: Event) {
            self.from = from
            self.event = event
        }

        public var description: String {
            switch event {
            case .submit: "a post that is \(from.rawValue) cannot be sent for approval"
            case .approve: "a post that is \(from.rawValue) cannot be approved"
            case .reject: "a post that is \(from.rawValue) cannot be rejected"
            case .giveBack: "a post that is \(from.rawValue) cannot be returned"
            case .publish: "only an approved post can be published; this one is \(from.rawValue)"
            case .takeDown: "only a published post can be taken down; this one is \(from.rawValue)"
            }
        }
    }

    /// On its way to approval and not yet decided. A post created again with the same
    /// channel, caption, checklist and photos by the same person while the first is in one
    /// of these states is that same post (a run repeated because its answer was lost), not a
    /// second one.
    public var isOnItsWay: Bool {
        [.draft, .queued, .returned].contains(self)
    }

    /// The state after an event, or why the event is not allowed now.
    public func after(_ event: Event) throws(InvalidTransition) -> PostState {
        switch (self, event) {
        case (.draft, .submit), (.returned, .submit): return .queued
        case (.queued, .approve(final: false)): return .queued
        case (.queued, .approve(final: true)): return .approved
        case (.queued, .reject): return .rejected
        case (.queued, .giveBack), (.approved, .giveBack): return .returned
        case (.approved, .publish): return .published
        case (.published, .takeDown): return .takenDown
        default: throw InvalidTransition(from: self, event: event)
        }
    }
}
