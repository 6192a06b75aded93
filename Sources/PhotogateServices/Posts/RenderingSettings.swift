import Foundation
import PhotogateCore
import PhotogateFiles

/// The settings a post's photos are decided and rendered under (how faces are found, the
/// rules that decide them, how they are hidden), as one SHA-256. Recorded in the log when a
/// post is queued and when it is approved, so approval and publication can tell a render
/// drawn under settings other than those the log holds now, even if they were put back.
enum RenderingSettings {
    private struct Fingerprinted: Encodable {
        var detection: DetectionSettings
        var decision: DecisionRules
        var redactionFill: RedactionStyle.Fill
        var redactionGrow: Double
    }

    static func sha256(_ settings: Settings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let fingerprinted = Fingerprinted(detection: settings.detection, decision: settings.decision,
                                          redactionFill: settings.redactionFill, redactionGrow: settings.redactionGrow)
        return Digest.sha256([UInt8](try encoder.encode(fingerprinted)))
    }

    /// Why a post's photos may not go on under `settings` when they were rendered under
    /// `recorded` (nil: an earlier version recorded nothing), or nil when they may.
    static func problem(rendered recorded: String?, now settings: Settings) throws -> String? {
        guard let recorded else {
            return "its photos were prepared before Photogate recorded the settings they were rendered under; prepare it again"
        }
        guard try recorded == sha256(settings) else {
            return "its photos were rendered under other settings for finding and hiding faces than the home's now; prepare it again"
        }
        return nil
    }
}
