import PhotogateCore
import Testing

@Suite("EXIF orientation")
struct OrientationTests {
    /// Where the stored image's top-left corner appears once upright, per the EXIF definition
    /// of each value (which row and column become the visual top and left).
    @Test("the stored top-left corner lands where EXIF says", arguments: [
        (1, 0.0, 0.0), (2, 1.0, 0.0), (3, 1.0, 1.0), (4, 0.0, 1.0),
        (5, 0.0, 0.0), (6, 1.0, 0.0), (7, 1.0, 1.0), (8, 0.0, 1.0),
    ])
    func topLeftCorner(value: Int, x: Double, y: Double) {
        let point = Orientation(exifValue: value).uprightPoint(x: 0, y: 0)
        #expect(point.x == x && point.y == y)
    }

    @Test("values 5 to 8 swap width and height")
    func swaps() {
        #expect(Orientation.allCases.filter(\.swapsDimensions).map(\.rawValue) == [5, 6, 7, 8])
    }

    @Test("two turns make one: a quarter turn anticlockwise then a mirror, two half turns, a mirror undone")
    func composition() {
        #expect(Orientation.left.then(.left) == .down)
        #expect(Orientation.right.then(.left) == .up)
        #expect(Orientation.upMirrored.then(.upMirrored) == .up)
        #expect(Orientation.down.then(.down) == .up)
        // Turning a quarter anticlockwise then swapping left and right takes the top-left
        // corner to the bottom-right: EXIF's 7.
        #expect(Orientation.left.then(.upMirrored) == .rightMirrored)
        for first in Orientation.allCases {
            #expect(first.then(.up) == first && Orientation.up.then(first) == first)
        }
    }

    @Test("regions drawn on a picture of the stored image's shape fit; on the turned one, or any other shape, they do not")
    func regionFrames() {
        #expect(RegionFrame(width: 886, height: 1280).contradiction(storedWidth: 886, storedHeight: 1280) == nil)
        // A resized copy keeps its regions: only the shape counts.
        #expect(RegionFrame(width: 4032, height: 3024).contradiction(storedWidth: 1024, storedHeight: 768) == nil)
        #expect(RegionFrame(width: 1280, height: 886).contradiction(storedWidth: 886, storedHeight: 1280)
            == "face regions were drawn on a 1280 × 886 picture, which does not match the photo as stored (886 × 1280), so where each named face is cannot be known")
        #expect(RegionFrame(width: 1000, height: 1000).contradiction(storedWidth: 886, storedHeight: 1280) != nil)
        // A frame with no usable size claims nothing.
        #expect(RegionFrame(width: 0, height: 0).contradiction(storedWidth: 886, storedHeight: 1280) == nil)
        #expect(RegionFrame(width: .nan, height: 5).contradiction(storedWidth: 886, storedHeight: 1280) == nil)
    }

    @Test("an unknown value is treated as upright")
    func unknownValue() {
        #expect(Orientation(exifValue: 0) == .up)
        #expect(Orientation(exifValue: 9) == .up)
    }

    @Test("a region on the left of a photo stored sideways (6) moves to the top")
    func regionTurnsWithThePixels() {
        // A face box on the stored image's left edge, halfway down.
        let stored = Box(x: 0.0, y: 0.4, width: 0.2, height: 0.2)
        let upright = Orientation.right.uprightBox(stored)
        #expect(abs(upright.x - 0.4) < 1e-9)
        #expect(abs(upright.y - 0.0) < 1e-9)
        #expect(abs(upright.width - 0.2) < 1e-9 && abs(upright.height - 0.2) < 1e-9)
    }

    @Test("turning a box keeps its area for every orientation")
    func areaIsKept() {
        let box = Box(x: 0.1, y: 0.2, width: 0.3, height: 0.15)
        for orientation in Orientation.allCases {
            #expect(abs(orientation.uprightBox(box).area - box.area) < 1e-12)
        }
    }
}
