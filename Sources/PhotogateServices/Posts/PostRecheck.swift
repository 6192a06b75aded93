import Foundation
import PhotogateCore
import PhotogateStore
import PhotogateUnicode

/// Whether a post still holds under the consent list and tags in force: each photo's
/// decision as it was when prepared, and a caption naming nobody without consent. Run at
/// every approval and before publishing; anything that cannot be checked is a difference.
/// Its renders must have been drawn under the settings in force (`renderedUnder`, as the log
/// recorded it), or what was approved is not what these settings make.
struct PostRecheck {
    let checker: PhotoChecker

    func differences(_ details: PostDetails, renderedUnder: String?, now: Date) async throws -> [String] {
        let sources = details.photos.map { PhotoSource.vault(sha256: $0.sha256, label: "photo \($0.position)") }
        let context = try await checker.context(channel: details.post.channelId, now: now, sources: sources)
        var differences: [String] = []
        if let problem = try RenderingSettings.problem(rendered: renderedUnder, now: context.settings) { differences.append(problem) }
        var decisions: [PhotoDecision] = []
        for (photo, source) in zip(details.photos, sources) {
            let checked = try await checker.check(source, in: context)
            guard let decision = checked.outcome.decision else {
                differences.append("photo \(photo.position) can no longer be read")
                continue
            }
            decisions.append(decision)
            differences += DecisionComparison.differences(was: photo.decision, now: decision).map { "photo \(photo.position): \($0)" }
        }
        if let problem = CaptionCheck.textProblem(details.post.caption) { differences.append(problem) }
        differences += CaptionCheck.problems(caption: details.post.caption, people: context.people, photos: decisions,
                                             today: context.today, names: .standard).map(\.message)
        return differences
    }
}
