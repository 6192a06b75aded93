import CVipsTestSupport
import Foundation
import PhotogateCore

/// A real photo with printed text held up in front of it (a certificate, a badge, a label),
/// set in a font installed on the machine, as a JPEG a camera would write: turned as stored
/// and marked with the EXIF orientation that turns it upright again.
public struct TextPhoto: Sendable {
    /// The JPEG file.
    public var bytes: [UInt8]
    /// Where the card stands in the upright photo.
    public var card: Box
    public var width: Int
    public var height: Int

    /// `lines` on a white card turned `angle` degrees, its top-left corner at `x`, `y` of an
    /// upright `width` × `height` frame filled by `background` (an image file's bytes: the
    /// group photo unless given); letters in a font `size` pixels high (DejaVu's capitals are
    /// about 0.73 of it). `orientation` 1, 6 or 8; the camera that took it is the demo
    /// school's approved phone.
    public init(_ lines: [String], font: String = "DejaVu Sans Bold", size: Int = 40, angle: Double = 0, x: Int = 200, y: Int = 200,
                width: Int = 1600, height: Int = 1200, background: [UInt8]? = nil, orientation: Int = 1) throws {
        precondition(pgt_start() == 0)
        let photo = try background ?? TestAssets.bytes("group-t1.jpg")
        let turn: Int32 = switch orientation {
        case 6: 270 // shown turned 90° clockwise, so stored turned the other way
        case 8: 90
        default: 0
        }
        let markup = lines.map { $0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }.joined(separator: "\n")
        var pixels: UnsafeMutablePointer<UInt8>?
        var storedWidth: Int32 = 0, storedHeight: Int32 = 0, cardX: Int32 = 0, cardY: Int32 = 0, cardWidth: Int32 = 0, cardHeight: Int32 = 0
        let failed = photo.withUnsafeBytes {
            pgt_text_photo($0.baseAddress, $0.count, Int32(width), Int32(height), markup, "\(font) \(size)", angle, Int32(x), Int32(y), turn,
                           &pixels, &storedWidth, &storedHeight, &cardX, &cardY, &cardWidth, &cardHeight)
        }
        guard failed == 0, let pixels else {
            throw TestAssets.Missing(description: "libvips could not set the text: \(String(cString: pgt_last_error()))")
        }
        defer { pgt_free(pixels) }
        let image = TestImage(width: Int(storedWidth), height: Int(storedHeight), bands: 3,
                              pixels: Array(UnsafeBufferPointer(start: pixels, count: Int(storedWidth) * Int(storedHeight) * 3)))
        var exif = ExifBlock()
        exif.orientation = orientation
        exif.make = "Apple"
        exif.model = "iPhone 12"
        bytes = image.encoded(.jpeg, quality: 92, metadata: ["exif-data": exif.bytes()])
        card = Box(x: Double(cardX), y: Double(cardY), width: Double(cardWidth), height: Double(cardHeight))
        self.width = width
        self.height = height
    }
}

extension TextPhoto {
    /// A wall with no face on it, to hold text up against.
    public static let plainWall: [UInt8] = TestImage(width: 400, height: 300) { x, y in
        [UInt8(150 + (x * 40) / 400), UInt8(140 + (y * 30) / 300), 120]
    }.encoded(.jpeg)
}
