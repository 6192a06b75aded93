import Foundation
import PhotogateCore
import PhotogateStore

/// The people who sign in: adding, listing, disabling and enabling them, their roles and
/// their passwords. Each change is one audited change of the store.
public struct UserService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public func add(_ name: String, roles: Set<Role>, password: String, now: Date = Date()) async throws {
        try user.require(.manageUsers)
        guard !roles.isEmpty else { throw PhotogateError.invalid("give the new user at least one role", code: "roles.missing") }
        let school = try await home.settings.current().school
        try await home.users.add(try await Self.newAccount(name, roles: roles, password: password, school: school, createdBy: user.name, now: now))
    }

    /// A new user's account with the name and password checked and the password hashed
    /// (slowly, on purpose: off the cooperative pool, before any transaction).
    static func newAccount(_ name: String, roles: Set<Role>, password: String, school: String, createdBy: String, now: Date) async throws -> UserAccount {
        if let problem = Credentials.problem(withUserName: name) { throw PhotogateError.invalid(problem) }
        return UserAccount(name: name, passwordHash: try await hash(password, of: name, school: school), roles: roles, createdAt: now, createdBy: createdBy)
    }

    /// The password of the user `name` checked against the rules and hashed.
    private static func hash(_ password: String, of name: String, school: String) async throws -> String {
        if let problem = Credentials.problem(withPassword: password, userName: name, school: school) { throw PhotogateError.invalid(problem) }
        return try await BlockingWork.run { try PasswordHash.make(password) }
    }

    public func list() async throws -> [UserAccount] {
        try user.require(.manageUsers)
        return try await home.users.all()
    }

    /// Stops someone signing in (someone who has left); their history stays. Returns the
    /// name as stored.
    @discardableResult
    public func disable(_ name: String, now: Date = Date()) async throws -> String {
        try user.require(.disableUsers)
        return try await home.users.change(name, .disable, by: user.name, at: now).name
    }

    /// Lets a disabled user sign in again. Returns the name as stored.
    @discardableResult
    public func enable(_ name: String, now: Date = Date()) async throws -> String {
        try user.require(.disableUsers)
        return try await home.users.change(name, .enable, by: user.name, at: now).name
    }

    /// Replaces someone's roles. Returns the name as stored.
    @discardableResult
    public func changeRoles(of name: String, to roles: Set<Role>, now: Date = Date()) async throws -> String {
        try user.require(.changeRoles)
        return try await home.users.change(name, .roles(roles), by: user.name, at: now).name
    }

    /// The signed-in user chooses a new password; they proved the current one by signing
    /// in. It must differ from the current one, so a reset password cannot be kept.
    public func changeOwnPassword(to password: String, now: Date = Date()) async throws {
        try user.require(.changeOwnPassword)
        let hash = try await Self.hash(password, of: user.name, school: try await home.settings.current().school)
        if let current = try await home.users.user(named: user.name),
           await BlockingWork.run({ PasswordHash.verify(password, against: current.passwordHash) }) {
            throw PhotogateError.invalid("the new password must differ from the current one")
        }
        _ = try await home.users.change(user.name, .ownPassword(hash: hash), by: user.name, at: now)
    }

    /// An admin sets a temporary password for someone who forgot theirs; they must choose a
    /// new one when they next sign in. Returns the name as stored.
    @discardableResult
    public func resetPassword(of name: String, to password: String, now: Date = Date()) async throws -> String {
        try user.require(.resetPasswords)
        guard !Identifier.same(name, user.name) else {
            throw PhotogateError.invalid("your own password is changed by you, not reset", code: "password.own")
        }
        let hash = try await Self.hash(password, of: name, school: try await home.settings.current().school)
        return try await home.users.change(name, .resetPassword(hash: hash), by: user.name, at: now).name
    }
}
