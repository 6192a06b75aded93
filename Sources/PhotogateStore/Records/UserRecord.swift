import Foundation
import GRDB
import PhotogateCore

/// A person who signs in to Photogate.
public struct UserRecord: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"

    public var name: String
    public var passwordHash: String
    /// Comma-separated role names.
    public var roles: String
    public var createdAt: Date
    public var createdBy: String

    public init(name: String, passwordHash: String, roles: Set<Role>, createdAt: Date, createdBy: String) {
        self.name = name
        self.passwordHash = passwordHash
        self.roles = roles.sorted().map(\.rawValue).joined(separator: ",")
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    public var roleSet: Set<Role> {
        Set(roles.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }

    /// Finds a user by name, without regard to case.
    public static func named(_ name: String, in db: Database) throws -> UserRecord? {
        try UserRecord.filter(sql: "name = ? COLLATE NOCASE", arguments: [name]).fetchOne(db)
    }
}
