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
        if let problem = Credentials.problem(withUserName: name) { throw ServiceError.invalid(problem) }
        if let problem = Credentials.problem(withPassword: password) { throw ServiceError.invalid(problem) }
        guard !roles.isEmpty else { throw ServiceError.invalid("give the new user at least one role with --role") }
        let hash = try PasswordHash.make(password)
        try home.database.write { db in
            if try UserRecord.named(name, in: db) != nil { throw ServiceError.invalid("there is already a user called \(name)") }
            try UserRecord(name: name, passwordHash: hash, roles: roles, createdAt: now, createdBy: user.name).insert(db)
            try AuditLog.append(db, actor: user.name, action: "user.added", subject: name,
                                details: ["roles": roles.sorted().map(\.rawValue).joined(separator: ",")], at: now)
        }
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
