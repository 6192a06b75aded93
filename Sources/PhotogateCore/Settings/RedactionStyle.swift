/// How faces are hidden.
public struct RedactionStyle: Sendable, Equatable, Codable {
    public enum Fill: String, Sendable, Codable {
        /// Reduced to at most 8 blocks across, then blurred.
        case pixelate
        /// Filled black.
        case solid
    }

    public var fill: Fill
    /// The face box is grown by this share of its size before redaction (hair, ears, chin).
    public var grow: Double

    public static let standard = RedactionStyle(fill: .pixelate, grow: 0.3)

    public init(fill: Fill, grow: Double) {
        self.fill = fill
        self.grow = grow
    }
}
