import Foundation

/// Someone who signs in to Photogate, as the home keeps them.
public struct UserAccount: Sendable, Equatable, Codable {
    public var name: String
    /// The Argon2id hash of their password (never the password).
    public var passwordHash: String
    /// Their roles, in a stable order.
    public var roles: [Role]
    public var createdAt: Date
    public var createdBy: String
    /// Someone who has left: they cannot sign in; their history stays.
    public var disabled: Bool
    /// An admin reset the password; the next sign-in may only choose a new one.
    public var mustChangePassword: Bool

    public init(name: String, passwordHash: String, roles: Set<Role>, createdAt: Date, createdBy: String,
                disabled: Bool = false, mustChangePassword: Bool = false) {
        self.name = name
        self.passwordHash = passwordHash
        self.roles = roles.sorted()
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
    }

    public var roleSet: Set<Role> { Set(roles) }

    /// The domain's view of the account.
    public var account: Account {
        Account(name: name, roles: roleSet, isDisabled: disabled)
    }
}

/// A change to someone's account, as an admin or the person themselves asks for it.
public enum UserChange: Sendable, Equatable {
    case disable
    case enable
    case roles(Set<Role>)
    /// The person chose a new password themselves (its hash): theirs alone, so no further
    /// change is asked for.
    case ownPassword(hash: String)
    /// An admin set a temporary password (its hash): the person must choose a new one at
    /// their next sign-in.
    case resetPassword(hash: String)

    /// The audit action that records it.
    public var action: String {
        switch self {
        case .disable: "user.disabled"
        case .enable: "user.enabled"
        case .roles: "user.roles-changed"
        case .ownPassword: "user.password-changed"
        case .resetPassword: "user.password-reset"
        }
    }
}

extension UserAccount {
    /// Applies a change, or says why it makes no sense for the account as it is.
    public mutating func apply(_ change: UserChange) throws(PhotogateError) {
        switch change {
        case .disable:
            guard !disabled else { throw .conflict("\(name) is already disabled", code: "user.disabled") }
            disabled = true
        case .enable:
            guard disabled else { throw .conflict("\(name) is not disabled", code: "user.enabled") }
            disabled = false
        case let .roles(newRoles):
            guard !newRoles.isEmpty else { throw .invalid("give the user at least one role", code: "roles.missing") }
            guard roleSet != newRoles else { throw .conflict("\(name) already has exactly these roles", code: "user.same-roles") }
            roles = newRoles.sorted()
        case let .ownPassword(hash):
            passwordHash = hash
            mustChangePassword = false
        case let .resetPassword(hash):
            passwordHash = hash
            mustChangePassword = true
        }
    }

    /// What an audit event says of the account after a change, in words an auditor reads.
    public var auditDetails: [String: String] {
        ["roles": roles.map(\.rawValue).joined(separator: ","), "disabled": String(disabled),
         "must_change_password": String(mustChangePassword)]
    }
}
