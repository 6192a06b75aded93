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

    @Test("a typed box is four numbers, written back in whole pixels", arguments: [
        ("60,265,110,125", Box(x: 60, y: 265, width: 110, height: 125)),
        (" 1.5, 2 ,3,4 ", Box(x: 1.5, y: 2, width: 3, height: 4)),
        ("1,2,3", nil), ("1,2,x,4", nil), ("1,2,3,4,5", nil), ("1,,3,4", nil), ("", nil),
        ("0,0,1000000,1000000", Box(x: 0, y: 0, width: 1_000_000, height: 1_000_000)),
        ("nan,0,10,10", nil), ("0,0,inf,10", nil), ("0,0,10,-inf", nil), ("1e20,0,10,10", nil), ("0,0,1000001,10", nil),
        ("-1,0,10,10", nil), ("0x10,0,10,10", nil), ("0,0,0x10,10", nil), ("1e2,0,10,10", nil), ("10,10,1e-300,1e-300", nil),
        ("0,0,0,0", nil), ("0,0,0.5,10", nil), ("0,0,10,0.99", nil), ("+5,0,10,10", nil), (".5,0,10,10", nil), ("5.,0,10,10", nil),
        ("1_0,0,10,10", nil), ("١٠,0,10,10", nil), ("0,0,1,1", Box(x: 0, y: 0, width: 1, height: 1)),
        ("0.25,0,1.5,10", Box(x: 0.25, y: 0, width: 1.5, height: 10)), ("000012,0,10,10", Box(x: 12, y: 0, width: 10, height: 10)),
        ("123456789012345678901,0,10,10", nil),
    ])
    func commaSeparated(text: String, expected: Box?) {
        #expect(Box(commaSeparated: text) == expected)
    }

    @Test("pixel text rounds down to whole pixels and reads back")
    func pixelText() {
        let box = Box(x: 60.7, y: 265.2, width: 110, height: 125.9)
        #expect(box.pixelText == "60,265,110,125")
        #expect(Box(commaSeparated: box.pixelText) == Box(x: 60, y: 265, width: 110, height: 125))
    }

    @Test("a box of any numbers is written without stopping the process")
    func hugePixelText() {
        #expect(Box(x: .nan, y: .infinity, width: -.infinity, height: 1e300).pixelText == "0,\(Int.max),\(Int.min),\(Int.max)")
    }

    @Test("a floating-point number becomes a whole number held to the type's range, never a trap", arguments: [
        (Double.nan, 0), (.infinity, Int.max), (-.infinity, Int.min), (1e20, Int.max), (-1e20, Int.min), (41.9, 41), (-41.9, -41),
        (9.223372036854775e18, 9_223_372_036_854_774_784),
    ])
    func saturating(value: Double, expected: Int) {
        #expect(Int(saturating: value) == expected)
    }

    @Test("the same for 32-bit numbers, as libvips takes them")
    func saturating32() {
        #expect(Int32(saturating: 3e9) == .max && Int32(saturating: -3e9) == .min && Int32(saturating: Double.nan) == 0)
        #expect(UInt8(saturating: -4.0) == 0 && UInt8(saturating: 300.0) == 255)
    }

    @Test("a box is inside an image only whole and with a size")
    func inside() {
        #expect(Box(x: 0, y: 0, width: 100, height: 50).isInside(width: 100, height: 50))
        #expect(!Box(x: 1, y: 0, width: 100, height: 50).isInside(width: 100, height: 50))
        #expect(!Box(x: -1, y: 0, width: 10, height: 10).isInside(width: 100, height: 50))
        #expect(!Box(x: 0, y: 0, width: 0, height: 10).isInside(width: 100, height: 50))
    }

    @Test("a box built some other way is writable only when it could have been typed")
    func writable() {
        #expect(Box(x: 0, y: 0, width: 1, height: 1).isWritable)
        #expect(Box(x: 1_000_000, y: 0, width: 1_000_000, height: 1).isWritable)
        #expect(!Box(x: 0, y: 0, width: 0.5, height: 10).isWritable)
        #expect(!Box(x: 1_000_001, y: 0, width: 10, height: 10).isWritable)
        #expect(!Box(x: -1, y: 0, width: 10, height: 10).isWritable)
        #expect(!Box(x: 0, y: 0, width: .nan, height: 10).isWritable && !Box(x: 0, y: 0, width: .infinity, height: 10).isWritable)
    }
}
