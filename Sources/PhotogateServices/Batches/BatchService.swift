import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateStore

/// The office's batch: one device's photos for one channel, ingested (the device rules, the
/// camera check, the vault, a personal device's deletion duty) and then checked for the
/// channel's purpose (faces found and kept on the record, each photo decided). The command
/// line's `photogate batch` and the browser's upload both run it.
public struct BatchService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser
    let engine: FaceEngine
    var limits: DecodeLimits
    var concurrency: Int

    public init(home: PhotogateHome, user: SignedInUser, engine: FaceEngine, limits: DecodeLimits = .standard,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.home = home
        self.user = user
        self.engine = engine
        self.limits = limits
        self.concurrency = concurrency
    }

    /// A photo the ingest stored (new or already in the vault), as the batch names it.
    public struct StoredPhoto: Sendable, Equatable {
        public var name: String
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// What a batch did: the ingest's summary, and each stored photo's check in the order sent.
    public struct Report: Sendable {
        public var ingest: IngestService.Summary
        public var photos: [StoredPhoto]
        public var checks: [CheckOutcome]
    }

    /// Refuses a batch that could not be finished before any photo is read: the person may
    /// not ingest or check, or the channel is unknown or closed.
    public func requireReady(channel: String) async throws {
        try user.require(.ingest)
        try user.require(.checkPhotos)
        _ = try await ChannelService(home: home, user: user).channel(channel, requireOpen: true)
    }

    public func run(device: String, channel: String, from source: any IngestSource, deleteFromDevice: Bool,
                    ingested: @escaping (IngestService.FileEvent, Int, Int) -> Void = { _, _, _ in },
                    checked: @escaping (CheckOutcome, Int, Int) -> Void = { _, _, _ in }) async throws -> Report {
        try await requireReady(channel: channel)
        let (summary, photos) = try await ingest(device: device, from: source, deleteFromDevice: deleteFromDevice, progress: ingested)
        let checks = try await check(photos, channel: channel, progress: checked)
        return Report(ingest: summary, photos: photos, checks: checks)
    }

    /// The ingest step: the summary, and the photos stored, in the order they were sent.
    public func ingest(device: String, from source: any IngestSource, deleteFromDevice: Bool,
                       progress: @escaping (IngestService.FileEvent, Int, Int) -> Void) async throws -> (IngestService.Summary, [StoredPhoto]) {
        let summary = try await IngestService(home: home, user: user, limits: limits, concurrency: concurrency)
            .run(device: device, from: source, deleteFromDevice: deleteFromDevice, progress: progress)
        return (summary, summary.stored.map { StoredPhoto(name: $0.file, sha256: $0.sha256) })
    }

    /// The check step: each photo found, decided for the channel's purpose, in order, and its
    /// sanitized thumbnail made for the batch's page; a photo checked before is not searched
    /// for faces again (its faces are on the record).
    public func check(_ photos: [StoredPhoto], channel: String,
                      progress: @escaping (CheckOutcome, Int, Int) -> Void) async throws -> [CheckOutcome] {
        let checker = PhotoChecker(home: home, user: user, engine: engine, limits: limits)
        let images = ImageService(home: home, user: user, limits: limits)
        let sources = photos.map { PhotoSource.vault(sha256: $0.sha256, label: $0.name) }
        let context = try await checker.context(channel: channel, now: Date(), sources: sources)
        let results = await OrderedWork.map(sources, width: concurrency) { _, source in
            await Result(catching: {
                let outcome = try await checker.check(source, in: context).outcome
                // A thumbnail that cannot be made now is made when the page asks for it.
                if let sha256 = outcome.sha256 { _ = try? await images.copy(of: sha256, size: .thumb) }
                return outcome
            })
        } finished: { index, result in
            if case let .success(outcome) = result { progress(outcome, index + 1, sources.count) }
        }
        return try results.map { try $0.get() }
    }

    /// The word and first reason a batch shows for a checked photo.
    public static func summary(of outcome: CheckOutcome) -> (verdict: Verdict, reason: String?) {
        guard let decision = outcome.decision else {
            return (.rejected, "it \(outcome.rejection?.message ?? "cannot be read")")
        }
        return (decision.verdict, decision.reasons.first)
    }
}
