import Foundation

/// Unicode's confusables (UTS #39): the skeleton of a text, each character replaced by the
/// prototype of the characters it can be mistaken for (Cyrillic "о" and Latin "o" alike,
/// "ℝ" like "R", "rn" like "m"). The data lives outside the domain (ICU's, in
/// `PhotogateUnicode`); this is all the domain needs of it.
public protocol ConfusableSkeleton: Sendable {
    func skeleton(_ text: String) -> String
}

/// A name as a reader reads it, so that a name written to slip past a check is still found:
/// letter case, accents, width and compatibility forms (𝐑, Ｒ), invisible characters (a
/// zero-width space in "R\u{200B}ory") and look-alike letters from other alphabets (a
/// Cyrillic "о" in "Rоry") make no difference. Two texts with the same skeleton words could
/// be read as the same name. Used to find names in captions, to resolve names in tags, and
/// (later) to find names read from the photo itself.
///
/// The skeleton is for comparing only; it is never shown (it reads "lan" for "Ian").
public struct NameSkeleton: Sendable {
    private let confusables: any ConfusableSkeleton
    /// Each character's skeleton, worked out once for as long as this skeleton lives: the
    /// consent list's names are read again for every caption and every import.
    private let known = KnownShapes()

    public init(confusables: any ConfusableSkeleton) {
        self.confusables = confusables
    }

    /// The words of `text` as a reader reads them, in order: split on anything that is not a
    /// letter or a digit, so "Amy's" holds "amy" and "O'Brien" two words.
    public func words(_ text: String) -> [String] {
        shapes(Self.withoutMarks(OutsideText.cleaned(text)))
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
    }

    /// The skeleton of text already cleaned and without marks, in lower case, letter by letter.
    private func shapes(_ plain: String) -> String {
        var shaped = ""
        for letter in plain {
            shaped += known.shape(of: letter) { shape($0) }
        }
        return shaped
    }

    /// One letter's skeleton, so that either case of either alphabet meets the same word.
    ///
    /// A letter from another alphabet is first taken as it looks as written: Cyrillic "г" and
    /// "у" are an "r" and a "y" to a reader, while their capitals "Г" and "У" look like a Greek
    /// gamma and a "Y". What it looks like is then compared as any Latin letter is.
    /// A Latin letter (or one that looks like no Latin letter as written) is compared in
    /// capitals first, because capitals have more look-alikes across alphabets (Cyrillic "В"
    /// is a "B", its small "в" a small capital "ʙ"), and then in small letters, for the
    /// letters only alike in small letters; so "IAN", "Ian" and "ian" read the same.
    private func shape(_ letter: Character) -> String {
        if !letter.isASCII {
            let asWritten = Self.withoutMarks(confusables.skeleton(String(letter)))
            if !asWritten.isEmpty, asWritten.allSatisfy(\.isASCII) { return caseless(asWritten) }
        }
        return caseless(String(letter))
    }

    private func caseless(_ text: String) -> String {
        Self.withoutMarks(confusables.skeleton(confusables.skeleton(text.uppercased()).lowercased())).lowercased()
    }

    /// The skeleton words of `text` joined by single spaces: a key for looking names up.
    public func key(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// `text` as a reader reads it when looking for a name in it (`NameReading`).
    public func reading(_ text: String) -> NameReading {
        var reading = NameReading()
        let plain = Self.withoutMarks(OutsideText.cleaned(text))
        let isInWord: (Character) -> Bool = { $0.isLetter || $0.isNumber }
        var previous: Substring?
        var index = plain.startIndex
        while let start = plain[index...].firstIndex(where: isInWord) {
            let end = plain[start...].firstIndex(where: { !isInWord($0) }) ?? plain.endIndex
            let word = plain[start..<end]
            let pieces = NameReading.pieces(of: Array(word)).map { shapes(String($0)).filter { $0.isLetter || $0.isNumber } }
            let continues = previous.map { Self.mayBeOneWord($0, split: plain[index..<start], word) } ?? false
            reading.append(word: pieces.filter { !$0.isEmpty }.map(Array.init), oneCharacter: word.count == 1, continuing: continues)
            previous = word
            index = end
        }
        return reading
    }

    /// Whether a reader may read `before` and `after` as one word split by `split`: a hyphen
    /// (and perhaps a line break after it, "Ro-\nry"), an emoji or other symbol ("Ro🏃ry"),
    /// or spaces where a capitalised word goes on in small letters ("Ro ry", "Ror y"). The
    /// last cannot be told from two real words without a dictionary, so a name is also found
    /// in "A dam" ("Adam") or "I an" ("Ian"): a caption that says so is reworded, which is
    /// better than publishing a name. Two words in small letters ("a dam") or two capitalised
    /// ones ("Ro Ry") are read as two words, as a reader reads them.
    static func mayBeOneWord(_ before: Substring, split: Substring, _ after: Substring) -> Bool {
        func category(_ character: Character) -> Unicode.GeneralCategory? {
            character.unicodeScalars.first?.properties.generalCategory
        }
        if let first = split.first, category(first) == .dashPunctuation, split.dropFirst().allSatisfy(\.isWhitespace) {
            return true
        }
        if split.allSatisfy({ [.otherSymbol, .modifierSymbol].contains(category($0)) }) { return true }
        return split.allSatisfy(\.isWhitespace) && before.first?.isUppercase == true && after.first?.isLowercase == true
    }

    /// Compatibility forms unfolded (NFKD: "ﬁ" is "fi", "Ｒ" is "R"), accents dropped, and
    /// what only changes how the character before it is drawn: an emoji skin tone ("Rory🏻")
    /// or a variation selector would otherwise join the last letter of a name into one
    /// character that is no longer that letter.
    static func withoutMarks(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isEmojiModifier || scalar.properties.isVariationSelector { continue }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark: continue
            default: kept.append(scalar)
            }
        }
        return String(kept)
    }
}

/// A text as a reader reads it when looking for a name in it: its letters as skeletons (see
/// `NameSkeleton`), and where a reader sees a word begin or end. A name is found where its
/// letters are the text's letters from one such place to another, over nothing a reader
/// would take for the end of a word:
/// - a space, a line break or punctuation between words ("Rory\nWilliams"), only where the
///   name has its own ("Rory Williams"), or between letters written one by one ("R o r y",
///   "R.o.r.y", "W i l l i a m s");
/// - a change from small letters to a capital, or between letters and digits, which a
///   reader may take as a new word or not ("#RoryWilliams", "WellDoneRory", "R0ry");
/// - nothing at all, for a whole name run together ("#rorywilliams");
/// - a split a reader still reads through: a hyphen, also at a line break ("Ro-ry",
///   "Ro-\nry"), an emoji between letters, or spaces before the small letters that go on a
///   capitalised word ("Ro ry"; see `NameSkeleton.mayBeOneWord`).
/// So a name is still whole words: "Rory" is not found in "Glory" or "Gregory" (a reader
/// reads another name), nor "Adam" in "a dam".
public struct NameReading: Sendable, Equatable {
    enum Break: Sendable, Equatable {
        /// Between words: a space, a line break, punctuation.
        case word
        /// Where a reader may see a new word begin or not: inside a word, where its letters
        /// change case or turn to digits, or between two words a reader may read as one
        /// (`NameSkeleton.mayBeOneWord`).
        case maybe
    }

    /// The letters, skeletons in lower case, without what separates them.
    private(set) var letters: [Character] = []
    /// The break at each place in `0...letters.count` where there is one.
    private(set) var breaks: [Int: Break] = [:]
    /// The word breaks between two words of one character each, as in "R o r y".
    private(set) var spacedLetters: Set<Int> = []
    private var lastWordWasOneCharacter = false

    public var isEmpty: Bool { letters.isEmpty }

    /// Adds a word (its pieces between case changes) after the text so far; `continuing` when
    /// a reader may read it as the rest of the word before.
    mutating func append(word pieces: [[Character]], oneCharacter: Bool, continuing: Bool = false) {
        guard !pieces.isEmpty else { return }
        if !letters.isEmpty, oneCharacter, lastWordWasOneCharacter { spacedLetters.insert(letters.count) }
        breaks[letters.count] = continuing && !letters.isEmpty ? .maybe : .word
        for (index, piece) in pieces.enumerated() {
            if index > 0 { breaks[letters.count] = .maybe }
            letters += piece
        }
        breaks[letters.count] = .word
        lastWordWasOneCharacter = oneCharacter
    }

    /// A name of several parts, one after the other: "Rory" + "Williams".
    public static func + (lhs: NameReading, rhs: NameReading) -> NameReading {
        var joined = lhs
        for (place, kind) in rhs.breaks where joined.breaks[lhs.letters.count + place] != .word {
            joined.breaks[lhs.letters.count + place] = kind
        }
        joined.spacedLetters.formUnion(rhs.spacedLetters.map { $0 + lhs.letters.count })
        joined.letters += rhs.letters
        joined.lastWordWasOneCharacter = rhs.lastWordWasOneCharacter
        return joined
    }

    /// Whether `name` is read in this text (see the type's documentation).
    public func contains(_ name: NameReading) -> Bool {
        let length = name.letters.count
        guard length > 0, length <= letters.count else { return false }
        for start in breaks.keys where start + length <= letters.count && breaks[start + length] != nil {
            guard letters[start..<(start + length)].elementsEqual(name.letters) else { continue }
            let crossed = breaks.filter { $0.key > start && $0.key < start + length }
            if crossed.allSatisfy({ place, kind in kind == .maybe || name.breaks[place - start] != nil || spacedLetters.contains(place) }) {
                return true
            }
        }
        return false
    }

    /// A word's pieces where a reader may see a new word begin: small letters followed by a
    /// capital ("Rory|Williams"), the last capital of a run before small letters
    /// ("RORY|Williams"), and letters next to digits ("R|0|ry").
    static func pieces(of word: [Character]) -> [ArraySlice<Character>] {
        var pieces: [ArraySlice<Character>] = []
        var start = 0
        for index in word.indices.dropFirst() {
            let before = word[index - 1], here = word[index]
            let newWord = (before.isLowercase && here.isUppercase)
                || (before.isUppercase && here.isUppercase && index + 1 < word.count && word[index + 1].isLowercase)
                || (before.isNumber != here.isNumber)
            if newWord {
                pieces.append(word[start..<index])
                start = index
            }
        }
        pieces.append(word[start...])
        return pieces
    }
}

/// The skeletons of the characters a `NameSkeleton` has read, shared by every copy of it.
private final class KnownShapes: @unchecked Sendable {
    private let lock = NSLock()
    private var shapes: [Character: String] = [:]

    func shape(of letter: Character, _ make: (Character) -> String) -> String {
        if let shape = lock.withLock({ shapes[letter] }) { return shape }
        let shape = make(letter)
        lock.withLock { shapes[letter] = shape }
        return shape
    }
}
