import CFaceDetect
import Foundation
import PhotogateCore
import Synchronization

/// One loaded CenterFace network with its input size. Not thread-safe; the detector runs
/// it under a lock.
final class CenterFaceNetwork {
    private let handle: OpaquePointer
    private let input: (width: Int, height: Int)
    /// Room for a face on every heatmap cell (a quarter of the input on each axis), the most
    /// one run can report, so a run never has to be repeated for more room.
    private var faces: [FDFace]

    init(model: FaceModel, input: (width: Int, height: Int)) throws {
        var error = [CChar](repeating: 0, count: 512)
        let created = model.bytes.withUnsafeBufferPointer { fd_create(UnsafeRawPointer($0.baseAddress), $0.count, &error, error.count) }
        guard let handle = created else {
            throw FaceModel.Problem(description: "the face detection model could not be loaded: \(Self.text(error))")
        }
        self.handle = handle
        self.input = input
        faces = [FDFace](repeating: FDFace(), count: (input.width / 4) * (input.height / 4))
    }

    deinit {
        fd_destroy(handle)
    }

    /// Raw detections (before merging) on tightly packed RGB pixels placed in the network's
    /// input, in the pixels' space.
    func detect(_ pixels: RGBPixels, threshold: Double) throws -> [DetectedFace] {
        var count: Int32 = 0
        var error = [CChar](repeating: 0, count: 512)
        let capacity = Int32(faces.count)
        let status = pixels.bytes.withUnsafeBufferPointer { bytes in
            fd_detect(handle, bytes.baseAddress, Int32(pixels.width), Int32(pixels.height), Int32(input.width), Int32(input.height),
                      Float(threshold), &faces, capacity, &count, &error, error.count)
        }
        guard status == 0 else { throw FaceModel.Problem(description: "face detection failed: \(Self.text(error))") }
        guard count <= capacity else { throw FaceModel.Problem(description: "face detection reported more faces than its heatmap has cells") }
        return faces.prefix(Int(count)).map {
            DetectedFace(box: Box(x: Double($0.x), y: Double($0.y), width: Double($0.width), height: Double($0.height)), score: Double($0.score))
        }
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Finds faces in photos with CenterFace, reading each photo as `DetectionPlan` lays out: a
/// reduced copy, the survey (decoded with shrink-on-load where the format allows), which
/// reduces a panorama no more than an ordinary photo as high as it; then, at full resolution,
/// each place where the survey responded too weakly to be sure. Boxes are merged and given in
/// the upright photo's pixels.
///
/// OpenCV 4.6 gives wrong results when one network is run on inputs of different sizes, and
/// a network's working memory grows with its input, so every run uses one window size: the
/// reduced copy and the looks are cut into windows of it.
public final class FaceDetector: Sendable {
    public let model: FaceModel
    public let settings: DetectionSettings
    /// The one network, loaded on first use. Runs are serialised: OpenCV already spreads
    /// each run over every core, and one network keeps memory flat.
    private let network = Mutex<UncheckedBox<CenterFaceNetwork?>>(UncheckedBox(value: nil))

    public init(model: FaceModel, settings: DetectionSettings = .standard) {
        self.model = model
        self.settings = settings
    }

    /// Detections in one window of pixels (at most the window size), in its own space.
    func run(_ pixels: RGBPixels, threshold: Double) throws -> [DetectedFace] {
        try network.withLock { loaded in
            let network = try loaded.value ?? CenterFaceNetwork(model: model, input: settings.window)
            loaded.value = network
            return try network.detect(pixels, threshold: threshold)
        }
    }

    /// Detections over an image cut into windows, in the image's space.
    func run(_ pixels: RGBPixels, windows: [Box], threshold: Double) throws -> [DetectedFace] {
        guard windows.count > 1 else { return try run(pixels, threshold: threshold) }
        return try windows.flatMap { window in
            try run(pixels.crop(window), threshold: threshold).map { $0.offset(by: window) }
        }
    }

    /// Detects every face of an opened photo.
    func detect(in photo: OpenedPhoto) throws -> [DetectedFace] {
        let width = photo.uprightWidth, height = photo.uprightHeight
        let plan = DetectionPlan(imageWidth: width, imageHeight: height, settings: settings)
        let copy = try photo.reducedRGB(fitting: plan.survey.longSide)
        let scaleX = Double(width) / Double(copy.width), scaleY = Double(height) / Double(copy.height)
        let raw = try run(copy, windows: TilePlan.grid(imageWidth: copy.width, imageHeight: copy.height, window: settings.window),
                          threshold: settings.proposalThreshold).map { face in
            DetectedFace(box: face.box.scaled(x: scaleX, y: scaleY), score: face.score)
        }
        var found = raw.filter { $0.score >= settings.threshold }
        guard let margin = plan.lookMargin else { return FaceMerging.nonMaximumSuppression(found) }

        // Weak responses that no detection explains are where a face may be too small for
        // the survey to be sure of: look there again at full resolution.
        let hints = FaceMerging.nonMaximumSuppression(raw).filter { $0.score < settings.threshold }
        let tiles = TilePlan.tiles(covering: hints.map { $0.box.center }, imageWidth: width, imageHeight: height,
                                   window: settings.window, margin: margin)
        if !tiles.isEmpty {
            let pixels = try photo.uprightPixels()
            for tile in tiles {
                let region = try pixels.regionRGB(x: Int(saturating: tile.x), y: Int(saturating: tile.y),
                                                 width: Int(saturating: tile.width), height: Int(saturating: tile.height))
                found += try run(region, threshold: settings.threshold).map { $0.offset(by: tile) }
            }
        }
        return FaceMerging.nonMaximumSuppression(found)
    }
}

extension DetectedFace {
    /// The face moved from a window's space into the image's.
    func offset(by window: Box) -> DetectedFace {
        DetectedFace(box: Box(x: box.x + window.x, y: box.y + window.y, width: box.width, height: box.height), score: score)
    }
}

/// A value handed between threads under a lock, never used by two at once.
struct UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
}
