/// An axis-aligned rectangle: `x`, `y` is the top-left corner. Used in pixels of an image, or
/// normalised to 0...1 of its width and height (MWG and Microsoft regions).
public struct Box: Sendable, Codable, Equatable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// A box given by its centre, as MWG `stArea` stores it.
    public init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(x: centerX - width / 2, y: centerY - height / 2, width: width, height: height)
    }

    /// The largest number a box written as text may hold: far beyond any photo's side, and
    /// small enough that sums and areas of such numbers stay exact.
    public static let largestWrittenNumber = 1_000_000.0

    /// The smallest width and height of a box written as text: one pixel.
    public static let smallestWrittenSide = 1.0

    /// What `init(commaSeparated:)` reads, in words for whoever wrote the box.
    public static let writtenForm = "x,y,width,height: four plain numbers of pixels, such as 60,265,110,125 "
        + "(digits, with a decimal point if need be), the width and height at least 1, none over 1000000"

    /// A box as staff write it and manifests hold it: `x,y,width,height`, four plain decimal
    /// numbers (digits, optionally a point and more digits; spaces around them allowed) from 0
    /// to `largestWrittenNumber`, the width and height at least `smallestWrittenSide`, and
    /// nothing else. What `Double` also reads is no box: "nan", "inf", "1e20", "1e-300" (a
    /// size that rounds to nothing), "0x10" (hexadecimal), "+5".
    public init?(commaSeparated text: String) {
        let numbers = text.split(separator: ",", omittingEmptySubsequences: false).map { Self.plainNumber($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 4, let x = numbers[0], let y = numbers[1], let width = numbers[2], let height = numbers[3] else { return nil }
        self.init(x: x, y: y, width: width, height: height)
        guard isWritable else { return nil }
    }

    /// Whether the box is one staff could write (`init(commaSeparated:)`), however a front end
    /// built it: every number from 0 to `largestWrittenNumber`, the width and height at least
    /// `smallestWrittenSide`.
    public var isWritable: Bool {
        [x, y, width, height].allSatisfy { (0...Self.largestWrittenNumber).contains($0) }
            && width >= Self.smallestWrittenSide && height >= Self.smallestWrittenSide
    }

    /// A number written as digits, optionally with a decimal point followed by digits; nil for
    /// anything else. At most 20 characters: no box needs more, and nothing long is parsed.
    private static func plainNumber(_ text: String) -> Double? {
        guard (1...20).contains(text.utf8.count) else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }) else { return nil }
        return Double(text)
    }

    /// The box as `x,y,width,height` in whole pixels, the way `init(commaSeparated:)` reads it.
    public var pixelText: String {
        [x, y, width, height].map { String(Int(saturating: $0)) }.joined(separator: ",")
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var area: Double { max(0, width) * max(0, height) }
    public var center: (x: Double, y: Double) { (x + width / 2, y + height / 2) }

    /// True when every value is finite and the box has a positive size.
    public var isUsable: Bool {
        [x, y, width, height].allSatisfy(\.isFinite) && width > 0 && height > 0
    }

    public func contains(x px: Double, y py: Double) -> Bool {
        px >= x && px <= maxX && py >= y && py <= maxY
    }

    public func intersection(_ other: Box) -> Box? {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return nil }
        return Box(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Intersection over union, 0 when the boxes do not touch.
    public func iou(_ other: Box) -> Double {
        let shared = intersection(other)?.area ?? 0
        let union = area + other.area - shared
        return union > 0 ? shared / union : 0
    }

    /// The share of this box that `other` covers.
    public func coverage(by other: Box) -> Double {
        area > 0 ? (intersection(other)?.area ?? 0) / area : 0
    }

    /// Scales each axis, e.g. normalised to pixels.
    public func scaled(x sx: Double, y sy: Double) -> Box {
        Box(x: x * sx, y: y * sy, width: width * sx, height: height * sy)
    }

    /// Grows the box by `fraction` of its size on each axis, around its centre.
    public func grown(by fraction: Double) -> Box {
        let dw = width * fraction, dh = height * fraction
        return Box(x: x - dw / 2, y: y - dh / 2, width: width + dw, height: height + dh)
    }

    /// Whether the box has a size and lies wholly inside an image of this size.
    public func isInside(width limitWidth: Double, height limitHeight: Double) -> Bool {
        isUsable && x >= 0 && y >= 0 && maxX <= limitWidth && maxY <= limitHeight
    }

    /// The part of the box inside `0...width`, `0...height`.
    public func clamped(width limitWidth: Double, height limitHeight: Double) -> Box? {
        if x >= 0, y >= 0, maxX <= limitWidth, maxY <= limitHeight { return self }
        return intersection(Box(x: 0, y: 0, width: limitWidth, height: limitHeight))
    }
}
