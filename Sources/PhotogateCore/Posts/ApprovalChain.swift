/// Who must approve a post, in order: each step by someone holding that step's role (for
/// example a line manager with the staff role, then the headteacher). Configuration.
public struct ApprovalChain: Sendable, Equatable, Codable {
    public var steps: [Role]

    public static let standard = ApprovalChain(steps: [.approver])

    public init(steps: [Role]) {
        self.steps = steps
    }

    /// Why a written chain was refused, in words for the admin.
    public struct Refused: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// A chain as an admin writes it: roles in order, separated by commas. The auditor changes
    /// nothing, so is never a step.
    public static func parse(_ text: String) -> Result<ApprovalChain, Refused> {
        guard case let .success(steps) = Role.parseSequence(text) else {
            return .failure(Refused(description: "the approval chain is roles in order, separated by commas (e.g. staff,approver)"))
        }
        guard !steps.contains(.auditor) else {
            return .failure(Refused(description: "the auditor changes nothing, so cannot approve posts"))
        }
        return .success(ApprovalChain(steps: steps))
    }

    /// A step already taken: by whom, for which role.
    public struct Approval: Sendable, Equatable {
        public var user: String
        public var role: Role

        public init(user: String, role: Role) {
            self.user = user
            self.role = role
        }
    }

    /// The approvals that count: the longest run, from the first, whose roles match the chain
    /// as it is configured now (a chain changed mid-way does not count old steps wrongly).
    public func completed(_ approvals: [Approval]) -> [Approval] {
        Array(zip(approvals, steps).prefix { $0.0.role == $0.1 }.map(\.0))
    }

    /// The role the next approval needs, or `nil` when the chain is complete.
    public func nextStep(after approvals: [Approval]) -> Role? {
        let done = completed(approvals).count
        return done < steps.count ? steps[done] : nil
    }

    /// Why `user` (holding `roles`) may not take the next step, or `nil` when they may.
    /// Nobody approves a post they prepared, nor two steps of the same post.
    public func problem(user: String, roles: Set<Role>, preparer: String, approvals: [Approval]) -> String? {
        guard let step = nextStep(after: approvals) else { return "every step of the approval chain is done" }
        if Identifier.same(user, preparer) { return "nobody approves a post they prepared" }
        if approvals.contains(where: { Identifier.same($0.user, user) }) {
            return "\(user) has already approved a step of this post; the next step needs someone else"
        }
        guard roles.contains(step) else { return "the next step of the approval chain needs the \(step.rawValue) role" }
        return nil
    }
}
