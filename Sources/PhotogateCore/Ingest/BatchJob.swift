import Foundation

/// A batch sent from a browser: one device's photos for one channel, taken through ingest and
/// the check. Its progress is kept in the home after every photo, so a reload shows where it
/// is and a server stopped part way finishes it on its next start.
public struct BatchJob: Sendable, Codable, Equatable {
    public enum Stage: String, Sendable, Codable {
        /// Being read into the vault (the device rules, the camera check).
        case ingesting
        /// Faces being found and decided for the channel's purpose.
        case checking
        case done
        /// Stopped for a reason the person must act on (the channel closed, the device revoked).
        case failed
    }

    /// One photo the ingest stored, and what the check decided for the channel.
    public struct Photo: Sendable, Codable, Equatable {
        public var sha256: String
        /// The file's name as it was sent.
        public var name: String
        /// Nil until it has been checked.
        public var verdict: Verdict?
        /// The first reason for the verdict, in plain words (nil for a clear photo).
        public var reason: String?

        public init(sha256: String, name: String, verdict: Verdict? = nil, reason: String? = nil) {
            self.sha256 = sha256
            self.name = name
            self.verdict = verdict
            self.reason = reason
        }
    }

    /// A file the ingest refused, and why.
    public struct Refused: Sendable, Codable, Equatable {
        public var name: String
        public var reason: String

        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    /// Random hex, also the name of its record: never a file name from outside.
    public var id: String
    public var device: String
    public var channel: String
    public var user: String
    public var createdAt: Date
    public var stage: Stage
    /// The names of the files sent, in order.
    public var files: [String]
    /// The ingest batch on the record (the last one, when a stopped ingest was run again).
    public var ingestBatch: Int64?
    /// Files read so far by the ingest, stored or refused.
    public var ingested: Int = 0
    public var photos: [Photo] = []
    public var refused: [Refused] = []
    public var failure: String?

    public init(id: String, device: String, channel: String, user: String, createdAt: Date, files: [String]) {
        self.id = id
        self.device = device
        self.channel = channel
        self.user = user
        self.createdAt = createdAt
        stage = .ingesting
        self.files = files
    }

    /// Whether the job still has work to do, so a server's start goes on with it.
    public var isUnfinished: Bool {
        stage == .ingesting || stage == .checking
    }

    public var checkedCount: Int {
        photos.count { $0.verdict != nil }
    }

    /// What it is doing, as the page says it: the step and the count done of the total.
    public var progressText: String {
        switch stage {
        case .ingesting: "Copying photos into the vault: \(ingested) of \(files.count)"
        case .checking: "Finding faces and checking consent: \(checkedCount) of \(photos.count)"
        case .done: "Done: \(photos.count) photos checked, \(refused.count) refused"
        case .failed: "Stopped: \(failure ?? "the batch could not be finished")"
        }
    }

    /// The photos for the batch page, those needing a person's decision first (review, then
    /// rejected, redacted, clear, then any not yet checked), each group in the order sent;
    /// only those with `verdict` when one is given.
    public func photosForReview(showing verdict: Verdict? = nil) -> [Photo] {
        let rank: (Photo) -> Int = { photo in
            switch photo.verdict {
            case .review: 0
            case .rejected: 1
            case .redacted: 2
            case .clear: 3
            case nil: 4
            }
        }
        return photos.enumerated()
            .filter { verdict == nil || $0.element.verdict == verdict }
            .sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)
    }

    /// The photo after `sha256` that still needs a person's decision, wrapping round; nil
    /// when no other photo does.
    public func nextNeedingDecision(after sha256: String) -> Photo? {
        guard let index = photos.firstIndex(where: { $0.sha256 == sha256 }) else {
            return photos.first { $0.verdict == .review }
        }
        let rest = photos[(index + 1)...] + photos[..<index]
        return rest.first { $0.verdict == .review }
    }

    /// Records a photo's verdict after it was checked (or checked again after a tag).
    public mutating func record(_ verdict: Verdict, reason: String?, for sha256: String) {
        for index in photos.indices where photos[index].sha256 == sha256 {
            photos[index].verdict = verdict
            photos[index].reason = reason
        }
    }
}
