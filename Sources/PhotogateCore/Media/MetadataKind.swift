/// A kind of information a photo file can carry besides its pixels. Sanitizing drops all of
/// them; the raw values are the words used in reports and JSON.
public enum MetadataKind: String, Sendable, Codable, CaseIterable, Comparable {
    case gps
    case serial
    case exif
    case makernote
    case thumbnail
    case xmp
    case iptc
    case icc
    case comment
    case text
    case trailer
    case other

    /// Plain words for the office staff reading a report.
    public var plainDescription: String {
        switch self {
        case .gps: "GPS location"
        case .serial: "camera serial number"
        case .exif: "camera details (EXIF)"
        case .makernote: "maker notes"
        case .thumbnail: "embedded preview image"
        case .xmp: "XMP (may name people)"
        case .iptc: "IPTC captions and credits"
        case .icc: "colour profile"
        case .comment: "comment"
        case .text: "text notes"
        case .trailer: "hidden data after the image"
        case .other: "other embedded data"
        }
    }

    public static func < (lhs: MetadataKind, rhs: MetadataKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
