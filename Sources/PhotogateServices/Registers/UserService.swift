import Foundation
import GRDB
import PhotogateCore
import PhotogateStore

/// Adding and listing the people who sign in (admin only).
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
    }

    public func add(_ name: String, roles: Set<Role>, password: String, now: Date = Date()) throws {
        try user.require(.manageUsers)
        guard !roles.isEmpty else { throw ServiceError.invalid("give the new user at least one role with --role") }
        let record = try Self.newUser(name, roles: roles, password: password, createdBy: user.name, now: now)
        try home.database.write { db in
            if try UserRecord.named(name, in: db) != nil { throw ServiceError.invalid("there is already a user called \(name)") }
            try Self.insert(record, db: db)
        }
    }

    /// A new user's record with the name and password checked and the password hashed. The
    /// hash is slow on purpose, so this runs before any transaction.
    static func newUser(_ name: String, roles: Set<Role>, password: String, createdBy: String, now: Date) throws -> UserRecord {
        if let problem = Credentials.problem(withUserName: name) { throw ServiceError.invalid(problem) }
        if let problem = Credentials.problem(withPassword: password) { throw ServiceError.invalid(problem) }
        return UserRecord(name: name, passwordHash: try PasswordHash.make(password), roles: roles, createdAt: now, createdBy: createdBy)
    }

    /// Stores a new user and records it in the audit log.
    static func insert(_ record: UserRecord, db: Database) throws {
        try record.insert(db)
        try AuditLog.append(db, actor: record.createdBy, action: "user.added", subject: record.name,
                            details: ["roles": record.roleSet.sorted().map(\.rawValue).joined(separator: ",")], at: record.createdAt)
    }

    public func list() throws -> [Summary] {
        try user.require(.manageUsers)
        return try home.database.read { db in
            try UserRecord.order(Column("name")).fetchAll(db).map {
                Summary(name: $0.name, roles: $0.roleSet.sorted(), createdAt: $0.createdAt, createdBy: $0.createdBy)
            }
        }
    }
}
