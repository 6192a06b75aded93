import Foundation
import PhotogateCore
import PhotogateStore
import PhotogateUnicode

/// A post's photos decided afresh for its channel and rendered (faces hidden, no metadata,
/// verified), with every reason the post cannot be queued: a photo that is not publishable,
/// a closed channel, someone not among its posters, an incomplete checklist, a caption
/// naming a child without consent.
struct PostPreparation {
    let checker: PhotoChecker

    struct Prepared {
        var photos: [PreparedPhoto]
        var reasons: [String]
        /// The settings the photos were rendered under (`RenderingSettings`).
        var renderedUnder: String
    }

    /// - Parameter rendering: whether to render the publishable photos (a post being stored),
    ///   or only decide (a form being checked before anything is stored).
    func prepare(_ post: Post, photos: [String], now: Date, rendering: Bool = true) async throws -> Prepared {
        // A closed channel is one more reason to refuse, given with the photos' own.
        let sources = photos.enumerated().map { PhotoSource.vault(sha256: $1, label: "photo \($0 + 1)") }
        let context = try await checker.context(channel: post.channelId, now: now, requireOpen: false, sources: sources)
        var prepared: [PreparedPhoto] = []
        var reasons: [String] = []
        for (index, (sha256, source)) in zip(photos, sources).enumerated() {
            let position = index + 1
            let checked = try await checker.check(source, in: context, rendering: rendering ? .ifPublishable : .none)
            guard let decision = checked.outcome.decision else {
                reasons.append("photo \(position) cannot be used: it \(checked.outcome.rejection?.message ?? "cannot be read")")
                prepared.append(PreparedPhoto(position: position, sha256: sha256,
                                              decision: PhotoDecision(verdict: .review, faces: [], reasons: ["the photo could not be read"]), render: nil))
                continue
            }
            if !decision.verdict.isPublishable {
                reasons.append("photo \(position) is \(decision.verdict.rawValue): \(decision.reasons.joined(separator: "; "))")
            }
            prepared.append(PreparedPhoto(position: position, sha256: sha256, decision: decision, render: checked.render))
        }
        let channel = context.channel
        let user = checker.user.name
        if !channel.isOpen { reasons.append("channel \(channel.id) is closed and takes no posts") }
        if !channel.accepts(poster: user) {
            reasons.append("\(user) is not one of the approved posters of \(channel.id) (\(channel.posters.joined(separator: ", ")))")
        }
        reasons += PostChecklist.problems(post.checklist)
        reasons += CaptionCheck.textProblem(post.caption).map { [$0] } ?? []
        reasons += CaptionCheck.problems(caption: post.caption, people: context.people, photos: prepared.map(\.decision),
                                         today: context.today, names: .standard).map(\.message)
        return Prepared(photos: prepared, reasons: reasons, renderedUnder: try RenderingSettings.sha256(context.settings))
    }
}
