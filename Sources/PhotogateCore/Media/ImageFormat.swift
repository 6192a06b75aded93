/// The still-image formats Photogate accepts, recognised by content, never by file name.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg
    case png
    case heif
    case webp
    case tiff

    /// How the format is named to people.
    public var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .heif: "HEIF/HEIC"
        case .webp: "WebP"
        case .tiff: "TIFF"
        }
    }
}
