import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore
import PhotogateUnicode

/// What `check` and `preview` report for one photo.
public struct CheckOutcome: Sendable {
    /// The photo as the user named it (a file), or its original file name for a vault photo.
    public var photo: String
    public var sha256: String?
    public var width: Int = 0
    public var height: Int = 0
    public var decision: PhotoDecision?
    /// Why the photo could not be checked at all.
    public var rejection: InputRejection?
    /// Where the photo was written as it would be published, when asked.
    public var output: String?

    /// Checked, and fit to publish as decided.
    public var isPublishable: Bool {
        decision?.verdict.isPublishable ?? false
    }
}

/// Checks photos against the consent list for a channel's purpose, and draws previews.
public struct FaceService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser
    public var limits: DecodeLimits
    public var concurrency: Int

    public init(home: PhotogateHome, user: SignedInUser, limits: DecodeLimits = .standard,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.home = home
        self.user = user
        self.limits = limits
        self.concurrency = concurrency
    }

    /// A photo to check, read only when its turn comes so a batch never sits in memory.
    struct Source: Sendable {
        enum Origin: Sendable {
            case file(String)
            case vault(String)
            case refused(InputRejection)
        }

        var label: String
        var origin: Origin
    }

    /// A photo's bytes, their hash and its sidecars, read.
    struct Loaded {
        var file: PhotoFile
        var sha256: String
        var sidecars: [Sidecar]
    }

    func load(_ source: Source) -> Result<Loaded, InputRejection> {
        switch source.origin {
        case let .refused(rejection):
            return .failure(rejection)
        case let .file(path):
            do throws(InputRejection) {
                let file = try PhotoFile.read(path, limits: limits)
                return .success(Loaded(file: file, sha256: Digest.sha256(file.bytes), sidecars: Sidecar.beside(path)))
            } catch {
                return .failure(error)
            }
        case let .vault(sha256):
            do {
                let bytes = try home.vault.read(sha256)
                let sidecars = try home.database.read { try SidecarRecord.all(for: sha256, in: $0) }.map { record in
                    Sidecar(path: record.name, content: record.xmp.map { .xmp([UInt8]($0)) } ?? .unreadable(record.problem ?? "could not be read"))
                }
                return .success(Loaded(file: try PhotoFile(path: home.vault.path(for: sha256), bytes: bytes), sha256: sha256, sidecars: sidecars))
            } catch let rejection as InputRejection {
                return .failure(rejection)
            } catch is Vault.DamagedCopy {
                return .failure(.corrupt("its vault copy is damaged: it no longer matches its hash"))
            } catch {
                return .failure(.unreadable("its vault copy cannot be read: \(error)"))
            }
        }
    }

    /// Everything a decision needs besides the photo, read once per run.
    struct Context: Sendable {
        var channel: ChannelRecord
        var settings: Settings
        var directory: PersonDirectory
        var pipeline: FacePipeline
        var today: CalendarDate

        var style: RedactionStyle {
            RedactionStyle(fill: RedactionStyle.Fill(rawValue: settings.redactionFill) ?? .pixelate, grow: settings.redactionGrow)
        }
    }

    func context(channel id: String, now: Date, requireOpen: Bool = true) throws -> Context {
        try user.require(.checkPhotos)
        let channel = try ChannelService(home: home, user: user).channel(id, requireOpen: requireOpen)
        let (settings, people) = try home.database.read { db in (try Settings.load(db), try ConsentStore.current(in: db)) }
        let model: FaceModel
        do {
            model = try FaceModel.locate(in: [home.root + "/models"])
        } catch let problem as FaceModel.Problem {
            throw PhotogateError.integrity(problem.description)
        }
        let pipeline = FacePipeline(detector: FaceDetector(model: model, settings: settings.detection), limits: limits)
        return Context(channel: channel, settings: settings, directory: PersonDirectory(people, names: .standard), pipeline: pipeline, today: CalendarDate(now))
    }

    /// Checks photo files (each with its sidecar, if any). With `renderInto`, also writes each
    /// photo as it would be published (faces hidden, verified clean) into that folder.
    public func check(channel: String, photos paths: [String], renderInto folder: String? = nil, now: Date = Date()) async throws -> [CheckOutcome] {
        let context = try context(channel: channel, now: now)
        let sources = InputCollector().collect(paths).map { item -> (Source, String) in
            switch item {
            case let .refused(path, rejection): (Source(label: path, origin: .refused(rejection)), path)
            case let .photo(path): (Source(label: path, origin: .file(path)), SafeFile.resolvedPath(path))
            }
        }
        return try await check(sources, context: context, renderInto: folder)
    }

    /// Checks every photo an ingest batch stored, from the vault.
    public func check(channel: String, batch: Int64, renderInto folder: String? = nil, now: Date = Date()) async throws -> [CheckOutcome] {
        let context = try context(channel: channel, now: now)
        let rows = try await home.database.read { db -> [(String, String)] in
            guard try BatchRecord.exists(db, key: batch) else { throw PhotogateError.invalid("there is no batch \(batch)") }
            return try Row.fetchAll(db, sql: """
                SELECT sourcePath, sha256 FROM batchFile WHERE batchId = ? AND status IN ('accepted', 'duplicate') ORDER BY id
                """, arguments: [batch]).map { ($0["sourcePath"], $0["sha256"]) }
        }
        let sources = rows.map { path, sha256 in (Source(label: (path as NSString).lastPathComponent, origin: .vault(sha256)), path) }
        return try await check(sources, context: context, renderInto: folder)
    }

    /// - Parameter sources: each photo with where it really is (a resolved path, or where a
    ///   vault photo came from), which names its rendered copy.
    private func check(_ sources: [(Source, place: String)], context: Context, renderInto folder: String?) async throws -> [CheckOutcome] {
        guard let folder = try folder.map({ shown throws(PhotogateError) in try OutputFolder(creating: shown) }) else {
            let results = await OrderedWork.map(sources.map(\.0), width: concurrency) { source in
                Result { try self.evaluate(source, context: context, render: nil) }
            }
            return try results.map { try $0.get() }
        }
        let names = folder.names(for: sources.map(\.place))
        let work = sources.enumerated().map { index, source in (index: index, source: source.0, name: names[index]) }
        return try await folder.staging { staging in
            let results = await OrderedWork.map(work, width: concurrency) { work in
                Result {
                    let staged = "\(staging)/\(work.index).jpg"
                    var outcome = try self.evaluate(work.source, context: context) { _ in (staged, []) }
                    if outcome.decision != nil {
                        outcome.output = folder.shownFile(try folder.place(staged, as: work.name).fileName)
                    }
                    return outcome
                }
            }
            return try results.map { try $0.get() }
        }
    }

    /// Analyses and decides one photo; with `render`, also writes the photo as it would be
    /// published (faces hidden) or, with marks, a preview.
    func evaluate(_ source: Source, context: Context, render: ((PhotoDecision) -> (destination: String, marks: [PreviewMark])?)?) throws -> CheckOutcome {
        let loaded: Loaded
        switch load(source) {
        case let .success(read): loaded = read
        case let .failure(rejection): return CheckOutcome(photo: source.label, rejection: rejection)
        }
        let file = loaded.file
        let sha256 = loaded.sha256
        let key = context.pipeline.detectionKey
        let known = try? home.database.read { try FaceDetectionRecord.fetchOne($0, key: ["sha256": sha256, "settings": key]) }?.detectedFaces
        let staffTags = try home.database.read { try TagRecord.current(for: sha256, in: $0) }.map(\.tag)
        var decision: PhotoDecision?
        let analysis: FaceAnalysis
        do {
            analysis = try context.pipeline.process(file, sidecars: loaded.sidecars, knownFaces: known, style: context.style) { analysis in
                let decided = decide(analysis, staffTags: staffTags, context: context)
                decision = decided
                guard let render, let (destination, marks) = render(decided) else { return nil }
                return (decided.blurred.map(\.box), marks, destination)
            }
        } catch let rejection as InputRejection {
            return CheckOutcome(photo: source.label, sha256: sha256, rejection: rejection)
        } catch let failure as FacePipeline.DetectorFailure {
            throw PhotogateError.integrity(failure.description)
        }
        if known == nil {
            // Kept for the next check of this photo, and on the record like every row that
            // decides what is blurred. A failure to keep it costs only a second detection.
            try? home.database.write { db in
                try FaceDetectionRecord(sha256: sha256, settings: key, faces: analysis.faces, detectedAt: Date()).save(db)
                try AuditLog.append(db, actor: user.name, action: "faces.detected", subject: sha256,
                                    details: ["settings": key, "faces": String(analysis.faces.count)])
            }
        }
        return CheckOutcome(photo: source.label, sha256: sha256, width: analysis.width, height: analysis.height,
                            decision: decision ?? decide(analysis, staffTags: staffTags, context: context))
    }

    func decide(_ analysis: FaceAnalysis, staffTags: [PhotoTag], context: Context) -> PhotoDecision {
        FaceDecider(rules: context.settings.decision).decide(
            faces: analysis.faces, imageWidth: analysis.width, imageHeight: analysis.height,
            tags: analysis.metadataTags + staffTags, directory: context.directory, purpose: context.channel.purpose,
            today: context.today, unreadableTags: analysis.unreadableTags
        )
    }

    /// Writes the photo as it would be published on the channel, with each face's box and
    /// what happens to it drawn on top, for staff to look at.
    public func preview(_ reference: String, channel: String, to output: String, now: Date = Date()) throws -> CheckOutcome {
        let context = try context(channel: channel, now: now)
        let source = SafeFile.entry(at: reference) != .missing
            ? Source(label: reference, origin: .file(reference))
            : Source(label: reference, origin: .vault(try PhotoLocator(home: home).sha256(of: reference, limits: limits)))
        let directory = context.directory
        let outcome = try evaluate(source, context: context) { decision in
            let marks = decision.faces.map { face -> PreviewMark in
                if face.action == .keep {
                    let name = face.person.flatMap { directory.record(id: $0) }.map { " \($0.fullName)" } ?? ""
                    return PreviewMark(box: face.box, kind: .kept, caption: "keep: \(face.person ?? "")\(name)")
                }
                return PreviewMark(box: face.box, kind: .blurred, caption: "blur: \(face.reason)")
            }
            return (output, marks)
        }
        if let rejection = outcome.rejection { throw PhotogateError.invalid("\(reference) \(rejection.message)") }
        return outcome
    }
}
