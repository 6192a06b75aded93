import Foundation

/// Rules for user names and passwords.
public enum Credentials {
    public static let minimumPasswordLength = 12
    public static let maximumPasswordLength = 1024

    /// Why a password is refused, or `nil` when it is acceptable. The same rule applies to a
    /// first password, a new user's, a change and a reset: `userName` is the user whose
    /// password it is, `school` the school's name (both are what a guesser tries first).
    public static func problem(withPassword password: String, userName: String?, school: String?) -> String? {
        if password.count < minimumPasswordLength {
            return "a password needs at least \(minimumPasswordLength) characters"
        }
        if password.utf8.count > maximumPasswordLength {
            return "a password may have at most \(maximumPasswordLength) bytes"
        }
        if isMostlyOneCharacter(password) {
            return "a password cannot be blank or mostly one character repeated; choose one that is harder to guess"
        }
        if let guessable = PasswordStrength(password, userName: userName, school: school).problem {
            return "a password cannot be mostly \(guessable): choose one that is harder to guess, such as three or four words that do not go together"
        }
        return nil
    }

    /// True when the password is only spaces or other blanks, or when one character makes up
    /// more than half of it ("            ", "aaaaaaaaaaab", "1111111abcde"): length alone
    /// is then no protection.
    static func isMostlyOneCharacter(_ password: String) -> Bool {
        if password.allSatisfy({ $0.isWhitespace }) { return true }
        let counts = password.reduce(into: [Character: Int]()) { $0[$1, default: 0] += 1 }
        let commonest = counts.values.max() ?? 0
        return commonest * 2 > password.count
    }

    /// User names are what people type at the prompt: letters, digits, `.`, `-`, `_`, 1-64
    /// characters, compared without case.
    public static func problem(withUserName name: String) -> String? {
        Identifier.problem(name, naming: "a user name")
    }
}
