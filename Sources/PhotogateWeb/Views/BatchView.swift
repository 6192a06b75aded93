import Foundation
import PhotogateCore

/// A batch's page: where it is, and its photos as a grid, those needing a decision first.
struct BatchView: Sendable {
    struct Filter: Sendable {
        var label: String
        var href: String
        var count: Int
        var current: Bool
    }

    struct Card: Sendable {
        var sha256: String
        var name: String
        var verdict: String
        var verdictWord: String
        var reason: String?
        var href: String
        /// Only a clear or redacted photo can be picked for a post.
        var pickable: Bool
    }

    var id: String
    var device: String
    var channel: String
    var progress: String
    var running: Bool
    var failed: Bool
    var done: Int
    var total: Int
    var filters: [Filter]
    var cards: [Card]
    var refused: [BatchJob.Refused]
    var deletionDeadline: String?
    var mayPrepare: Bool
    var anyPickable: Bool

    init(_ job: BatchJob, filter: Verdict?, deletionDeadline: Date?, mayPrepare: Bool) {
        id = job.id
        device = job.device
        channel = job.channel
        progress = job.progressText
        running = job.isUnfinished
        failed = job.stage == .failed
        (done, total) = job.stage == .ingesting ? (job.ingested, job.files.count) : (job.checkedCount, job.photos.count)
        let counts = Dictionary(grouping: job.photos.compactMap(\.verdict), by: { $0 }).mapValues(\.count)
        filters = [Filter(label: "All", href: "/batches/\(job.id)", count: job.photos.count, current: filter == nil)]
            + [Verdict.review, .rejected, .redacted, .clear].map { verdict in
                Filter(label: Self.word(verdict), href: "/batches/\(job.id)?show=\(verdict.rawValue)", count: counts[verdict] ?? 0, current: filter == verdict)
            }
        cards = job.photosForReview(showing: filter).map { photo in
            Card(sha256: photo.sha256, name: photo.name, verdict: photo.verdict?.rawValue ?? "waiting",
                 verdictWord: photo.verdict.map(Self.word) ?? "Not checked yet", reason: photo.reason,
                 href: "/photos/\(photo.sha256)?channel=\(job.channel)&batch=\(job.id)",
                 pickable: photo.verdict?.isPublishable ?? false)
        }
        refused = job.refused
        self.deletionDeadline = deletionDeadline.map(PageDate.text)
        self.mayPrepare = mayPrepare
        anyPickable = mayPrepare && cards.contains(where: \.pickable)
    }

    /// A verdict as the office reads it.
    static func word(_ verdict: Verdict) -> String {
        switch verdict {
        case .clear: "Clear"
        case .redacted: "Blurred where needed"
        case .review: "Needs a decision"
        case .rejected: "Cannot be used"
        }
    }
}
