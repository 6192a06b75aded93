import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore
import PhotogateUnicode

/// What checking one photo found.
public struct CheckOutcome: Sendable {
    /// The photo as the front end named it, or its source's name for a vault photo.
    public var photo: String
    public var sha256: String?
    public var width: Int = 0
    public var height: Int = 0
    public var decision: PhotoDecision?
    /// Why the photo could not be checked at all.
    public var rejection: InputRejection?
    /// Where its render went, when one was asked for.
    public var output: String?

    /// Checked, and fit to publish as decided.
    public var isPublishable: Bool {
        decision?.verdict.isPublishable ?? false
    }
}

/// A photo to check: one a front end gives, or one in the vault.
public enum PhotoSource: Sendable {
    case given(PhotoInput)
    case vault(sha256: String, label: String)

    var label: String {
        switch self {
        case let .given(input): input.label
        case let .vault(_, label): label
        }
    }

    var vaultSHA256: String? {
        if case let .vault(sha256, _) = self { sha256 } else { nil }
    }
}

/// Everything a decision needs besides the photo, read once per run.
public struct CheckContext: Sendable {
    public var channel: Channel
    public var settings: Settings
    public var people: [ConsentRecord]
    public var directory: PersonDirectory
    public var today: CalendarDate
    var detector: FaceDetector
    var detectionKey: String
    /// The text reader, when the settings have photos read for names.
    var textReader: TextReader?
    /// The vault photos whose rows were already found as the log records them, with the
    /// registers, in one pass over the log; any other photo is checked when it is read.
    var recordedPhotos: Set<String>
}

/// The one way every use case decides about a photo (check, preview, preparing a post, its
/// re-check at approval and publication): read it, find its faces (once per photo and
/// detection setting; kept on the record), read the tags it carries and the tags staff
/// added, decide (the domain's `FaceDecider`), and render it when asked. Blocking work runs
/// off the cooperative pool.
struct PhotoChecker: Sendable {
    let home: PhotogateHome
    let user: SignedInUser
    let engine: FaceEngine
    var limits: DecodeLimits = .standard

    /// What a check renders.
    enum Rendering: Sendable {
        case none
        /// The photo as it would be published, whatever the verdict (`check --out`).
        case always
        /// Only when it may be published (a post).
        case ifPublishable
        /// A preview: as published, with each face's box and what happens to it drawn.
        case preview
    }

    struct Checked: Sendable {
        var outcome: CheckOutcome
        var render: [UInt8]?
    }

    /// What every check of a use case shares. `sources` are the photos it will check: the
    /// rows of those from the vault are checked against the log now, with the registers.
    func context(channel id: String, now: Date, requireOpen: Bool = true, sources: [PhotoSource] = []) async throws -> CheckContext {
        try user.require(.checkPhotos)
        let vaultPhotos = sources.compactMap(\.vaultSHA256)
        try await RecordGate.requireRecorded(.registers.union(.photos(vaultPhotos)), in: home)
        let channel = try await ChannelService(home: home, user: user).channel(id, requireOpen: requireOpen)
        let settings = try await home.settings.current()
        let people = try await home.consent.current()
        return CheckContext(channel: channel, settings: settings, people: people, directory: PersonDirectory(people, names: .standard),
                            today: CalendarDate(now), detector: engine.detector(for: settings.detection),
                            detectionKey: FaceEngine.detectionKey(for: settings.detection),
                            textReader: settings.text.reading ? engine.textReader : nil, recordedPhotos: Set(vaultPhotos))
    }

    func check(_ source: PhotoSource, in context: CheckContext, rendering: Rendering = .none) async throws -> Checked {
        let read: PhotoWithSidecars, sha256: String
        do {
            (read, sha256) = try await self.read(source)
        } catch let rejection as InputRejection {
            return Checked(outcome: CheckOutcome(photo: source.label, rejection: rejection))
        }
        if !context.recordedPhotos.contains(sha256) { try await RecordGate.requireRecorded(.photos([sha256]), in: home) }
        let known = try? await home.photos.detection(of: sha256, settings: context.detectionKey)
        let knownText: [TextRegion]? = if let reader = context.textReader {
            try? await home.photos.textReading(of: sha256, settings: reader.key)
        } else {
            nil
        }
        let staffTags = try await home.photos.tags(of: sha256).map(\.tag)
        let limits = limits
        let work: Result<Decided, InputRejection>
        do {
            work = try await BlockingWork.run { () throws -> Result<Decided, InputRejection> in
                do {
                    return .success(try Self.decide(read, knownFaces: known, knownText: knownText, staffTags: staffTags, context: context,
                                                    rendering: rendering, limits: limits))
                } catch let rejection as InputRejection {
                    return .failure(rejection)
                }
            }
        } catch let failure as DetectorFailure {
            throw PhotogateError.integrity(failure.description, code: failure.code)
        }
        switch work {
        case let .failure(rejection):
            return Checked(outcome: CheckOutcome(photo: source.label, sha256: sha256, rejection: rejection))
        case let .success(decided):
            if known == nil {
                // A failure to keep it costs only a second detection.
                try? await home.photos.keepDetection(decided.faces, of: sha256, settings: context.detectionKey, by: user.name, at: Date())
            }
            if knownText == nil, let reader = context.textReader, let regions = decided.text {
                try? await home.photos.keepTextReading(regions, of: sha256, settings: reader.key, by: user.name, at: Date())
            }
            return Checked(outcome: CheckOutcome(photo: source.label, sha256: sha256, width: decided.width, height: decided.height,
                                                 decision: decided.decision), render: decided.render)
        }
    }

    private func read(_ source: PhotoSource) async throws -> (PhotoWithSidecars, String) {
        switch source {
        case let .given(input):
            return try await BlockingWork.run {
                let read = try input.read()
                return (read, Digest.sha256(read.file.bytes))
            }
        case let .vault(sha256, label):
            let sidecars = try await home.photos.sidecars(of: sha256).map { stored in
                Sidecar(path: stored.name, content: stored.xmp.map { .xmp([UInt8]($0)) } ?? .unreadable(stored.problem ?? "could not be read"))
            }
            let vault = home.vault
            return try await BlockingWork.run {
                let bytes: [UInt8]
                do {
                    bytes = try vault.read(sha256)
                } catch is Vault.DamagedCopy {
                    throw InputRejection.corrupt("its vault copy is damaged: it no longer matches its hash")
                } catch {
                    throw InputRejection.unreadable("its vault copy cannot be read: \(error)")
                }
                return (PhotoWithSidecars(file: try PhotoFile(path: label, bytes: bytes), sidecars: sidecars), sha256)
            }
        }
    }

    private struct Decided: Sendable {
        var faces: [DetectedFace]
        /// The text read, when the settings have photos read.
        var text: [TextRegion]?
        var decision: PhotoDecision
        var width: Int
        var height: Int
        var render: [UInt8]?
    }

    /// The blocking part: open (decode or reject), detect, read the carried tags and the
    /// text, decide, render.
    private static func decide(_ read: PhotoWithSidecars, knownFaces: [DetectedFace]?, knownText: [TextRegion]?, staffTags: [PhotoTag],
                               context: CheckContext, rendering: Rendering, limits: DecodeLimits) throws -> Decided {
        let photo = try OpenedPhoto(read.file, limits: limits)
        let faces = try knownFaces ?? photo.detectFaces(with: context.detector)
        let carried = photo.carriedTags(sidecars: read.sidecars)
        var decision = FaceDecider(rules: context.settings.decision).decide(
            faces: faces, imageWidth: photo.uprightWidth, imageHeight: photo.uprightHeight,
            tags: carried.tags + staffTags, directory: context.directory, purpose: context.channel.purpose,
            today: context.today, unreadableTags: carried.unreadable
        )
        var text: [TextRegion]?
        if let reader = context.textReader {
            let regions = try knownText ?? photo.readText(with: reader)
            text = regions
            let texts = TextDecider(rules: context.settings.text).decide(
                regions: regions, people: context.people, tagged: decision.identifiedPeople, purpose: context.channel.purpose,
                today: context.today, names: .standard)
            decision = decision.adding(texts: texts)
        }
        let render: [UInt8]? = switch rendering {
        case .none: nil
        case .ifPublishable where !decision.verdict.isPublishable: nil
        case .always, .ifPublishable: try photo.render(hiding: decision.hiddenBoxes, style: context.settings.redaction)
        case .preview: try photo.render(hiding: decision.hiddenBoxes, style: context.settings.redaction,
                                        marks: previewMarks(decision, directory: context.directory))
        }
        return Decided(faces: faces, text: text, decision: decision, width: photo.uprightWidth, height: photo.uprightHeight, render: render)
    }

    /// Each face's box on a preview, with who stays visible or why it is blurred; and each
    /// name readable in the photo, in blue, with what happens to it.
    private static func previewMarks(_ decision: PhotoDecision, directory: PersonDirectory) -> [PreviewMark] {
        decision.faces.map { face in
            if face.action == .keep {
                let name = face.person.flatMap { directory.record(id: $0) }.map { " \($0.fullName)" } ?? ""
                return PreviewMark(box: face.box, kind: .kept, caption: "keep: \(face.person ?? "")\(name)")
            }
            return PreviewMark(box: face.box, kind: .blurred, caption: "blur: \(face.reason)")
        } + decision.texts.map { text in
            PreviewMark(box: text.box, kind: .text, caption: "\(text.action.rawValue) text: \(text.reason)")
        }
    }
}
