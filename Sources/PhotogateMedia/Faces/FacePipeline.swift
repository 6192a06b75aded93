import Foundation
import PhotogateCore
import PhotogateFiles

/// Everything Photogate knows about who may be in a photo before deciding: the faces found,
/// the tags written into it (regions turned upright, PersonInImage names), and its size.
public struct FaceAnalysis: Sendable {
    public var report: PrivacyReport
    /// Pixels of the upright photo.
    public var width: Int
    public var height: Int
    public var faces: [DetectedFace]
    /// Tags from the photo's own XMP and its sidecars.
    public var metadataTags: [PhotoTag]
    /// Tags that are there but could not be read, one sentence each: who is in the photo
    /// is then unknown.
    public var unreadableTags: [String]
}

/// How faces are hidden.
public struct RedactionStyle: Sendable, Equatable, Codable {
    public enum Fill: String, Sendable, Codable {
        /// Reduced to at most 8 blocks across, then blurred.
        case pixelate
        /// Filled black.
        case solid
    }

    public var fill: Fill
    /// The face box is grown by this share of its size before redaction (hair, ears, chin).
    public var grow: Double

    public static let standard = RedactionStyle(fill: .pixelate, grow: 0.3)

    public init(fill: Fill, grow: Double) {
        self.fill = fill
        self.grow = grow
    }
}

/// A box to draw on a preview, with its caption.
public struct PreviewMark: Sendable {
    public enum Kind: Sendable { case kept, blurred }

    public var box: Box
    public var kind: Kind
    public var caption: String

    public init(box: Box, kind: Kind, caption: String) {
        self.box = box
        self.kind = kind
        self.caption = caption
    }
}

/// Finds faces, reads tags, and renders photos with faces hidden, decoding each photo once.
public struct FacePipeline: Sendable {
    public let detector: FaceDetector
    public let limits: DecodeLimits
    public let quality: Int

    /// Names the detection settings and model, so stored detections are reused only when
    /// they would come out the same.
    public var detectionKey: String {
        let s = detector.settings
        return "centerface-\(FaceModel.sha256.prefix(12))/t\(s.threshold)/p\(s.proposalThreshold)/o\(s.overviewSide)/n\(s.windowSide)"
    }

    public init(detector: FaceDetector, limits: DecodeLimits = .standard, quality: Int = 85) {
        self.detector = detector
        self.limits = limits
        self.quality = quality
    }

    /// Failures that are not the photo's fault (the model), kept apart from rejections.
    public struct DetectorFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Analyses a photo, asks `plan` what to hide (and what to mark, for a preview), and when
    /// it answers, writes the result to `destination` through the same verified, atomic
    /// write as `sanitize`.
    /// `knownFaces`, when given (an earlier detection of the same photo with the same
    /// settings), is used instead of detecting again.
    public func process(_ file: PhotoFile, sidecars: [Sidecar] = [], knownFaces: [DetectedFace]? = nil, style: RedactionStyle = .standard,
                        plan: (FaceAnalysis) -> (redact: [Box], marks: [PreviewMark], destination: String)?) throws -> FaceAnalysis {
        let photo = try OpenedPhoto(file, limits: limits)
        let analysis = try analyse(photo, sidecars: sidecars, knownFaces: knownFaces)
        guard let (redact, marks, destination) = plan(analysis) else { return analysis }
        do {
            var image = try photo.uprightPixels()
            let rects = redact.compactMap { $0.grown(by: style.grow).clamped(width: Double(analysis.width), height: Double(analysis.height)) }
            if !rects.isEmpty { image = try image.redacted(rects, style: style.fill) }
            if !marks.isEmpty { image = try image.annotated(marks) }
            try Sanitizer(options: SanitizeOptions(quality: quality, limits: limits))
                .write(image, to: destination, expectedSize: (analysis.width, analysis.height))
        } catch let rejection as InputRejection {
            throw rejection
        } catch {
            throw InputRejection.corrupt("\(error)")
        }
        return analysis
    }

    public func analyse(_ file: PhotoFile, sidecars: [Sidecar] = [], knownFaces: [DetectedFace]? = nil) throws -> FaceAnalysis {
        try process(file, sidecars: sidecars, knownFaces: knownFaces) { _ in nil }
    }

    private func analyse(_ photo: OpenedPhoto, sidecars: [Sidecar], knownFaces: [DetectedFace]?) throws -> FaceAnalysis {
        let faces: [DetectedFace]
        do {
            faces = try knownFaces ?? detector.detect(in: photo)
        } catch let problem as FaceModel.Problem {
            throw DetectorFailure(description: problem.description)
        } catch {
            throw InputRejection.corrupt("\(error)")
        }
        var xmp = photo.inspected.xmp
        for sidecar in sidecars { xmp.merge(sidecar.facts) }
        let report = photo.inspected.report
        let width = photo.uprightWidth, height = photo.uprightHeight
        let regionTags = xmp.regions
            .filter { ($0.type ?? "Face").caseInsensitiveCompare("Face") == .orderedSame }
            .compactMap { StoredRegion(name: $0.name, box: $0.box).tag(orientation: report.orientation, uprightWidth: width, uprightHeight: height) }
        let nameTags = xmp.personInImage.map { PhotoTag(person: $0, source: .personInImage) }
        return FaceAnalysis(report: report, width: width, height: height, faces: faces,
                            metadataTags: regionTags + nameTags, unreadableTags: xmp.unreadable)
    }
}
