import PhotogateCore
import Testing

@Suite("Boxes")
struct BoxTests {
    @Test("intersection over union")
    func iou() {
        let a = Box(x: 0, y: 0, width: 10, height: 10)
        #expect(a.iou(a) == 1)
        #expect(a.iou(Box(x: 20, y: 20, width: 5, height: 5)) == 0)
        #expect(abs(a.iou(Box(x: 5, y: 0, width: 10, height: 10)) - 50.0 / 150.0) < 1e-12)
    }

    @Test("MWG areas are centred")
    func centred() {
        let box = Box(centerX: 0.5, centerY: 0.5, width: 0.2, height: 0.4)
        #expect(box.x == 0.4 && abs(box.y - 0.3) < 1e-12)
    }

    @Test("growing keeps the centre")
    func grown() {
        let box = Box(x: 10, y: 10, width: 10, height: 20).grown(by: 0.3)
        #expect(box.center.x == 15 && box.center.y == 20)
        #expect(box.width == 13 && box.height == 26)
    }

    @Test("clamping cuts what lies outside the image, and drops a box fully outside")
    func clamped() {
        #expect(Box(x: -5, y: -5, width: 10, height: 10).clamped(width: 100, height: 100) == Box(x: 0, y: 0, width: 5, height: 5))
        #expect(Box(x: 200, y: 0, width: 10, height: 10).clamped(width: 100, height: 100) == nil)
    }

    @Test("unusable boxes are recognised")
    func usable() {
        #expect(!Box(x: .nan, y: 0, width: 1, height: 1).isUsable)
        #expect(!Box(x: 0, y: 0, width: 0, height: 1).isUsable)
        #expect(Box(x: 0, y: 0, width: 1, height: 1).isUsable)
    }
}
