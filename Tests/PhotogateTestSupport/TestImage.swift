import CVipsTestSupport
import Foundation

/// An 8-bit image held as raw pixels, built by a test or decoded from a file a test wrote.
public struct TestImage: Sendable {
    public var width: Int
    public var height: Int
    public var bands: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, bands: Int = 3, pixels: [UInt8]) {
        precondition(pixels.count == width * height * bands)
        self.width = width
        self.height = height
        self.bands = bands
        self.pixels = pixels
    }

    /// An image filled by a function of the pixel position.
    public init(width: Int, height: Int, bands: Int = 3, color: (Int, Int) -> [UInt8]) {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * bands)
        for y in 0..<height {
            for x in 0..<width { pixels += color(x, y).prefix(bands) }
        }
        self.init(width: width, height: height, bands: bands, pixels: pixels)
    }

    public func pixel(_ x: Int, _ y: Int) -> [UInt8] {
        let start = (y * width + x) * bands
        return Array(pixels[start..<(start + bands)])
    }

    /// The average colour of a square of side `size` centred at (x, y): robust to JPEG noise.
    public func average(x: Int, y: Int, size: Int = 6) -> [Double] {
        var sums = [Double](repeating: 0, count: bands)
        var count = 0.0
        for py in max(0, y - size / 2)..<min(height, y + size / 2 + 1) {
            for px in max(0, x - size / 2)..<min(width, x + size / 2 + 1) {
                for (band, value) in pixel(px, py).enumerated() { sums[band] += Double(value) }
                count += 1
            }
        }
        return sums.map { $0 / count }
    }

    /// Encodes the image, with metadata blobs attached for libvips to write (`exif-data`,
    /// `xmp-data`, `icc-profile-data`, `png-comment-0-Author`...).
    public func encoded(_ format: TestFormat, quality: Int = 92, metadata: [String: [UInt8]] = [:], strings: [String: String] = [:]) -> [UInt8] {
        precondition(pgt_start() == 0)
        let image = pixels.withUnsafeBufferPointer {
            pgt_image_from_pixels($0.baseAddress, Int32(width), Int32(height), Int32(bands))
        }!
        defer { pgt_image_free(image) }
        for (name, blob) in metadata {
            blob.withUnsafeBytes { pgt_set_blob(image, name, $0.baseAddress, $0.count) }
        }
        for (name, value) in strings { pgt_set_string(image, name, value) }
        var data: UnsafeMutableRawPointer?
        var length = 0
        let strip: Int32 = metadata.isEmpty && strings.isEmpty ? 1 : 0
        precondition(pgt_encode(image, format.pgt, Int32(quality), strip, &data, &length) == 0,
                     "libvips could not encode \(format): \(String(cString: pgt_last_error()))")
        defer { pgt_free(data) }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// Decodes any image file libvips reads.
    public static func decode(_ bytes: [UInt8]) -> TestImage? {
        precondition(pgt_start() == 0)
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0, bands: Int32 = 0
        let failed = bytes.withUnsafeBytes { pgt_decode($0.baseAddress, $0.count, &pixels, &width, &height, &bands) }
        guard failed == 0, let pixels else { return nil }
        defer { pgt_free(pixels) }
        let count = Int(width) * Int(height) * Int(bands)
        return TestImage(width: Int(width), height: Int(height), bands: Int(bands),
                         pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    public static func decode(file path: String) -> TestImage? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return decode([UInt8](data))
    }
}

public enum TestFormat: Sendable {
    case jpeg, png, heif, webp, tiff

    var pgt: PGTFormat {
        switch self {
        case .jpeg: PGT_JPEG
        case .png: PGT_PNG
        case .heif: PGT_HEIF
        case .webp: PGT_WEBP
        case .tiff: PGT_TIFF
        }
    }
}

/// A picture whose orientation can be read back from its pixels: four quadrants of four
/// colours (red top-left, green top-right, blue bottom-left, white bottom-right).
public enum QuadrantPicture {
    public static let red: [UInt8] = [220, 30, 30]
    public static let green: [UInt8] = [30, 200, 40]
    public static let blue: [UInt8] = [30, 40, 210]
    public static let white: [UInt8] = [250, 250, 250]

    public static func upright(width: Int = 96, height: Int = 64) -> TestImage {
        TestImage(width: width, height: height) { x, y in
            switch (x < width / 2, y < height / 2) {
            case (true, true): red
            case (false, true): green
            case (true, false): blue
            case (false, false): white
            }
        }
    }

    /// The quadrant colours an image shows, as the nearest of the four reference colours.
    public static func quadrants(of image: TestImage) -> [[UInt8]] {
        let points = [(image.width / 4, image.height / 4), (3 * image.width / 4, image.height / 4),
                      (image.width / 4, 3 * image.height / 4), (3 * image.width / 4, 3 * image.height / 4)]
        return points.map { point in
            let seen = image.average(x: point.0, y: point.1)
            return [red, green, blue, white].min { distance($0, seen) < distance($1, seen) }!
        }
    }

    private static func distance(_ a: [UInt8], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + pow(Double($1.0) - $1.1, 2) }
    }
}
