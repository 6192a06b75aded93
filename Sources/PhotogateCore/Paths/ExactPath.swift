/// A path (or a file name) as the file system tells files apart: by its exact bytes.
///
/// Swift's `String` treats canonically equivalent text as equal: `==`, hashing, ordering and
/// `hasPrefix` all see `café.jpg` written precomposed (NFC) and decomposed (NFD) as one
/// string, while Linux keeps them as two files side by side. So wherever files are told
/// apart (a set of inputs, a name map, an order, "is this inside that folder"), compare
/// `ExactPath`s, never the strings, or one photo silently takes the other's place.
public struct ExactPath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public static func == (left: ExactPath, right: ExactPath) -> Bool {
        left.text.utf8.elementsEqual(right.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
        hasher.combine(text.utf8.count)
    }

    /// Byte order, which for UTF-8 is code point order: the same every time, whatever the
    /// order the folder was listed in.
    public static func < (left: ExactPath, right: ExactPath) -> Bool {
        left.text.utf8.lexicographicallyPrecedes(right.text.utf8)
    }

    /// True when this path is inside `folder` (at any depth), comparing bytes.
    public func isInside(_ folder: ExactPath) -> Bool {
        var prefix = Array(folder.text.utf8)
        if prefix.last != UInt8(ascii: "/") { prefix.append(UInt8(ascii: "/")) }
        return text.utf8.count > prefix.count && text.utf8.starts(with: prefix)
    }

    /// The part after `folder/`, when this path is inside it.
    public func relative(to folder: ExactPath) -> String? {
        guard isInside(folder) else { return nil }
        let count = folder.text.utf8.last == UInt8(ascii: "/") ? folder.text.utf8.count : folder.text.utf8.count + 1
        return String(decoding: text.utf8.dropFirst(count), as: UTF8.self)
    }

    public var description: String { text }
}
