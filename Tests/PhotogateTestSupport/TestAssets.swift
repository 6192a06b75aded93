import Foundation

/// The pinned assets `Scripts/setup` fetches into `.cache/assets` (the face model and two
/// photos from PyPI wheels), and hand-made labels for them.
public enum TestAssets {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ name: String) -> String {
        root + "/.cache/assets/" + name
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public static func bytes(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            throw Missing(description: "\(path(name)) is missing: run Scripts/setup")
        }
        return [UInt8](data)
    }

    /// The six faces of `group-t1.jpg` (1280 × 886), boxed by hand from forehead to chin and
    /// ear to ear, looking at the picture over a 100-pixel grid.
    public static let groupFaces: [(x: Double, y: Double, width: Double, height: Double)] = [
        (60, 265, 110, 125), (268, 150, 100, 120), (465, 262, 120, 135),
        (750, 325, 110, 130), (902, 50, 125, 150), (1130, 262, 110, 125),
    ]
}
