import Foundation

/// What the face network finds in the pixels of one window it reads, by a face's width (ear
/// to ear) there. The figures hold at the standard thresholds.
public struct NetworkReach: Sendable, Equatable {
    /// Every face at least this wide is detected at the standard threshold (0.2).
    public var sureFace: Double
    /// How much taller than wide a face's box may be.
    public var faceAspect: Double

    public init(sureFace: Double, faceAspect: Double) {
        self.sureFace = sureFace
        self.faceAspect = faceAspect
    }

    /// CenterFace (`centerface.onnx`) in a 640 × 480 window, measured on the hand-labelled
    /// faces of the group photo shrunk with libvips, alone on a textured background and in
    /// crowds of copies, at each offset of the network's 4-pixel grid: faces 11 px wide were
    /// detected all but once in 817, 12 px always (weakest 0.25), 14 px always (weakest 0.37).
    /// Hand-labelled faces are at most 1.2 times as high as wide.
    public static let centerFace = NetworkReach(sureFace: 14, faceAspect: 1.3)
}

/// Which parts of a photo the face network reads, and at what scale, whatever the photo's
/// shape: a 4:3 photo, a phone panorama 50 000 pixels wide, a tall scan.
///
/// The photo is first read whole in a reduced copy, the survey, cut into windows of the
/// network's input size that overlap by `TilePlan.standardOverlap`. The survey is as fine as
/// the reduced copy of a photo of the window's shape (`overviewSide` on its long side) would be
/// on each side: a panorama is surveyed strip by strip at the scale of a 4:3 photo as high as
/// it, never squeezed whole into `overviewSide`, so a face is never reduced more than it would
/// be in an ordinary photo. Weak responses there are looked at again at full resolution, in
/// windows that hold them whole.
public struct DetectionPlan: Sendable, Equatable {
    /// The size of a reduced copy of the photo; the photo's own size at scale 1. Its windows
    /// are `TilePlan.grid` over the copy as it was actually reduced (a pixel more or less by
    /// rounding).
    public struct Level: Sendable, Equatable {
        public var width: Int
        public var height: Int

        public var longSide: Int { max(width, height) }
    }

    /// Changes whenever the rule changes, so that detections stored under an older rule are
    /// not taken for this one's (`FaceEngine.detectionKey`).
    public static let revision = 2

    public let imageWidth: Int
    public let imageHeight: Int
    /// The reduced copy the whole photo is read in.
    public let survey: Level
    /// How far from a full-resolution window's edge (inside the photo) a survey hint must lie
    /// to be looked at in it: enough for the largest face only hinted at in the survey to be
    /// whole. Nil when the survey is the photo itself and there is nothing finer to look at.
    public let lookMargin: Double?

    /// The survey's scale: `overviewSide` over the long side, or the window's shape at that
    /// size over the short side, whichever is finer; never enlarged.
    private static func surveyScale(imageWidth: Int, imageHeight: Int, settings: DetectionSettings) -> Double {
        let width = Double(max(1, imageWidth)), height = Double(max(1, imageHeight))
        let window = settings.window
        let overviewLong = Double(settings.overviewSide)
        let overviewShort = overviewLong * Double(min(window.width, window.height)) / Double(max(window.width, window.height))
        return min(1, max(overviewLong / max(width, height), overviewShort / min(width, height)))
    }

    public init(imageWidth: Int, imageHeight: Int, settings: DetectionSettings, reach: NetworkReach = .centerFace) {
        let width = Double(max(1, imageWidth)), height = Double(max(1, imageHeight))
        let scale = Self.surveyScale(imageWidth: imageWidth, imageHeight: imageHeight, settings: settings)
        self.imageWidth = Int(width)
        self.imageHeight = Int(height)
        survey = Level(width: max(1, Int((width * scale).rounded())), height: max(1, Int((height * scale).rounded())))
        // A face only hinted at in the survey is narrower than `sureFace` there, and its
        // centre is known to within the network's 4-pixel grid.
        lookMargin = scale < 1 ? ((reach.faceAspect * reach.sureFace / 2 + 4) / scale).rounded(.up) : nil
    }
}
