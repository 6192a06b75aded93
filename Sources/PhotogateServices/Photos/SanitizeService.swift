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

    /// - Parameter progress: called as each photo finishes, with how many are done of how many.
    public func run(
        _ arguments: [String], into outputDirectory: String,
        progress: (SanitizeOutcome, Int, Int) -> Void = { _, _, _ in }
    ) async throws -> [SanitizeOutcome] {
        let folder = try OutputFolder(creating: outputDirectory)
        let items = InputCollector().collect(arguments)
        let photos = items.compactMap { item -> String? in
            if case let .photo(path) = item { return path }
            return nil
        }
        let names = Dictionary(zip(photos, folder.names(for: photos.map(SafeFile.resolvedPath))), uniquingKeysWith: { first, _ in first })
        let staging = try staging(in: folder)
        let sanitizer = Sanitizer(options: options, temporaryFolder: staging)

        var done = 0
        defer { try? FileManager.default.removeItem(atPath: staging) }
        return await OrderedWork.map(items, width: concurrency, { item -> SanitizeOutcome in
            switch item {
            case let .refused(path, rejection):
                return SanitizeOutcome(input: path, output: nil, rejection: rejection, removed: [])
            case let .photo(path):
                let name = names[path]!
                do throws(InputRejection) {
                    let photo = try PhotoFile.read(path, limits: options.limits)
                    let result = try sanitizer.sanitize(photo, to: folder.file(name))
                    return SanitizeOutcome(input: path, output: folder.shownFile(name), rejection: nil, removed: result.report.removable)
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
    private func staging(in folder: OutputFolder) throws -> String {
        let staging = folder.file(".photogate-partial")
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return staging
    }
}
