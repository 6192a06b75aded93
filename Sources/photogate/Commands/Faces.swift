import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateServices

struct Tag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say who is in a photo, and where (staff). Photogate never works this out from faces.",
        discussion: """
        PHOTO is a file (it is matched by content to the photo in the vault) or the start of its \
        SHA-256 as `photogate check` prints it. The box is x,y,width,height in pixels of the \
        upright photo. A staff tag on a face replaces what the photo software wrote there. A \
        manifest is a CSV file with columns photo, person (an id or a name) and optionally box \
        (or x, y, width, height); any problem refuses the whole file.
        """
    )

    @OptionGroup var session: SessionOptions

    @Argument(help: "The photo.")
    var photo: String?

    @Option(help: "The person's id on the consent list.")
    var person: String?

    @Option(help: "Where their face is: x,y,width,height in upright pixels.")
    var box: String?

    @Flag(help: "Remove this person's tags from the photo instead.")
    var remove = false

    @Option(help: "A CSV file of tags to add.")
    var manifest: String?

    func validate() throws {
        if manifest != nil {
            guard photo == nil, person == nil, box == nil, !remove else {
                throw ValidationError("--manifest stands alone: give either a manifest, or a photo and --person.")
            }
        } else {
            guard photo != nil, person != nil else { throw ValidationError("give a photo and --person ID (or --manifest FILE).") }
            if remove, box != nil { throw ValidationError("--remove takes no --box.") }
            if let box, Box(commaSeparated: box) == nil { throw ValidationError("--box is \(Box.writtenForm).") }
        }
    }

    func run() async throws {
        let (home, user) = try await session.signIn()
        let service = TagService(home: home, user: user)
        if let manifest {
            let count = try await service.importManifest(NamedFile.read(manifest, maxBytes: 20_000_000), named: manifest) { reference in
                try await PhotoReference.sha256(of: Self.beside(manifest, reference), home: home, user: user)
            }
            Terminal.line("Added \(count) tags from \(manifest)\(count == 0 ? " (every one was there already)." : ".")")
        } else if remove {
            let sha256 = try await PhotoReference.sha256(of: photo!, home: home, user: user)
            let count = try await service.remove(photo: sha256, person: person!)
            Terminal.line("Removed \(person!) from the photo (\(count) tag\(count == 1 ? "" : "s")).")
        } else {
            let sha256 = try await PhotoReference.sha256(of: photo!, home: home, user: user)
            let tag = try await service.add(photo: sha256, person: person!, box: box.flatMap(Box.init(commaSeparated:)))
            Terminal.line("Tagged \(tag.person) on photo \(tag.sha256.prefix(12))\(tag.box.map { " at \($0.pixelText)" } ?? "").")
        }
    }

    /// A manifest names its photos by files beside it (or the start of their hash).
    private static func beside(_ manifest: String, _ reference: String) -> String {
        let folder = (manifest as NSString).deletingLastPathComponent
        guard !reference.hasPrefix("/"), !folder.isEmpty, FileManager.default.fileExists(atPath: folder + "/" + reference) else { return reference }
        return folder + "/" + reference
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find every face and decide, for a channel, which stay visible, which are blurred, and whether the photo can go.",
        discussion: """
        Verdicts: clear (every face has consent), redacted (some faces will be blurred), review (a \
        name could not be matched or tags contradict each other), rejected (an excluded person is \
        tagged, or an unconsented person is the subject). Exit code 1 when any photo is in review, \
        rejected or unreadable.
        """
    )

    @OptionGroup var session: SessionOptions

    @Option(help: "The channel the photos are for.")
    var channel: String

    @Option(help: "Check every photo of an ingest batch, from the vault.")
    var batch: Int64?

    @Option(help: "Also write each photo as it would be published (faces hidden) into this folder.")
    var out: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var limitOptions: LimitOptions

    @Argument(help: "Photo files or folders.")
    var photos: [String] = []

    func validate() throws {
        guard (batch == nil) != photos.isEmpty else { throw ValidationError("give photos, or --batch B, but not both.") }
    }

    func run() async throws {
        let (home, user) = try await session.signIn()
        let service = FaceService(home: home, user: user, engine: try FaceModels.engine(for: home), limits: limitOptions.limits)
        let inputs = FileInputs(photos, limits: limitOptions.limits)
        // A batch's photos are named by where they came from; files by where they are.
        let places: [String?] = if let batch { try await service.sourceNames(ofBatch: batch) } else { inputs.places }
        let check = { (sink: FolderSink?) async throws -> [CheckOutcome] in
            if let batch {
                try await service.check(channel: channel, batch: batch, renderingInto: sink)
            } else {
                try await service.check(channel: channel, photos: inputs.photoInputs, renderingInto: sink)
            }
        }
        let outcomes = if let out {
            try await FolderSink.using(try OutputFolder(creating: out), places: places) { try await check($0) }
        } else {
            try await check(nil)
        }
        if json {
            JSONOutput.print(outcomes.map(CheckJSON.init))
        } else {
            for (index, outcome) in outcomes.enumerated() {
                if index > 0 { Terminal.line("") }
                CheckText.print(outcome)
            }
        }
        if outcomes.contains(where: { $0.rejection == .notFound }) { throw ExitStatus.usage }
        if outcomes.contains(where: { !$0.isPublishable }) {
            throw ExitStatus.someRejected
        }
    }
}

struct Preview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the photo as it would be published on a channel, with each face's box and what happens to it."
    )

    @OptionGroup var session: SessionOptions

    @Argument(help: "A photo file, or the start of a vault photo's SHA-256.")
    var photo: String

    @Option(help: "The channel.")
    var channel: String

    @Option(help: "Where to write the preview (a new .jpg file: an existing file is never replaced).")
    var out: String

    func validate() throws {
        let lower = out.lowercased()
        guard lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") else { throw ValidationError("--out must be a .jpg file.") }
    }

    func run() async throws {
        let output = NewOutputFile(path: out, what: "a preview")
        try output.requireFree()
        let (home, user) = try await session.signIn()
        let service = FaceService(home: home, user: user, engine: try FaceModels.engine(for: home))
        let (outcome, jpeg) = try await service.preview(try await PhotoReference.source(photo, home: home, user: user, limits: DecodeLimits.standard), channel: channel)
        try output.write(jpeg)
        CheckText.print(outcome)
        Terminal.line("Preview written to \(out): green boxes stay visible, red boxes are blurred, blue boxes are names readable in the photo.")
    }
}

/// A check as office staff read it.
enum CheckText {
    static func print(_ outcome: CheckOutcome) {
        guard let decision = outcome.decision else {
            Terminal.line("✗ \(outcome.photo): \(outcome.rejection?.message ?? "cannot be checked")")
            return
        }
        let mark = switch decision.verdict {
        case .clear: "✓"
        case .redacted: "✓"
        case .review: "?"
        case .rejected: "✗"
        }
        let faces = decision.faces.count == 1 ? "1 face" : "\(decision.faces.count) faces"
        Terminal.line("\(mark) \(outcome.photo) (\(outcome.sha256?.prefix(12) ?? "")): \(decision.verdict.rawValue.uppercased()), \(faces)")
        for reason in decision.reasons where decision.verdict != .redacted { Terminal.line("  \(reason)") }
        for face in decision.faces {
            Terminal.line("  \(face.action.rawValue) \(face.box.pixelText): \(face.reason)")
        }
        for text in decision.texts {
            Terminal.line("  \(text.action.rawValue) text \(text.box.pixelText): \(text.reason)")
        }
    }
}

/// `photogate check --json`: one object per photo.
struct CheckJSON: Encodable {
    let outcome: CheckOutcome

    init(_ outcome: CheckOutcome) {
        self.outcome = outcome
    }

    struct FaceJSON: JSONRecord {
        var box: [Int]
        var person: String?
        var action: String
        var reason: String
        var tagged_only: Bool

        init(_ face: FaceVerdict) {
            box = [face.box.x, face.box.y, face.box.width, face.box.height].map { Int(saturating: $0.rounded()) }
            person = face.person
            action = face.action.rawValue
            reason = face.reason
            tagged_only = face.fromTagOnly
        }
    }

    /// A name readable in the photo, or text that looks like one.
    struct TextJSON: JSONRecord {
        var box: [Int]
        var text: String
        var person: String?
        var action: String
        var reason: String

        init(_ text: TextVerdict) {
            box = [text.box.x, text.box.y, text.box.width, text.box.height].map { Int(saturating: $0.rounded()) }
            self.text = text.text
            person = text.person
            action = text.action.rawValue
            reason = text.reason
        }
    }

    enum Key: String, CodingKey {
        case photo, sha256, width, height, verdict, reasons, faces, texts, output, error
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(outcome.photo, forKey: .photo)
        try c.encode(outcome.sha256, forKey: .sha256)
        guard let decision = outcome.decision else {
            try c.encode(outcome.rejection?.message ?? "cannot be checked", forKey: .error)
            return
        }
        try c.encode(outcome.width, forKey: .width)
        try c.encode(outcome.height, forKey: .height)
        try c.encode(decision.verdict.rawValue, forKey: .verdict)
        try c.encode(decision.reasons, forKey: .reasons)
        try c.encode(outcome.output, forKey: .output)
        try c.encode(decision.faces.map(FaceJSON.init), forKey: .faces)
        try c.encode(decision.texts.map(TextJSON.init), forKey: .texts)
    }
}
