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
