/// A face found by the detector: where it is in the upright image, in pixels, and how sure
/// the detector is. Photogate finds faces; it never tells whose they are.
public struct DetectedFace: Sendable, Equatable, Codable {
    public var box: Box
    public var score: Double

    public init(box: Box, score: Double) {
        self.box = box
        self.score = score
    }
}

/// Merging the detections of overlapping passes (the whole photo reduced, and tiles at full
/// resolution) into one face each.
public enum FaceMerging {
    /// Keeps the strongest of any detections overlapping by `iou` or more, and drops a
    /// detection mostly inside a stronger one (a tile's partial view of a face on its edge).
    public static func nonMaximumSuppression(_ faces: [DetectedFace], iou threshold: Double = 0.3,
                                             containment: Double = 0.7) -> [DetectedFace] {
        var kept: [DetectedFace] = []
        for face in faces.sorted(by: { $0.score > $1.score }) {
            let overlaps = kept.contains { other in
                face.box.iou(other.box) >= threshold || face.box.coverage(by: other.box) >= containment
            }
            if !overlaps { kept.append(face) }
        }
        return kept
    }
}
