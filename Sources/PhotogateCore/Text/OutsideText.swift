import Foundation

/// Text that comes from outside Photogate: captions, names on the consent list, camera makes,
/// models and serial numbers, file names, names in a photo's tags, and whatever staff type
/// (device details, channel accounts, reasons and notes).
///
/// The one rule for all of it: it is kept in Unicode NFC, and it holds no *hidden* character,
/// one that is not shown as itself but changes what is shown around it or is not shown at
/// all. Those are the C0 and C1 controls (a carriage return that sends the cursor back over a
/// line, the escape that starts a terminal sequence), format characters (bidirectional
/// overrides and isolates that reorder text, zero-width spaces and joiners, the soft hyphen,
/// the byte-order mark, tag characters), line and paragraph separators, every other
/// default-ignorable code point (variation selectors, Hangul fillers) and noncharacters.
/// The joiners and selectors that build one emoji (👨‍👩‍👧, ❤️, the flag of Scotland) are the
/// exception: inside an emoji they are shown as that emoji.
///
/// Text typed by a person who can type it again is refused (`checked`), so what is recorded
/// is what they see; text read from a file nobody here can fix (a camera's make, a tag
/// written by other software, a file name) is stored cleaned (`cleaned`); and whatever is
/// shown on a terminal shows each hidden character as its code (`visible`).
public enum OutsideText {
    /// Why a text was refused, in words for the person who typed it.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Whether a character is hidden wherever it appears (see the type's documentation). An
    /// emoji's own joiners are allowed by `hiddenScalars(in:)`, which sees their context.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate: return true
        default: return properties.isDefaultIgnorableCodePoint || properties.isNoncharacterCodePoint
        }
    }

    /// The hidden characters of `text`, in order.
    public static func hiddenScalars(in text: String) -> [Unicode.Scalar] {
        var found: [Unicode.Scalar] = []
        forEachScalar(of: text) { scalar, hidden in if hidden { found.append(scalar) } }
        return found
    }

    /// `text` in NFC without its hidden characters: for text read from files, which is stored
    /// as a person would read it. A hidden character that separates words where it is shown
    /// (a line break, a tab, a line or paragraph separator) becomes a space, so "Rory\nWilliams"
    /// stays two words; the others are removed, so "R\u{200B}ory" is one.
    public static func cleaned(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        forEachScalar(of: text) { scalar, hidden in
            if !hidden {
                kept.append(scalar)
            } else if scalar.properties.isWhitespace {
                kept.append(" ")
            }
        }
        return String(kept).precomposedStringWithCanonicalMapping
    }

    /// `text` (trimmed, in NFC) when it holds no hidden character; otherwise refused, naming
    /// the first one. For text a person types or keeps: they can write it again, and what is
    /// recorded is then exactly what they saw. `field` names the text ("the make", "the
    /// note"), `fix` says what to do about it.
    public static func checked(_ text: String, field: String, fix: String = "type it again without it") throws(Refusal) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let hidden = hiddenScalars(in: trimmed).first {
            throw Refusal(description: "\(field) contains \(describe(hidden)), which is not shown on screen; \(fix)")
        }
        return trimmed.precomposedStringWithCanonicalMapping
    }

    /// A caption as it will be published, or refused.
    ///
    /// The approver must read exactly what is published, so a caption with a hidden
    /// character is refused, not stripped: stripping would publish a text its writer never
    /// saw, and a warning printed beside a queued post is easily missed, while a refusal at
    /// `post create` is seen by the one person who can retype the caption. Line breaks are
    /// part of a caption: `\n` is kept and Windows' `\r\n` becomes `\n`. A lone `\r` (which
    /// on a terminal writes the next words over the line, so the approver would read one
    /// text and the channel get another), a tab, an escape and every other hidden character
    /// are refused. The caption is trimmed and put in NFC.
    public static func caption(_ text: String) throws(Refusal) -> String {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if let hidden = hiddenScalars(in: unified).first(where: { $0 != "\n" }) {
            throw Refusal(description: "the caption contains \(describe(hidden)), which is not shown on screen but would be published; type it again without it")
        }
        return unified.precomposedStringWithCanonicalMapping
    }

    /// `text` with each hidden character written as its code (`\u{1B}`), so that a terminal
    /// shows it instead of obeying it. Everything else is left as it is.
    public static func visible(_ text: String) -> String {
        var shown = ""
        forEachScalar(of: text) { scalar, hidden in
            if hidden {
                shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// "U+202E (right-to-left override)", "U+001B (escape)", for messages.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let name = controlNames[scalar.value] ?? scalar.properties.name?.lowercased() ?? "a control character"
        return "an invisible character (\(code), \(name))"
    }

    private static let controlNames: [UInt32: String] = [
        0x07: "bell", 0x08: "backspace", 0x09: "tab", 0x0A: "line break", 0x0B: "vertical tab", 0x0C: "form feed",
        0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete", 0x85: "next line", 0x9B: "control sequence introducer",
    ]

    /// Calls `body` with each scalar of `text` and whether it is hidden there.
    private static func forEachScalar(of text: String, _ body: (Unicode.Scalar, _ hidden: Bool) -> Void) {
        for character in text {
            let scalars = Array(character.unicodeScalars)
            for (index, scalar) in scalars.enumerated() {
                body(scalar, isHidden(scalar) && !isEmojiJoiner(at: index, of: scalars))
            }
        }
    }

    /// Whether the scalar at `index` of one character is part of how an emoji is built: a
    /// zero-width joiner between two emoji, a variation selector after one, or the tag
    /// characters of a subdivision flag (🏴 followed by tags).
    private static func isEmojiJoiner(at index: Int, of scalars: [Unicode.Scalar]) -> Bool {
        guard index > 0, scalars[0].properties.isEmoji else { return false }
        switch scalars[index].value {
        case 0x200D: return index + 1 < scalars.count && scalars[index + 1].properties.isEmoji
        case 0xFE0E, 0xFE0F: return true
        case 0xE0020...0xE007F: return scalars[0].value == 0x1F3F4
        default: return false
        }
    }
}
