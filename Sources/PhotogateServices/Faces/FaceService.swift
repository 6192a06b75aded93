import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateStore

/// Checks photos against the consent list for a channel's purpose, and draws previews.
public struct FaceService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser
    let checker: PhotoChecker
    public var concurrency: Int

    public init(home: PhotogateHome, user: SignedInUser, engine: FaceEngine, limits: DecodeLimits = .standard,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.home = home
        self.user = user
        checker = PhotoChecker(home: home, user: user, engine: engine, limits: limits)
        self.concurrency = concurrency
    }

    /// Checks photos a front end gives (each with its sidecars). With a sink, also hands it
    /// each photo as it would be published (faces hidden, verified clean).
    public func check(channel: String, photos: [PhotoInput], renderingInto sink: (any PhotoSink)? = nil, now: Date = Date()) async throws -> [CheckOutcome] {
        try await check(photos.map { .given($0) }, channel: channel, sink: sink, now: now)
    }

    /// Checks every photo an ingest batch stored, from the vault.
    public func check(channel: String, batch: Int64, renderingInto sink: (any PhotoSink)? = nil, now: Date = Date()) async throws -> [CheckOutcome] {
        try user.require(.checkPhotos)
        guard try await home.batches.batch(id: batch) != nil else { throw PhotogateError.notFound("there is no batch \(batch)", code: "batch.unknown") }
        let files = try await home.batches.storedFiles(of: batch)
        let sources = files.compactMap { file in
            file.sha256.map { PhotoSource.vault(sha256: $0, label: (file.sourcePath as NSString).lastPathComponent) }
        }
        return try await check(sources, channel: channel, sink: sink, now: now)
    }

    /// The names a batch's photos came with, in the order `check(channel:batch:)` reports
    /// them, for a front end naming their renders.
    public func sourceNames(ofBatch batch: Int64) async throws -> [String] {
        try user.require(.checkPhotos)
        return try await home.batches.storedFiles(of: batch).filter { $0.sha256 != nil }.map(\.sourcePath)
    }

    private func check(_ sources: [PhotoSource], channel: String, sink: (any PhotoSink)?, now: Date) async throws -> [CheckOutcome] {
        let context = try await checker.context(channel: channel, now: now, sources: sources)
        let checker = checker
        let results = await OrderedWork.map(sources, width: concurrency) { index, source in
            await Result(catching: {
                let checked = try await checker.check(source, in: context, rendering: sink == nil ? .none : .always)
                var outcome = checked.outcome
                if let sink, let render = checked.render {
                    do {
                        outcome.output = try sink.keep(render, forInput: index).shown
                    } catch {
                        outcome.rejection = .writeFailed("\(error)")
                    }
                }
                return outcome
            })
        }
        return try results.map { try $0.get() }
    }

    /// One vault photo decided for a channel now (its faces from the record, its tags as
    /// they are), as a page shows it; with `rendered`, also the photo as it would be
    /// published (faces hidden, verified clean), whatever the verdict.
    public func decide(_ sha256: String, channel: String, rendered: Bool = false, now: Date = Date()) async throws -> (outcome: CheckOutcome, render: [UInt8]?) {
        let source = PhotoSource.vault(sha256: sha256, label: "photo \(sha256.prefix(12))")
        let context = try await checker.context(channel: channel, now: now, requireOpen: false, sources: [source])
        let checked = try await checker.check(source, in: context, rendering: rendered ? .always : .none)
        return (checked.outcome, checked.render)
    }

    /// `decide(_:channel:rendered:)`'s render at a screen size, for a page's "as published"
    /// view: made each time, as tags change what it shows.
    public func publishedView(_ sha256: String, channel: String, size: ScreenSize = .view) async throws -> [UInt8] {
        let (outcome, render) = try await decide(sha256, channel: channel, rendered: true)
        guard let render else {
            throw PhotogateError.invalid("\(outcome.photo) \(outcome.rejection?.message ?? "cannot be read")", code: "photo.unreadable")
        }
        return try await BlockingWork.run { try ScreenImage.jpeg(fromClean: render, size: size) }
    }

    /// The photo as it would be published on the channel, with each face's box and what
    /// happens to it drawn on top, for staff to look at: the JPEG, and what was decided.
    public func preview(_ source: PhotoSource, channel: String, now: Date = Date()) async throws -> (outcome: CheckOutcome, jpeg: [UInt8]) {
        let context = try await checker.context(channel: channel, now: now, sources: [source])
        let checked = try await checker.check(source, in: context, rendering: .preview)
        guard let jpeg = checked.render else {
            throw PhotogateError.invalid("\(source.label) \(checked.outcome.rejection?.message ?? "cannot be read")", code: "photo.unreadable")
        }
        return (checked.outcome, jpeg)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
