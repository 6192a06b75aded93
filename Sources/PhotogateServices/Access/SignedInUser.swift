import Foundation
import PhotogateCore
import PhotogateStore

/// Someone whose identity was checked, with the roles they hold. Every service takes one and
/// checks the permission it needs (the domain's `Permission` table) before touching anything.
public struct SignedInUser: Sendable, Equatable {
    public let name: String
    public let roles: Set<Role>
    /// Signed in with a password an admin reset: nothing is permitted but choosing a new one.
    public let mayOnlyChangePassword: Bool

    /// What someone signs in to do: whatever their roles allow, or only to choose a new
    /// password (all that is left to someone whose password an admin reset).
    public enum Intent: Sendable {
        case work
        case passwordChange
    }

    init(_ account: UserAccount) {
        name = account.name
        roles = account.roleSet
        mayOnlyChangePassword = account.mustChangePassword
    }

    /// Checks a user name and password against the home's users, before the home is opened
    /// for writing. A disabled account is refused with the same words as a wrong password,
    /// after the same single password check, so nothing tells the two apart.
    public static func signIn(_ name: String?, password: String?, at entrance: HomeEntrance, for intent: Intent = .work) async throws -> SignedInUser {
        guard let name, !name.isEmpty else { throw PhotogateError.unauthenticated("no user name was given", code: "signin.no-name") }
        guard let password else { throw PhotogateError.unauthenticated("no password given for \(name)", code: "signin.no-password") }
        guard let account = try await entrance.user(named: name, password: password), !account.disabled else {
            throw PhotogateError.unauthenticated("wrong user name or password", code: "signin.refused")
        }
        if account.mustChangePassword, intent == .work { throw passwordWasReset }
        return SignedInUser(account)
    }

    /// Someone signed in earlier (a web session) coming back: their account is read again, so
    /// a user disabled since, or whose roles changed, is refused or gets the roles they hold now.
    public static func resume(_ name: String, in home: PhotogateHome, for intent: Intent = .work) async throws -> SignedInUser {
        guard let account = try await home.users.user(named: name), !account.disabled else {
            throw PhotogateError.unauthenticated("the session has ended; sign in again", code: "session.ended")
        }
        if account.mustChangePassword, intent == .work { throw passwordWasReset }
        return SignedInUser(account)
    }

    private static let passwordWasReset = PhotogateError.unauthenticated(
        "an admin reset your password: choose a new one first", code: "signin.password-reset")

    /// Throws unless the user may act at all: after an admin reset their password, nothing
    /// is permitted but choosing a new one. For rights that come from something other than a
    /// role (holding the device, a step of the approval chain).
    public func requireActive() throws {
        if mayOnlyChangePassword { throw Self.passwordWasReset }
    }

    /// Throws `forbidden` unless one of the user's roles grants the permission. After an
    /// admin reset the password, nothing is permitted but choosing a new one.
    public func require(_ permission: Permission) throws {
        if permission != .changeOwnPassword { try requireActive() }
        guard permission.isGranted(to: roles) else {
            let needed = permission.roles.sorted().map(\.rawValue).joined(separator: " or ")
            throw PhotogateError.forbidden("\(name) may not \(permission.plainDescription) (needs the \(needed) role)")
        }
    }

    /// Whether one of the user's roles grants the permission.
    public func may(_ permission: Permission) -> Bool {
        !mayOnlyChangePassword && permission.isGranted(to: roles)
    }
}
