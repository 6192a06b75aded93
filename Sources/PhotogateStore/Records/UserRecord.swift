import Foundation
import GRDB
import PhotogateCore

/// A person who signs in to Photogate.
public struct UserRecord: Sendable, Encodable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"

    public var name: String
    public var passwordHash: String
    /// Comma-separated role names.
    public var roles: String
    public var createdAt: Date
    public var createdBy: String
    /// Someone who has left: they cannot sign in.
    public var disabled: Bool
    /// An admin reset the password; the next sign-in may only choose a new one.
    public var mustChangePassword: Bool

    public init(name: String, passwordHash: String, roles: Set<Role>, createdAt: Date, createdBy: String) {
        self.name = name
        self.passwordHash = passwordHash
        self.roles = Self.text(roles)
        self.createdAt = createdAt
        self.createdBy = createdBy
        disabled = false
        mustChangePassword = false
    }

    /// Reads a row as the home stores it. Sign-in reads the home before its migrations run,
    /// so a column added by a later migration (`v4-accounts`) reads as its default when the
    /// home does not have it yet.
    public init(row: Row) throws {
        name = row["name"]
        passwordHash = row["passwordHash"]
        roles = row["roles"]
        createdAt = row["createdAt"]
        createdBy = row["createdBy"]
        disabled = row["disabled"] ?? false
        mustChangePassword = row["mustChangePassword"] ?? false
    }

    public var roleSet: Set<Role> {
        Set(roles.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }

    /// The domain's view of the account.
    public var account: Account {
        Account(name: name, roles: roleSet, isDisabled: disabled)
    }

    private static func text(_ roles: Set<Role>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// Finds a user by name, without regard to case.
    public static func named(_ name: String, in db: Database) throws -> UserRecord? {
        try UserRecord.filter(sql: "name = ? COLLATE NOCASE", arguments: [name]).fetchOne(db)
    }
}

/// Every change to a user goes through one of these, inside the caller's write transaction:
/// each saves the row and appends one audit event whose details are the state it leaves
/// (roles, disabled, must change password, and a digest of the password hash), so the log
/// alone can rebuild the user table.
extension UserRecord {
    /// Stores a new user (`user.added`), recorded as done by its `createdBy`.
    public static func add(_ record: UserRecord, in db: Database) throws {
        try record.insert(db)
        try record.audit("user.added", by: record.createdBy, at: record.createdAt, in: db)
    }

    /// Stops the user signing in (`user.disabled`).
    public mutating func disable(by actor: String, at time: Date, in db: Database) throws {
        disabled = true
        try save("user.disabled", by: actor, at: time, in: db)
    }

    /// Lets a disabled user sign in again (`user.enabled`).
    public mutating func enable(by actor: String, at time: Date, in db: Database) throws {
        disabled = false
        try save("user.enabled", by: actor, at: time, in: db)
    }

    /// Replaces the user's roles (`user.roles-changed`, with the roles before).
    public mutating func changeRoles(to newRoles: Set<Role>, by actor: String, at time: Date, in db: Database) throws {
        let previous = roles
        roles = Self.text(newRoles)
        try save("user.roles-changed", by: actor, at: time, in: db, extra: ["previous_roles": previous])
    }

    /// The user chose a new password themselves (`user.password-changed`): it is theirs
    /// alone, so no further change is asked for.
    public mutating func changePassword(toHash hash: String, at time: Date, in db: Database) throws {
        passwordHash = hash
        mustChangePassword = false
        try save("user.password-changed", by: name, at: time, in: db)
    }

    /// An admin set a temporary password (`user.password-reset`): the user must choose a
    /// new one at their next sign-in.
    public mutating func resetPassword(toHash hash: String, by actor: String, at time: Date, in db: Database) throws {
        passwordHash = hash
        mustChangePassword = true
        try save("user.password-reset", by: actor, at: time, in: db)
    }

    private func save(_ action: String, by actor: String, at time: Date, in db: Database, extra: [String: String] = [:]) throws {
        try update(db)
        try audit(action, by: actor, at: time, in: db, extra: extra)
    }

    private func audit(_ action: String, by actor: String, at time: Date, in db: Database, extra: [String: String] = [:]) throws {
        let state = [
            "roles": roles,
            "disabled": String(disabled),
            "must_change_password": String(mustChangePassword),
        ]
        // The row itself, password hash included, is covered by the event's recorded state
        // (`StateLedger`): the details only say what changed, in words an auditor reads.
        try AuditLog.append(db, actor: actor, action: action, subject: name, details: state.merging(extra) { current, _ in current }, at: time)
    }
}
