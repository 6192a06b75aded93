import Foundation

/// The short names people type for users, devices and channels: 1 to 64 ASCII letters,
/// digits, `.`, `-` or `_`, so they are safe in paths, CSV cells and audit subjects.
public enum Identifier {
    /// Why `text` cannot name a `noun` (e.g. "a device id"), or nil when it can.
    public static func problem(_ text: String, naming noun: String) -> String? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        guard (1...64).contains(text.count), text.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            return "\(noun) is 1 to 64 letters, digits, dots, dashes or underscores"
        }
        return nil
    }
}
