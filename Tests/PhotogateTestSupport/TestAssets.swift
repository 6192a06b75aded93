import Foundation
import PhotogateCore

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

    /// The six faces of `group-t1.jpg` (1280 × 886), boxed by hand (`Fixtures/labels/group-t1.json`).
    public static let groupFaces: [Box] = {
        struct Labels: Decodable { var faces: [[Double]] }
        let data = FileManager.default.contents(atPath: root + "/Fixtures/labels/group-t1.json")!
        return try! JSONDecoder().decode(Labels.self, from: data).faces.map { Box(x: $0[0], y: $0[1], width: $0[2], height: $0[3]) }
    }()

    /// A labelled face of the group photo as `photogate tag --box` takes it: `x,y,w,h` in pixels.
    public static func groupFaceBoxArgument(_ index: Int) -> String {
        let face = groupFaces[index]
        return [face.x, face.y, face.width, face.height].map { String(Int($0)) }.joined(separator: ",")
    }

    /// How many labelled faces a found box covers by half or more: the recall measure.
    public static func found(_ labels: [Box], in boxes: [Box]) -> Int {
        labels.filter { label in boxes.contains { label.coverage(by: $0) >= 0.5 } }.count
    }
}

/// The group photo (`group-t1.jpg`) as an iPhone in the school would hold it: EXIF make and
/// model, and MWG face regions naming whoever the test says is on each labelled face.
public enum GroupPhoto {
    /// A labelled face of the group photo as an MWG region (name, normalised centre and size).
    public static func region(_ name: String, _ index: Int) -> (String, Double, Double, Double, Double) {
        let face = TestAssets.groupFaces[index]
        return (name, (face.x + face.width / 2) / 1280, (face.y + face.height / 2) / 886, face.width / 1280, face.height / 886)
    }

    /// The JPEG with the given regions (none: a photo nobody tagged).
    public static func jpeg(regions: [(String, Double, Double, Double, Double)]) throws -> [UInt8] {
        var exif = ExifBlock()
        exif.make = "Apple"
        exif.model = "iPhone 12"
        var segments = [JPEGSegments.exif(exif.bytes())]
        if !regions.isEmpty { segments.append(JPEGSegments.xmp(XMPPackets.mwgRegions(regions, width: 1280, height: 886))) }
        return JPEGSegments.splice(segments, into: try TestAssets.bytes("group-t1.jpg"))
    }
}
