/// The EXIF orientation of a stored image: how its pixels must be turned to stand upright.
///
/// Raw values are the EXIF `Orientation` tag values 1-8.
public enum Orientation: Int, Sendable, Codable, CaseIterable {
    case up = 1
    case upMirrored = 2
    case down = 3
    case downMirrored = 4
    case leftMirrored = 5
    case right = 6
    case rightMirrored = 7
    case left = 8

    /// A value outside 1-8 is treated as upright, as every reader does.
    public init(exifValue: Int) {
        self = Orientation(rawValue: exifValue) ?? .up
    }

    /// True when width and height trade places once the image is upright.
    public var swapsDimensions: Bool {
        rawValue >= 5
    }

    public var plainDescription: String {
        switch self {
        case .up: "upright"
        case .upMirrored: "mirrored left to right"
        case .down: "upside down"
        case .downMirrored: "mirrored top to bottom"
        case .leftMirrored: "on its side and mirrored"
        case .right: "on its side (turn 90° clockwise)"
        case .rightMirrored: "on its side and mirrored"
        case .left: "on its side (turn 90° anticlockwise)"
        }
    }
}

extension Orientation {
    /// Where a point of the stored image, normalised to 0...1, lands once the image is upright.
    public func uprightPoint(x u: Double, y v: Double) -> (x: Double, y: Double) {
        switch self {
        case .up: (u, v)
        case .upMirrored: (1 - u, v)
        case .down: (1 - u, 1 - v)
        case .downMirrored: (u, 1 - v)
        case .leftMirrored: (v, u)
        case .right: (1 - v, u)
        case .rightMirrored: (1 - v, 1 - u)
        case .left: (v, 1 - u)
        }
    }

    /// A normalised box of the stored image (a region tag) as a normalised box of the upright
    /// image. Metadata regions describe the stored pixels, so they turn with them.
    public func uprightBox(_ box: Box) -> Box {
        let a = uprightPoint(x: box.x, y: box.y)
        let b = uprightPoint(x: box.maxX, y: box.maxY)
        return Box(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))
    }
}

extension Orientation {
    /// This turn followed by `next`, as one orientation (a HEIF's rotation and mirroring
    /// properties are applied one after the other).
    public func then(_ next: Orientation) -> Orientation {
        let samples = [(0.1, 0.3), (0.7, 0.2)]
        return Orientation.allCases.first { combined in
            samples.allSatisfy { sample in
                let once = uprightPoint(x: sample.0, y: sample.1)
                let twice = next.uprightPoint(x: once.x, y: once.y)
                let direct = combined.uprightPoint(x: sample.0, y: sample.1)
                return abs(direct.x - twice.x) < 1e-9 && abs(direct.y - twice.y) < 1e-9
            }
        }!
    }
}
