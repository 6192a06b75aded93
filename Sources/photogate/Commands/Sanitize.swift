import ArgumentParser
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateServices

struct Sanitize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-encode photos from their pixels with no metadata at all, and prove it.",
        discussion: """
        Reads JPEG, PNG, HEIC/HEIF, WebP and TIFF (recognised by content). Writes one baseline \
        JPEG per photo: turned upright, colours converted to sRGB, transparency on white, and \
        no EXIF, GPS, serial numbers, previews, XMP, IPTC, colour profile or comments. Each \
        output is checked independently before it is reported clean. Inputs are never changed, \
        and nothing already in the output folder is replaced: a name already used there gets \
        the next free one (IMG_1-2.jpg), and the summary says so.
        """
    )

    @Option(name: .customLong("out"), help: "Folder for the cleaned photos.")
    var outputDirectory = "sanitized"

    @Flag(help: "Print one JSON object per input.")
    var json = false

    @Option(help: "JPEG quality, 1 to 100.")
    var quality = 90

    @Option(help: "How many photos to work on at once (default: one per processor core).")
    var jobs: Int?

    @OptionGroup var limitOptions: LimitOptions

    @Argument(help: "Photos or folders of photos.")
    var inputs: [String]

    func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be between 1 and 100.") }
        if let jobs, !(1...64).contains(jobs) { throw ValidationError("--jobs must be between 1 and 64.") }
    }

    func run() async throws {
        var service = SanitizeService(options: SanitizeOptions(quality: quality, limits: limitOptions.limits))
        if let jobs { service.concurrency = jobs }
        let progress = Terminal.Progress("Cleaning photo", enabled: !json && Terminal.errorIsInteractive)
        let folder = try OutputFolder(creating: outputDirectory)
        let inputs = FileInputs(inputs, limits: limitOptions.limits)
        let outcomes = try await FolderSink.using(folder, places: inputs.places) { sink in
            await service.run(inputs.photoInputs, into: sink) { outcome, done, total in
                if !json {
                    progress.finish()
                    Self.printLine(outcome)
                }
                progress.update(done, of: total)
            }
        }
        progress.finish()
        if json {
            JSONOutput.print(outcomes.map(SanitizeJSON.init))
        } else {
            let rejected = outcomes.filter { !$0.isClean }.count
            let renamed = outcomes.filter { $0.nameTaken != nil }.count
            var summary = "\(outcomes.count - rejected) of \(outcomes.count) photos cleaned into \(outputDirectory)"
            if rejected > 0 { summary += "; \(rejected) rejected" }
            if renamed > 0 { summary += "; \(renamed) saved under a new name, because a file in the folder already had theirs (it was kept)" }
            Terminal.line("\(summary).")
        }
        if outcomes.contains(where: { $0.rejection == .notFound }) { throw ExitStatus.usage }
        if outcomes.contains(where: { !$0.isClean }) { throw ExitStatus.someRejected }
    }

    /// One line per input: cleaned ones on standard output, rejected ones on standard error.
    private static func printLine(_ outcome: SanitizeOutcome) {
        if let rejection = outcome.rejection {
            Terminal.error("✗ \(outcome.input): rejected: \(rejection.message)")
        } else {
            let removed = outcome.removed.isEmpty ? "no metadata found" : "removed " + outcome.removed.map(\.plainDescription).joined(separator: ", ")
            let renamed = outcome.nameTaken.map { "; \($0) was already in the folder and was kept" } ?? ""
            Terminal.line("✓ \(outcome.input) → \(outcome.output ?? "") (\(removed)\(renamed))")
        }
    }
}

/// `photogate sanitize --json`: one object per input.
struct SanitizeJSON: JSONRecord {
    var input: String
    var output: String?
    var status: String
    var reason: String?
    var code: String?
    var removed: [String]
    /// The name the output would have had, already used in the folder by a file that was kept.
    var name_taken: String?

    init(_ outcome: SanitizeOutcome) {
        input = outcome.input
        output = outcome.output
        status = outcome.isClean ? "clean" : "rejected"
        reason = outcome.rejection?.message
        code = outcome.rejection?.code
        removed = outcome.removed.map(\.rawValue)
        name_taken = outcome.nameTaken
    }
}
