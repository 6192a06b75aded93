import Foundation
import PhotogateCore
import PhotogateStore

/// Signing in to an open home (the web app's way in): the same users and Argon2id passwords
/// as the command line, every attempt on the record, and a name locked after repeated
/// failures (`SignInLockout`). The answer never says whether a name exists, and neither does
/// the time it takes: a wrong password, an unknown name and a disabled account are the same
/// refusal after the same single Argon2 verification; a locked name is refused without one,
/// whoever it names.
public struct SignInService: Sendable {
    public let home: PhotogateHome
    public var lockout: SignInLockout = .standard

    public init(home: PhotogateHome) {
        self.home = home
    }

    static let failedAction = "signin.failed"
    static let lockedAction = "signin.locked"

    public func signIn(_ name: String, password: String, from origin: String, now: Date = Date()) async throws -> SignedInUser {
        let name = OutsideText.cleaned(name).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !password.isEmpty else {
            throw PhotogateError.unauthenticated("give your user name and password", code: "signin.missing")
        }
        // Counted under the name as typed, in one letter case, so `Amy` and `amy` share a lock.
        let subject = "sign-in " + Identifier.key(name)
        let failures = try await home.audit.events(action: Self.failedAction, subject: subject, since: now.addingTimeInterval(-2 * lockout.window))
            .compactMap { Timestamp.date($0.at) }
        if let until = lockout.lockedUntil(failuresAt: failures, now: now) {
            throw PhotogateError.unauthenticated("too many wrong passwords for this name: try again after \(Self.time(until))", code: "signin.locked")
        }
        guard let account = try await home.users.checkPassword(password, of: name), !account.disabled else {
            try await home.audit.note(action: Self.failedAction, subject: subject, actor: "-", details: ["from": origin], at: now)
            if lockout.lockedUntil(failuresAt: failures + [now], now: now) != nil {
                try await home.audit.note(action: Self.lockedAction, subject: subject, actor: "-", details: ["from": origin], at: now)
            }
            throw PhotogateError.unauthenticated("wrong user name or password", code: "signin.refused")
        }
        try await home.audit.note(action: "signin.succeeded", subject: account.name, actor: account.name, details: ["from": origin], at: now)
        return try await SignedInUser.resume(account.name, in: home, for: account.mustChangePassword ? .passwordChange : .work)
    }

    private static func time(_ date: Date) -> String {
        date.formatted(date: .omitted, time: .shortened)
    }
}
