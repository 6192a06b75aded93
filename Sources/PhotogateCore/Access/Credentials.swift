import Foundation

/// Rules for user names and passwords.
public enum Credentials {
    public static let minimumPasswordLength = 12
    public static let maximumPasswordLength = 1024

    /// Why a password is refused, or `nil` when it is acceptable.
    public static func problem(withPassword password: String) -> String? {
        if password.count < minimumPasswordLength {
            return "a password needs at least \(minimumPasswordLength) characters"
        }
        if password.utf8.count > maximumPasswordLength {
            return "a password may have at most \(maximumPasswordLength) bytes"
        }
        return nil
    }

    /// User names are what people type at the prompt: letters, digits, `.`, `-`, `_`, 1-64
    /// characters, compared without case.
    public static func problem(withUserName name: String) -> String? {
        Identifier.problem(name, naming: "a user name")
    }
}
