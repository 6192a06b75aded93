import CConfusables
import PhotogateCore

/// Unicode's confusables, as the system's ICU knows them (`uspoof_getSkeleton`): kept up to
/// date with the operating system, and the same data browsers and mail clients use to spot
/// look-alike names.
public struct UnicodeConfusables: ConfusableSkeleton {
    public init() {}

    /// ICU takes lengths as 32-bit numbers: a longer text is taken a piece at a time, cut
    /// before a character that starts a new letter (the skeleton maps each letter with its
    /// accents on its own).
    private static let pieceLength = 1 << 20

    public func skeleton(_ text: String) -> String {
        var result = ""
        var piece = String.UnicodeScalarView()
        var pieceUnits = 0
        for scalar in text.unicodeScalars {
            if pieceUnits >= Self.pieceLength, scalar.properties.canonicalCombiningClass == .notReordered {
                result += Self.skeletonOfPiece(String(piece))
                piece = String.UnicodeScalarView()
                pieceUnits = 0
            }
            piece.append(scalar)
            pieceUnits += scalar.utf16.count
        }
        return result + Self.skeletonOfPiece(String(piece))
    }

    private static func skeletonOfPiece(_ text: String) -> String {
        let units = Array(text.utf16)
        guard !units.isEmpty else { return "" }
        var capacity = units.count * 2 + 16
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            let length = Int(pg_confusable_skeleton(units, Int32(clamping: units.count), &out, Int32(clamping: capacity)))
            // ICU's data is part of the library Photogate is linked with; it cannot be missing
            // at run time, and no text can make it so.
            precondition(length >= 0, "ICU's confusables data cannot be loaded; reinstall libicu")
            if length <= capacity { return String(decoding: out[..<length], as: UTF16.self) }
            capacity = length
        }
    }
}

extension NameSkeleton {
    /// The skeleton with Unicode's confusables, as every part of Photogate compares names.
    public static let standard = NameSkeleton(confusables: UnicodeConfusables())
}
