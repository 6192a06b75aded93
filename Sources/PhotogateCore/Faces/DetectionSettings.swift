/// How hard Photogate looks for faces. Missing a face is far worse than blurring a sleeve, so
/// the defaults lean towards finding too many. All are configurable.
public struct DetectionSettings: Sendable, Equatable, Codable {
    /// A detection at least this sure is a face.
    public var threshold: Double
    /// In the survey (`DetectionPlan`), a weaker response than `threshold` but at least this
    /// is a place where a small face may be: it is looked at again at full resolution.
    public var proposalThreshold: Double
    /// A photo of the window's shape is surveyed reduced to this many pixels on its longest
    /// side; a photo of another shape (a panorama) no coarser on either side (`DetectionPlan`).
    public var overviewSide: Int
    /// The network reads windows this wide and three quarters of it high, both of the
    /// reduced copy and of the full-resolution photo: one input size keeps memory flat (the
    /// network's working memory grows with its input).
    public var windowSide: Int

    public static let standard = DetectionSettings(threshold: 0.2, proposalThreshold: 0.05, overviewSide: 1024, windowSide: 640)

    public init(threshold: Double, proposalThreshold: Double, overviewSide: Int, windowSide: Int) {
        self.threshold = threshold
        self.proposalThreshold = min(proposalThreshold, threshold)
        self.overviewSide = overviewSide
        self.windowSide = windowSide
    }

    /// The network's input: `windowSide` wide and three quarters of it high, in multiples of 32.
    public var window: (width: Int, height: Int) {
        ((windowSide + 31) / 32 * 32, (windowSide * 3 / 4 + 31) / 32 * 32)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let standard = DetectionSettings.standard
        self.init(threshold: try c.decodeIfPresent(Double.self, forKey: .threshold) ?? standard.threshold,
                  proposalThreshold: try c.decodeIfPresent(Double.self, forKey: .proposalThreshold) ?? standard.proposalThreshold,
                  overviewSide: try c.decodeIfPresent(Int.self, forKey: .overviewSide) ?? standard.overviewSide,
                  windowSide: try c.decodeIfPresent(Int.self, forKey: .windowSide) ?? standard.windowSide)
    }
}

/// Where to place windows over an image.
public enum TilePlan {
    /// Windows so that every point of interest lies inside one, at least `margin` from each
    /// of its edges that is not the image's: greedy, strongest point first, each window
    /// centred on the first point not yet covered.
    public static func tiles(covering points: [(x: Double, y: Double)], imageWidth: Int, imageHeight: Int,
                             window: (width: Int, height: Int), margin: Double = 32) -> [Box] {
        let width = Double(min(window.width, imageWidth)), height = Double(min(window.height, imageHeight))
        var remaining = points
        var tiles: [Box] = []
        while let point = remaining.first {
            let x = min(max(0, (point.x - width / 2).rounded(.down)), Double(imageWidth) - width)
            let y = min(max(0, (point.y - height / 2).rounded(.down)), Double(imageHeight) - height)
            let tile = Box(x: x, y: y, width: width, height: height)
            tiles.append(tile)
            let left = tile.x > 0 ? tile.x + margin : -Double.infinity
            let top = tile.y > 0 ? tile.y + margin : -Double.infinity
            let right = tile.maxX < Double(imageWidth) ? tile.maxX - margin : Double.infinity
            let bottom = tile.maxY < Double(imageHeight) ? tile.maxY - margin : Double.infinity
            remaining.removeAll { candidate in
                (candidate.x >= left && candidate.x <= right && candidate.y >= top && candidate.y <= bottom)
                    || (candidate.x == point.x && candidate.y == point.y)
            }
        }
        return tiles
    }

    /// How much neighbouring windows of a grid share at least: a face about 100 pixels wide
    /// on one window's edge is whole in the next.
    public static let standardOverlap = 128

    /// Windows covering a whole image, overlapping by at least `overlap` pixels so a face on
    /// one window's edge is whole in the next.
    public static func grid(imageWidth: Int, imageHeight: Int, window: (width: Int, height: Int), overlap: Int = standardOverlap) -> [Box] {
        func starts(_ length: Int, _ size: Int) -> [Int] {
            guard length > size else { return [0] }
            let count = Int(saturating: (Double(length - overlap) / Double(max(1, size - overlap))).rounded(.up))
            let step = Double(length - size) / Double(count - 1)
            return (0..<count).map { Int(saturating: (Double($0) * step).rounded()) }
        }
        let width = min(window.width, imageWidth), height = min(window.height, imageHeight)
        return starts(imageHeight, window.height).flatMap { y in
            starts(imageWidth, window.width).map { x in
                Box(x: Double(x), y: Double(y), width: Double(width), height: Double(height))
            }
        }
    }
}
