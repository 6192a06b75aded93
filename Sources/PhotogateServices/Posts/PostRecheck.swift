import Foundation
import GRDB
import PhotogateCore
import PhotogateStore
import PhotogateUnicode

/// Whether a post still holds under the consent list and tags in force: each photo's
/// decision as it was when prepared, and a caption naming nobody without consent. Run at
/// every approval and before publishing; anything that cannot be checked is a difference.
struct PostRecheck {
    let home: PhotogateHome
    let user: SignedInUser

    func differences(post: PostRecord, photos: [PostPhotoRecord], now: Date) throws -> [String] {
        let current = try PostRenderer(home: home, user: user).decisions(post: post, photos: photos, now: now)
        var differences: [String] = []
        var decisions: [PhotoDecision] = []
        for (photo, decision) in zip(photos, current) {
            guard let stored = photo.storedDecision else {
                differences.append("photo \(photo.position): its recorded decision cannot be read")
                continue
            }
            guard let decision else {
                differences.append("photo \(photo.position) can no longer be read")
                continue
            }
            decisions.append(decision)
            differences += DecisionComparison.differences(was: stored, now: decision).map { "photo \(photo.position): \($0)" }
        }
        if let problem = CaptionCheck.textProblem(post.caption) { differences.append(problem) }
        let people = try home.database.read { try ConsentStore.current(in: $0) }
        differences += CaptionCheck.problems(caption: post.caption, people: people, photos: decisions, today: CalendarDate(now), names: .standard).map(\.message)
        return differences
    }
}
