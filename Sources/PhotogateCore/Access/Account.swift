/// A person's standing in the home: what they may do, and whether they may sign in at all.
public struct Account: Sendable, Equatable {
    public var name: String
    public var roles: Set<Role>
    /// A disabled account (someone who has left) cannot sign in; its history stays.
    public var isDisabled: Bool

    public init(name: String, roles: Set<Role>, isDisabled: Bool = false) {
        self.name = name
        self.roles = roles
        self.isDisabled = isDisabled
    }

    public var isEnabledAdmin: Bool { roles.contains(.admin) && !isDisabled }

    /// Why this change to an account is refused, or nil: a home always keeps at least one
    /// admin who can sign in, or nobody could add users, reset a password or enable anyone.
    public static func lastAdminProblem(changing current: Account, to changed: Account, others: [Account]) -> String? {
        guard current.isEnabledAdmin, !changed.isEnabledAdmin, !others.contains(where: \.isEnabledAdmin) else { return nil }
        return "\(current.name) is the last admin who can sign in; make someone else an admin first"
    }
}
