import Foundation
import PhotogateCore
import Synchronization

/// The face model, checked once, and a detector per detection setting; and the text reader:
/// loaded once per process and shared by every request (each loads its network on first use
/// and runs one photo at a time).
public final class FaceEngine: Sendable {
    public let model: FaceModel
    public let textReader: TextReader
    private let detectors = Mutex<[String: FaceDetector]>([:])

    public init(model: FaceModel, textLanguage: Result<TextLanguage, TextLanguage.Problem>) {
        self.model = model
        textReader = TextReader(language: textLanguage)
    }

    public func detector(for settings: DetectionSettings) -> FaceDetector {
        detectors.withLock { detectors in
            let key = Self.detectionKey(for: settings)
            if let detector = detectors[key] { return detector }
            let detector = FaceDetector(model: model, settings: settings)
            detectors[key] = detector
            return detector
        }
    }

    /// Names the model, the plan's rule and the settings, so stored detections are reused
    /// only when they would come out the same.
    public static func detectionKey(for settings: DetectionSettings) -> String {
        "centerface-\(FaceModel.sha256.prefix(12))/plan\(DetectionPlan.revision)/t\(settings.threshold)/p\(settings.proposalThreshold)"
            + "/o\(settings.overviewSide)/n\(settings.windowSide)"
    }
}

/// A failure that is not the photo's fault (the model), kept apart from a photo's rejection.
public struct DetectorFailure: Error, CustomStringConvertible {
    public var description: String
    /// "faces.model", or "text.language" when the text reader's language data is at fault.
    public var code = "faces.model"
}

/// A box to draw on a preview, with its caption.
public struct PreviewMark: Sendable {
    public enum Kind: Sendable { case kept, blurred, text }

    public var box: Box
    public var kind: Kind
    public var caption: String

    public init(box: Box, kind: Kind, caption: String) {
        self.box = box
        self.kind = kind
        self.caption = caption
    }
}

/// The tags a photo carries itself (its XMP regions, turned upright, and PersonInImage
/// names) and those of its sidecars; and every tag that is there but cannot be read.
public struct CarriedTags: Sendable {
    public var tags: [PhotoTag]
    /// One sentence each: who is in the photo is then unknown.
    public var unreadable: [String]
}

// The face path of one photo, each step a plain call on the photo opened once: detect the
// faces, read the tags it carries, and (once the domain has decided) render it.
extension OpenedPhoto {
    /// Every face the detector finds, in the upright photo's pixels.
    public func detectFaces(with detector: FaceDetector) throws -> [DetectedFace] {
        do {
            return try detector.detect(in: self)
        } catch let problem as FaceModel.Problem {
            throw DetectorFailure(description: problem.description)
        } catch let rejection as InputRejection {
            throw rejection
        } catch {
            throw InputRejection.corrupt("\(error)")
        }
    }

    /// The tags the photo and its sidecars carry.
    public func carriedTags(sidecars: [Sidecar]) -> CarriedTags {
        var xmp = inspected.xmp
        for sidecar in sidecars { xmp.merge(sidecar.facts) }
        let orientation = inspected.regionOrientation
        let faces = xmp.regions.filter { ($0.type ?? "Face").caseInsensitiveCompare("Face") == .orderedSame }
        let regionTags = faces.compactMap {
            StoredRegion(name: $0.name, box: $0.box).tag(orientation: orientation, uprightWidth: uprightWidth, uprightHeight: uprightHeight)
        }
        // Regions drawn on a picture of another shape than the stored image would be mapped
        // onto the wrong faces: who is where is then unknown.
        let stored = orientation.swapsDimensions ? (uprightHeight, uprightWidth) : (uprightWidth, uprightHeight)
        var unreadable = xmp.unreadable
        for problem in faces.compactMap({ $0.frame?.contradiction(storedWidth: stored.0, storedHeight: stored.1) }) where !unreadable.contains(problem) {
            unreadable.append(problem)
        }
        let nameTags = xmp.personInImage.map { PhotoTag(person: $0, source: .personInImage) }
        return CarriedTags(tags: regionTags + nameTags, unreadable: unreadable)
    }

    /// The photo as it would be published: `hiding` boxes redacted in `style` (grown first),
    /// `marks` drawn for a preview, re-encoded from pixels and verified clean, in memory.
    public func render(hiding boxes: [Box], style: RedactionStyle, marks: [PreviewMark] = [], quality: Int = 85) throws(InputRejection) -> [UInt8] {
        let size = (width: uprightWidth, height: uprightHeight)
        do {
            var image = try uprightPixels()
            let rects = boxes.compactMap { $0.grown(by: style.grow).clamped(width: Double(size.width), height: Double(size.height)) }
            if !rects.isEmpty { image = try image.redacted(rects, style: style.fill) }
            if !marks.isEmpty { image = try image.annotated(marks) }
            let bytes = try image.jpegBytes(quality: quality)
            try CleanJPEGVerifier.verify(bytes, expectedSize: size)
            return bytes
        } catch let rejection as InputRejection {
            throw rejection
        } catch let failure as CleanJPEGVerifier.Failure {
            throw .verificationFailed(failure.description)
        } catch {
            throw .corrupt("\(error)")
        }
    }
}
