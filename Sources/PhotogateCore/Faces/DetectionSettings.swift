/// How hard Photogate looks for faces. Missing a face is far worse than blurring a sleeve, so
/// the defaults lean towards finding too many. All are configurable.
public struct DetectionSettings: Sendable, Equatable, Codable {
    /// A detection at least this sure is a face.
    public var threshold: Double
    /// On the reduced copy, a weaker response than `threshold` but at least this is a place
    /// where a small face may be: it is looked at again at full resolution.
    public var proposalThreshold: Double
    /// The reduced copy fits within this many pixels on its longest side.
    public var overviewSide: Int
    /// Full-resolution tiles are squares of this side.
    public var tileSide: Int
    /// Faces found on the reduced copy narrower than this (in full-resolution pixels) are
    /// looked at again at full resolution, where their neighbours may be smaller still.
    public var smallFaceWidth: Double

    public static let standard = DetectionSettings(threshold: 0.2, proposalThreshold: 0.05, overviewSide: 1024,
                                                   tileSide: 640, smallFaceWidth: 64)

    public init(threshold: Double, proposalThreshold: Double, overviewSide: Int, tileSide: Int, smallFaceWidth: Double) {
        self.threshold = threshold
        self.proposalThreshold = min(proposalThreshold, threshold)
        self.overviewSide = overviewSide
        self.tileSide = tileSide
        self.smallFaceWidth = smallFaceWidth
    }
}

/// Where to place full-resolution tiles so that every point of interest lies well inside
/// one: greedy, strongest point first, each tile centred on the first point not yet covered.
public enum TilePlan {
    public static func tiles(covering points: [(x: Double, y: Double)], imageWidth: Int, imageHeight: Int,
                             side: Int, margin: Double = 32) -> [Box] {
        let width = Double(min(side, imageWidth)), height = Double(min(side, imageHeight))
        var remaining = points
        var tiles: [Box] = []
        while let point = remaining.first {
            let x = min(max(0, (point.x - width / 2).rounded(.down)), Double(imageWidth) - width)
            let y = min(max(0, (point.y - height / 2).rounded(.down)), Double(imageHeight) - height)
            let tile = Box(x: x, y: y, width: width, height: height)
            tiles.append(tile)
            remaining.removeAll { candidate in
                let inner = Box(x: tile.x + margin, y: tile.y + margin, width: tile.width - 2 * margin, height: tile.height - 2 * margin)
                return inner.contains(x: candidate.x, y: candidate.y)
                    || (candidate.x == point.x && candidate.y == point.y)
            }
        }
        return tiles
    }
}
