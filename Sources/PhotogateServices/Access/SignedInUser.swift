import Foundation
import GRDB
import PhotogateCore
import PhotogateStore

/// Someone whose password was checked, with the roles they hold. Every state-changing
/// service takes one and checks the permission it needs before touching anything.
public struct SignedInUser: Sendable, Equatable {
    public let name: String
    public let roles: Set<Role>

    /// Checks a user name and password against the home's users.
    public static func signIn(_ name: String?, password: String?, home: PhotogateHome) throws -> SignedInUser {
        guard let name, !name.isEmpty else {
            throw ServiceError.notSignedIn("sign in with --user NAME (or PHOTOGATE_USER) and your password")
        }
        guard let password else { throw ServiceError.notSignedIn("no password given for \(name)") }
        let record = try home.database.read { try UserRecord.named(name, in: $0) }
        // Verify against a throwaway hash when the user does not exist, so the time taken
        // does not reveal which names exist.
        let hash = record?.passwordHash ?? Self.decoyHash
        guard PasswordHash.verify(password, against: hash), let record else {
            throw ServiceError.notSignedIn("wrong user name or password")
        }
        return SignedInUser(name: record.name, roles: record.roleSet)
    }

    private static let decoyHash = (try? PasswordHash.make("photogate-decoy-password")) ?? ""

    /// Throws `notPermitted` unless one of the user's roles grants the permission.
    public func require(_ permission: Permission) throws {
        guard permission.isGranted(to: roles) else {
            let needed = permission.roles.sorted().map(\.rawValue).joined(separator: " or ")
            throw ServiceError.notPermitted("\(name) may not \(permission.plainDescription) (needs the \(needed) role)")
        }
    }
}
