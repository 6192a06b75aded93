import Foundation

/// How much of a password someone guessing would not try first. Length alone is no
/// protection when most of the characters follow from the ones before (`123456789012`,
/// `abcdef`, `qwertyuiopas`, `1qaz2wsx`), repeat a short part (`abababababab`,
/// `u1u1u1u1u1u1`), or spell what a guesser tries first: a common password (`password`,
/// `letmein`, also written `P@ssw0rd`), the person's own user name, the school's name or a
/// word of it, a year (`2024`).
///
/// The measure: those words are taken out, then each remaining character counts unless it
/// repeats the one before or continues a run of three or more along the alphabet, the digits
/// or the keyboard (either way). A password needs `minimumFreshCharacters` that count.
public struct PasswordStrength: Sendable {
    /// What a guesser tries first, by what it is, in the words messages use.
    public enum Guessable: Sendable, Equatable, CustomStringConvertible {
        case sequence
        case repeatedPart
        case commonPassword(String)
        case userName
        case schoolName
        case year

        public var description: String {
            switch self {
            case .sequence: "a sequence such as 123456, abcdef or qwerty"
            case .repeatedPart: "one short part repeated"
            case let .commonPassword(word): "a common password (\(word))"
            case .userName: "your user name"
            case .schoolName: "the school's name"
            case .year: "a year"
            }
        }
    }

    /// Characters that must count (see the type's documentation).
    public static let minimumFreshCharacters = 8

    /// The most common passwords and the words they are built on, as a guesser's first
    /// tries (lower case, letters as `folded` reads them).
    static let commonPasswords = [
        "password", "passwort", "qwerty", "azerty", "letmein", "welcome", "iloveyou", "admin", "administrator", "login",
        "monkey", "dragon", "football", "baseball", "soccer", "sunshine", "princess", "master", "shadow",
        "superman", "batman", "starwars", "whatever", "freedom", "hello", "secret", "changeme", "default", "guest",
        "photogate", "school", "teacher", "student", "summer", "winter", "spring", "autumn", "london", "liverpool",
        "chelsea", "arsenal", "charlie", "michael", "jessica", "ashley", "hunter", "jordan", "daniel", "pokemon",
        "computer", "internet", "access", "cheese", "flower", "lovely", "mustang",
    ]

    /// Sequences a finger or a habit follows, forwards or backwards: a run of three or more
    /// neighbours along one of them is guessed from its first character.
    static let sequences = [
        "abcdefghijklmnopqrstuvwxyz", "01234567890",
        // Keyboard rows (each running on into the next), columns, and shifted digits.
        "`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "qwertyuiopasdfghjklzxcvbnm",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "!@#$%^&*()_+", "azertyuiopqsdfghjklmwxcvbn", "qwertzuiopasdfghjklyxcvbnm",
    ]

    public let password: String
    public let userName: String?
    public let school: String?

    public init(_ password: String, userName: String?, school: String?) {
        self.password = password
        self.userName = userName
        self.school = school
    }

    /// Why the password is easy to guess (the commonest part of it), or nil when enough of it
    /// is not.
    public var problem: Guessable? {
        let plain = Array(password.lowercased())
        guard !plain.isEmpty else { return .sequence }
        if Self.isShortPartRepeated(plain) { return .repeatedPart }
        // Words are looked for as written, with disguised letters read back, and with what
        // separates them left out ("pa ss wo rd").
        let folded = plain.map(Self.folded)
        let compact = plain.indices.filter { plain[$0].isLetter || plain[$0].isNumber }
        let views: [(text: [Character], places: [Int])] = [
            (plain, Array(plain.indices)), (folded, Array(plain.indices)), (compact.map { folded[$0] }, compact),
        ]
        var taken = [Guessable?](repeating: nil, count: plain.count)
        Self.markYears(in: plain, into: &taken)
        for (words, reason) in guessableWords() {
            for word in words where word.count >= 2 {
                for view in views { Self.mark(word, in: view.text, places: view.places, as: reason, into: &taken) }
            }
        }
        let rest = plain.indices.filter { taken[$0] == nil }.map { plain[$0] }
        let fresh = Self.freshCount(rest)
        guard fresh < Self.minimumFreshCharacters else { return nil }
        // Named by what took the most characters; a sequence when nothing was taken.
        let counts = taken.compactMap { $0 }.reduce(into: [String: (Guessable, Int)]()) { $0[$1.description, default: ($1, 0)].1 += 1 }
        return counts.values.max { $0.1 < $1.1 }?.0 ?? .sequence
    }

    /// The words a guesser tries first, with why, as written (a word with digits, such as the
    /// user name "u1", is found as it is; its letters are found disguised too).
    private func guessableWords() -> [([[Character]], Guessable)] {
        var words: [([[Character]], Guessable)] = [(Self.commonPasswords.map { Array($0) }, .commonPassword(""))]
        if let userName {
            words.append(([Array(userName.lowercased())], .userName))
        }
        if let school {
            let parts = school.lowercased().split { !$0.isLetter && !$0.isNumber }.map { Array($0) }
            // The whole name run together, and each of its words of three letters or more.
            words.append(([parts.flatMap { $0 }] + parts.filter { $0.count >= 3 }, .schoolName))
        }
        return words
    }

    /// Marks the password's characters wherever `word` appears in `text`, a view of it whose
    /// characters come from the password's `places` (characters already marked keep their reason).
    private static func mark(_ word: [Character], in text: [Character], places: [Int], as reason: Guessable, into taken: inout [Guessable?]) {
        guard word.count <= text.count else { return }
        for start in 0...(text.count - word.count) where Array(text[start..<(start + word.count)]) == word {
            for index in places[start..<(start + word.count)] where taken[index] == nil {
                taken[index] = if case .commonPassword = reason { .commonPassword(String(word)) } else { reason }
            }
        }
    }

    /// Marks every year from 1900 to 2099 written in four digits.
    private static func markYears(in text: [Character], into taken: inout [Guessable?]) {
        guard text.count >= 4 else { return }
        for start in 0...(text.count - 4) {
            let digits = text[start..<(start + 4)]
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), ["19", "20"].contains(String(digits.prefix(2))) else { continue }
            for index in start..<(start + 4) where taken[index] == nil { taken[index] = .year }
        }
    }

    /// How people disguise letters: `P@ssw0rd` is `password`.
    static func folded(_ character: Character) -> Character {
        switch character {
        case "0": "o"
        case "1", "!", "|": "i"
        case "3": "e"
        case "4", "@": "a"
        case "5", "$": "s"
        case "7", "+": "t"
        case "8": "b"
        case "9": "g"
        default: character
        }
    }

    /// True when the whole password is one part of at most half its length said again and
    /// again (`abababababab`, `u1u1u1u1u1u1`, `passwordpassword`).
    public static func isShortPartRepeated(_ text: [Character]) -> Bool {
        guard text.count >= 2 else { return false }
        return (1...(text.count / 2)).contains { period in
            (period..<text.count).allSatisfy { text[$0] == text[$0 - period] }
        }
    }

    /// The characters of `text` that do not follow from the ones before: not a repeat of the
    /// previous one, and not the third or later of a run of neighbours along a sequence.
    public static func freshCount(_ text: [Character]) -> Int {
        guard !text.isEmpty else { return 0 }
        var predictable = Set<Int>()
        for index in text.indices.dropFirst() where text[index] == text[index - 1] {
            predictable.insert(index)
        }
        // Runs along a sequence: every character after the run's first follows from it.
        var runStart = 0
        var direction: Int?
        for index in text.indices.dropFirst() {
            guard let step = Self.step(from: text[index - 1], to: text[index]) else {
                direction = nil
                continue
            }
            if step != direction {
                direction = step
                runStart = index - 1
            }
            if index - runStart >= 2 {
                for position in (runStart + 1)...index { predictable.insert(position) }
            }
        }
        return text.count - predictable.count
    }

    /// +1 when `b` follows `a` along a sequence, -1 when it comes before it, nil otherwise.
    private static func step(from a: Character, to b: Character) -> Int? {
        for sequence in sequences {
            let characters = Array(sequence)
            for index in characters.indices.dropLast() {
                if characters[index] == a, characters[index + 1] == b { return 1 }
                if characters[index] == b, characters[index + 1] == a { return -1 }
            }
        }
        return nil
    }
}
