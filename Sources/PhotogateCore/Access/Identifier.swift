import Foundation

/// The short names that identify users, devices, channels and people on the consent list:
/// 1 to 64 ASCII letters, digits, `.`, `-` or `_`, so they are safe in paths, CSV cells and
/// audit subjects, and no look-alike letter from another alphabet can pass for one.
///
/// One identity rule for all of them: letter case does not matter (`d777` and `D777` are one
/// person), exactly as SQLite's `COLLATE NOCASE` compares the users, devices and channels
/// tables, so a lookup in Swift and a lookup in SQL always agree. An identifier is shown as
/// it was written and compared by its `key`.
public enum Identifier {
    /// Why `text` cannot name a `noun` (e.g. "a device id"), or nil when it can.
    public static func problem(_ text: String, naming noun: String) -> String? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        guard (1...64).contains(text.count), text.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            return "\(noun) is 1 to 64 letters, digits, dots, dashes or underscores"
        }
        return nil
    }

    /// The form identifiers are compared in: ASCII letters in lower case and nothing else
    /// changed, as `COLLATE NOCASE` folds them (so "Ǆ" stays itself there and here).
    public static func key(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
        }))
    }

    /// Whether two identifiers name the same user, device, channel or person.
    public static func same(_ a: String, _ b: String) -> Bool {
        key(a) == key(b)
    }
}
