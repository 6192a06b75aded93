import CFaceDetect
import Foundation
import PhotogateCore
import Synchronization

/// One loaded CenterFace network. Not thread-safe; the detector lends one to each job.
final class CenterFaceNetwork {
    private let handle: OpaquePointer

    init(model: FaceModel) throws {
        var error = [CChar](repeating: 0, count: 512)
        guard let handle = fd_create(model.path, &error, error.count) else {
            throw FaceModel.Problem(description: "the face detection model could not be loaded: \(Self.text(error))")
        }
        self.handle = handle
    }

    deinit {
        fd_destroy(handle)
    }

    /// Raw detections (before merging) on tightly packed RGB pixels placed in an input of
    /// `input` size, in the pixels' space.
    func detect(_ pixels: RGBPixels, input: NetworkShape, threshold: Double) throws -> [DetectedFace] {
        var capacity = 1024
        while true {
            var faces = [FDFace](repeating: FDFace(), count: capacity)
            var count: Int32 = 0
            var error = [CChar](repeating: 0, count: 512)
            let status = pixels.bytes.withUnsafeBufferPointer { bytes in
                fd_detect(handle, bytes.baseAddress, Int32(pixels.width), Int32(pixels.height), Int32(input.width), Int32(input.height),
                          Float(threshold), &faces, Int32(capacity), &count, &error, error.count)
            }
            guard status == 0 else { throw FaceModel.Problem(description: "face detection failed: \(Self.text(error))") }
            if Int(count) <= capacity {
                return faces.prefix(Int(count)).map {
                    DetectedFace(box: Box(x: Double($0.x), y: Double($0.y), width: Double($0.width), height: Double($0.height)),
                                 score: Double($0.score))
                }
            }
            capacity = Int(count)
        }
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The input size of a network: OpenCV 4.6 gives wrong results when one network is run on
/// inputs of different sizes, so each size has its own.
struct NetworkShape: Hashable {
    var width: Int
    var height: Int

    /// The smallest of a few fixed shapes (multiples of 32) that holds `width` × `height`
    /// pixels, so that few networks are ever loaded.
    static func holding(width: Int, height: Int, side: Int) -> NetworkShape {
        let long = (side + 31) / 32 * 32, short = (side * 3 / 4 + 31) / 32 * 32
        if width <= long, height <= short { return NetworkShape(width: long, height: short) }
        if width <= short, height <= long { return NetworkShape(width: short, height: long) }
        return NetworkShape(width: max(long, (width + 31) / 32 * 32), height: max(long, (height + 31) / 32 * 32))
    }
}

/// Finds faces in photos with CenterFace: on a reduced copy of the whole photo (decoded with
/// shrink-on-load), then on full-resolution tiles wherever the reduced copy hints at a face
/// too small for it to be sure of. Boxes are merged and given in the upright photo's pixels.
public final class FaceDetector: Sendable {
    public let model: FaceModel
    public let settings: DetectionSettings
    /// One network per input shape. Runs are serialised: OpenCV already spreads each run
    /// over every core, and one set of networks keeps memory flat.
    private let networks = Mutex<[NetworkShape: UncheckedBox<CenterFaceNetwork>]>([:])

    public init(model: FaceModel, settings: DetectionSettings = .standard) {
        self.model = model
        self.settings = settings
    }

    func run(_ pixels: RGBPixels, shape: NetworkShape, threshold: Double) throws -> [DetectedFace] {
        try networks.withLock { loaded in
            let network = try loaded[shape]?.value ?? CenterFaceNetwork(model: model)
            loaded[shape] = UncheckedBox(value: network)
            return try network.detect(pixels, input: shape, threshold: threshold)
        }
    }

    /// Detects every face of an opened photo.
    func detect(in photo: OpenedPhoto) throws -> [DetectedFace] {
        let overview = try VipsImage.thumbnailRGB(photo.file.bytes, maxSide: settings.overviewSide)
        let width = photo.uprightWidth, height = photo.uprightHeight
        let scaleX = Double(width) / Double(overview.width), scaleY = Double(height) / Double(overview.height)
        let shape = NetworkShape.holding(width: overview.width, height: overview.height, side: settings.overviewSide)
        let raw = try run(overview, shape: shape, threshold: settings.proposalThreshold).map { face in
            DetectedFace(box: face.box.scaled(x: scaleX, y: scaleY), score: face.score)
        }
        var found = raw.filter { $0.score >= settings.threshold }
        // A photo that fits in the overview has been seen at full resolution already.
        guard scaleX > 1.01 || scaleY > 1.01 else { return FaceMerging.nonMaximumSuppression(found) }

        let hints = FaceMerging.nonMaximumSuppression(raw).filter { $0.score < settings.threshold || $0.box.width < settings.smallFaceWidth }
        let tiles = TilePlan.tiles(covering: hints.map { $0.box.center }, imageWidth: width, imageHeight: height, side: settings.tileSide)
        let tileShape = NetworkShape(width: (settings.tileSide + 31) / 32 * 32, height: (settings.tileSide + 31) / 32 * 32)
        let pixels = try photo.uprightPixels()
        for tile in tiles {
            let region = try pixels.regionRGB(x: Int(tile.x), y: Int(tile.y), width: Int(tile.width), height: Int(tile.height))
            found += try run(region, shape: tileShape, threshold: settings.threshold).map { face in
                DetectedFace(box: Box(x: face.box.x + tile.x, y: face.box.y + tile.y, width: face.box.width, height: face.box.height),
                             score: face.score)
            }
        }
        return FaceMerging.nonMaximumSuppression(found)
    }
}

/// A value handed between threads under a lock, never used by two at once.
struct UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
}
