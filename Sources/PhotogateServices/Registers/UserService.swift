import Foundation
import GRDB
import PhotogateCore
import PhotogateStore

/// The people who sign in: adding, listing, disabling and enabling them, their roles and
/// their passwords. Each change is one audited store change (`UserRecord`).
public struct UserService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var name: String
        public var roles: [Role]
        public var createdAt: Date
        public var createdBy: String
        public var disabled: Bool
        public var mustChangePassword: Bool
    }

    public func add(_ name: String, roles: Set<Role>, password: String, now: Date = Date()) throws {
        try user.require(.manageUsers)
        guard !roles.isEmpty else { throw PhotogateError.invalid("give the new user at least one role", code: "roles.missing") }
        let record = try Self.newUser(name, roles: roles, password: password, createdBy: user.name, now: now)
        try home.database.write { db in
            if try UserRecord.named(name, in: db) != nil { throw PhotogateError.invalid("there is already a user called \(name)") }
            try UserRecord.add(record, in: db)
        }
    }

    /// A new user's record with the name and password checked and the password hashed. The
    /// hash is slow on purpose, so this runs before any transaction.
    static func newUser(_ name: String, roles: Set<Role>, password: String, createdBy: String, now: Date) throws -> UserRecord {
        if let problem = Credentials.problem(withUserName: name) { throw PhotogateError.invalid(problem) }
        return UserRecord(name: name, passwordHash: try Self.hash(password), roles: roles, createdAt: now, createdBy: createdBy)
    }

    /// The password checked against the rules and hashed.
    private static func hash(_ password: String) throws -> String {
        if let problem = Credentials.problem(withPassword: password) { throw PhotogateError.invalid(problem) }
        return try PasswordHash.make(password)
    }

    public func list() throws -> [Summary] {
        try user.require(.manageUsers)
        return try home.database.read { db in
            try UserRecord.order(Column("name")).fetchAll(db).map {
                Summary(name: $0.name, roles: $0.roleSet.sorted(), createdAt: $0.createdAt, createdBy: $0.createdBy,
                        disabled: $0.disabled, mustChangePassword: $0.mustChangePassword)
            }
        }
    }

    /// Stops someone signing in (someone who has left); their history stays. Returns the
    /// name as stored.
    @discardableResult
    public func disable(_ name: String, now: Date = Date()) throws -> String {
        try user.require(.disableUsers)
        return try change(name) { record, db in
            guard !record.disabled else { throw PhotogateError.invalid("\(record.name) is already disabled") }
            try record.disable(by: user.name, at: now, in: db)
        }
    }

    /// Lets a disabled user sign in again. Returns the name as stored.
    @discardableResult
    public func enable(_ name: String, now: Date = Date()) throws -> String {
        try user.require(.disableUsers)
        return try change(name) { record, db in
            guard record.disabled else { throw PhotogateError.invalid("\(record.name) is not disabled") }
            try record.enable(by: user.name, at: now, in: db)
        }
    }

    /// Replaces someone's roles. Returns the name as stored.
    @discardableResult
    public func changeRoles(of name: String, to roles: Set<Role>, now: Date = Date()) throws -> String {
        try user.require(.changeRoles)
        guard !roles.isEmpty else { throw PhotogateError.invalid("give the user at least one role", code: "roles.missing") }
        return try change(name) { record, db in
            guard record.roleSet != roles else { throw PhotogateError.invalid("\(record.name) already has exactly these roles") }
            try record.changeRoles(to: roles, by: user.name, at: now, in: db)
        }
    }

    /// The signed-in user chooses a new password; they proved the current one by signing
    /// in. It must differ from the current one, so a reset password cannot be kept.
    public func changeOwnPassword(to password: String, now: Date = Date()) throws {
        try user.require(.changeOwnPassword)
        let hash = try Self.hash(password)
        let current = try home.database.read { try UserRecord.named(user.name, in: $0) }
        if let current, PasswordHash.verify(password, against: current.passwordHash) {
            throw PhotogateError.invalid("the new password must differ from the current one")
        }
        try change(user.name) { record, db in
            try record.changePassword(toHash: hash, at: now, in: db)
        }
    }

    /// An admin sets a temporary password for someone who forgot theirs; they must choose a
    /// new one when they next sign in. Returns the name as stored.
    @discardableResult
    public func resetPassword(of name: String, to password: String, now: Date = Date()) throws -> String {
        try user.require(.resetPasswords)
        guard name.lowercased() != user.name.lowercased() else {
            throw PhotogateError.invalid("your own password is changed by you, not reset", code: "password.own")
        }
        let hash = try Self.hash(password)
        return try change(name) { record, db in
            try record.resetPassword(toHash: hash, by: user.name, at: now, in: db)
        }
    }

    /// Loads the user and applies one audited change inside a write transaction. A change
    /// that would leave the home without an admin who can sign in is refused: the error
    /// rolls the transaction back, the change and its event with it.
    @discardableResult
    private func change(_ name: String, _ apply: (inout UserRecord, Database) throws -> Void) throws -> String {
        try home.database.write { db in
            guard var record = try UserRecord.named(name, in: db) else { throw PhotogateError.invalid("there is no user \(name)") }
            let before = record.account
            try apply(&record, db)
            let others = try UserRecord.filter(Column("name") != record.name).fetchAll(db).map(\.account)
            if let problem = Account.lastAdminProblem(changing: before, to: record.account, others: others) {
                throw PhotogateError.invalid(problem)
            }
            return record.name
        }
    }
}
