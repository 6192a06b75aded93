import Foundation
import PhotogateCore
import PhotogateStore

/// Someone whose password was checked, with the roles they hold. Every state-changing
/// service takes one and checks the permission it needs before touching anything.
public struct SignedInUser: Sendable, Equatable {
    public let name: String
    public let roles: Set<Role>
    /// Signed in with a password an admin reset: nothing is permitted but choosing a new one.
    let mayOnlyChangePassword: Bool

    /// What someone signs in to do: whatever their roles allow, or only to choose a new
    /// password (all that is left to someone whose password an admin reset).
    public enum Intent: Sendable {
        case work
        case passwordChange
    }

    /// Checks a user name and password against the home's users, before the home is opened
    /// for writing. A disabled account is refused with the same words as a wrong password,
    /// after the same single password check, so nothing tells the two apart.
    public static func signIn(_ name: String?, password: String?, at entrance: HomeEntrance, for intent: Intent = .work) throws -> SignedInUser {
        guard let name, !name.isEmpty else {
            throw PhotogateError.unauthenticated("no user name was given", code: "signin.no-name")
        }
        guard let password else { throw PhotogateError.unauthenticated("no password given for \(name)") }
        guard let record = try entrance.user(named: name, password: password), !record.disabled else {
            throw PhotogateError.unauthenticated("wrong user name or password")
        }
        if record.mustChangePassword, intent == .work { throw passwordWasReset }
        return SignedInUser(name: record.name, roles: record.roleSet, mayOnlyChangePassword: record.mustChangePassword)
    }

    private static let passwordWasReset = PhotogateError.unauthenticated(
        "an admin reset your password: choose a new one first", code: "signin.password-reset")

    /// Throws `notPermitted` unless one of the user's roles grants the permission. After an
    /// admin reset the password, nothing is permitted but choosing a new one.
    public func require(_ permission: Permission) throws {
        if mayOnlyChangePassword, permission != .changeOwnPassword {
            throw Self.passwordWasReset
        }
        guard permission.isGranted(to: roles) else {
            let needed = permission.roles.sorted().map(\.rawValue).joined(separator: " or ")
            throw PhotogateError.forbidden("\(name) may not \(permission.plainDescription) (needs the \(needed) role)")
        }
    }
}
