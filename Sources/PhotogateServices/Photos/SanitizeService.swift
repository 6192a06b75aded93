import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia

/// The outcome for one input of `photogate sanitize`.
public struct SanitizeOutcome: Sendable {
    public var input: String
    public var output: String?
    public var rejection: InputRejection?
    /// What the input carried and the output does not.
    public var removed: [MetadataKind]

    public var isClean: Bool { rejection == nil }
}

/// Cleans a batch of photos into one folder: every input gets exactly one outcome, a bad
/// file never stops the batch, and no output path can leave the folder or replace an input.
public struct SanitizeService: Sendable {
    public var options: SanitizeOptions
    public var concurrency: Int

    public init(options: SanitizeOptions = SanitizeOptions(), concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.options = options
        self.concurrency = concurrency
    }

    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameter progress: called as each photo finishes, with how many are done of how many.
    public func run(
        _ arguments: [String], into outputDirectory: String,
        progress: (SanitizeOutcome, Int, Int) -> Void = { _, _, _ in }
    ) async throws -> [SanitizeOutcome] {
        let folder = try prepare(outputDirectory)
        let items = InputCollector().collect(arguments)
        let photos = items.compactMap { item -> String? in
            if case let .photo(path) = item { return path }
            return nil
        }
        let resolved = Dictionary(photos.map { ($0, SafeFile.resolvedPath($0)) }, uniquingKeysWith: { first, _ in first })
        let names = OutputNaming.assign(inputs: Array(resolved.values), outputDirectory: folder)
        let sanitizer = Sanitizer(options: options, temporaryFolder: try staging(in: folder))

        var done = 0
        defer { try? FileManager.default.removeItem(atPath: folder + "/.photogate-partial") }
        return await OrderedWork.map(items, width: concurrency, { item -> SanitizeOutcome in
            switch item {
            case let .refused(path, rejection):
                return SanitizeOutcome(input: path, output: nil, rejection: rejection, removed: [])
            case let .photo(path):
                let name = names[resolved[path]!]!
                do throws(InputRejection) {
                    let photo = try PhotoFile.read(path, limits: options.limits)
                    let result = try sanitizer.sanitize(photo, to: folder + "/" + name)
                    // Reported as the user wrote the folder; written to its resolved path.
                    let shown = (outputDirectory.hasSuffix("/") ? outputDirectory : outputDirectory + "/") + name
                    return SanitizeOutcome(input: path, output: shown, rejection: nil, removed: result.report.removable)
                } catch {
                    return SanitizeOutcome(input: path, output: nil, rejection: error, removed: [])
                }
            }
        }, finished: { _, outcome in
            done += 1
            progress(outcome, done, items.count)
        })
    }

    /// The folder beside the outputs where they are written before taking their names. What a
    /// killed run left there is removed first.
    private func staging(in folder: String) throws -> String {
        let staging = folder + "/.photogate-partial"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return staging
    }

    /// Creates the output folder when missing and returns its resolved path.
    private func prepare(_ outputDirectory: String) throws -> String {
        switch SafeFile.entry(at: outputDirectory) {
        case .directory:
            break
        case .missing:
            do {
                try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            } catch {
                throw SetupError(description: "cannot create the output folder \(outputDirectory)")
            }
        case .symbolicLink, .regularFile, .other:
            throw SetupError(description: "the output folder \(outputDirectory) is not a folder")
        }
        return URL(fileURLWithPath: outputDirectory).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
