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

    public init(confusables: any ConfusableSkeleton) {
        self.confusables = confusables
    }

    /// The words of `text` as a reader reads them, in order: split on anything that is not a
    /// letter or a digit, so "Amy's" holds "amy" and "O'Brien" two words.
    ///
    /// Upper case is compared first, because capitals have more look-alikes across
    /// alphabets (Cyrillic "В" is a "B", its lower case "в" is not a "b"); lower case
    /// second, for the letters only alike in lower case (Cyrillic "һ" and "h"), so either
    /// case of either alphabet meets the same word.
    public func words(_ text: String) -> [String] {
        let plain = Self.withoutMarks(OutsideText.cleaned(text))
        let shapes = confusables.skeleton(confusables.skeleton(plain.uppercased()).lowercased())
        return Self.withoutMarks(shapes).lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
    }

    /// The skeleton words of `text` joined by single spaces: a key for looking names up.
    public func key(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// Whether `phrase` (skeleton words of a name) appears as consecutive whole words.
    public static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { Array(words[$0..<($0 + phrase.count)]) == phrase }
    }

    /// Compatibility forms unfolded (NFKD: "ﬁ" is "fi", "Ｒ" is "R") and accents dropped.
    private static func withoutMarks(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: kept.append(scalar)
            }
        }
        return String(kept)
    }
}
