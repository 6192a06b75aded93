import Foundation

/// The purposes a photo can be used for. The set is configuration: a school may add
/// "prospectus" or drop "press"; these are the defaults.
public enum Purposes {
    public static let defaults = ["website", "social_media", "newsletter", "press", "display"]

    /// Purpose names are lowercase words joined by underscores.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
            && name.first!.isLetter
    }

    /// How a purpose reads in messages: `social_media` → "social media".
    public static func plainName(_ purpose: String) -> String {
        purpose.replacingOccurrences(of: "_", with: " ")
    }
}
