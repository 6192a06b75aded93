import Foundation

/// EXIF stores times as `YYYY:MM:DD HH:MM:SS` with an optional separate offset (`+01:00`).
public enum ExifDateTime {
    /// The ISO 8601 form (`2021-04-11T15:47:53-05:00`), or `nil` when the value is blank or
    /// not a real date, as cameras with an unset clock write.
    public static func iso8601(_ value: String, offset: String? = nil) -> String? {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "-" || $0 == "T" })
        // Digits only, and few enough to be a number: "2026:99999999999999999999:01" is no date.
        let n = parts.compactMap { part in part.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(part) : nil }
        guard parts.count == 6, n.count == 6, (1..<10000).contains(n[0]), (1...12).contains(n[1]), (1...31).contains(n[2]),
              (0...23).contains(n[3]), (0...59).contains(n[4]), (0...60).contains(n[5]) else { return nil }
        var iso = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", n[0], n[1], n[2], n[3], n[4], n[5])
        if let offset = offset?.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0"))),
           offset.range(of: #"^[+-]\d{2}:\d{2}$"#, options: .regularExpression) != nil {
            iso += offset
        }
        return iso
    }
}
