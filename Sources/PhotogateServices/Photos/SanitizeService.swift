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
    /// The name the output would have had, already used in the folder (it was kept).
    public var nameTaken: String?

    public var isClean: Bool { rejection == nil }
}

/// Cleans a batch of photos into one folder: every input gets exactly one outcome, a bad
/// file never stops the batch, and no output path can leave the folder or replace anything
/// in it (an input, an earlier run's output); a name already used gets the next free one.
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
        let photos = items.indices.compactMap { index -> (index: Int, place: String)? in
            if case let .photo(path) = items[index] { return (index, SafeFile.resolvedPath(path)) }
            return nil
        }
        var names = [OutputName?](repeating: nil, count: items.count)
        for (photo, name) in zip(photos, folder.names(for: photos.map(\.place))) { names[photo.index] = name }
        let work = items.indices.map { (index: $0, item: items[$0], name: names[$0]) }
        let sanitizer = Sanitizer(options: options)

        return try await folder.staging { staging in
            var done = 0
            return await OrderedWork.map(work, width: concurrency, { work -> SanitizeOutcome in
                switch work.item {
                case let .refused(path, rejection):
                    return SanitizeOutcome(input: path, output: nil, rejection: rejection, removed: [])
                case let .photo(path):
                    let staged = "\(staging)/\(work.index).jpg"
                    do throws(InputRejection) {
                        let photo = try PhotoFile.read(path, limits: options.limits)
                        let result = try sanitizer.sanitize(photo, to: staged)
                        let placed: OutputName
                        do {
                            placed = try folder.place(staged, as: work.name!)
                        } catch {
                            throw InputRejection.writeFailed("\(error)")
                        }
                        return SanitizeOutcome(input: path, output: folder.shownFile(placed.fileName), rejection: nil,
                                               removed: result.report.removable, nameTaken: placed.alreadyTaken)
                    } catch {
                        return SanitizeOutcome(input: path, output: nil, rejection: error, removed: [])
                    }
                }
            }, finished: { _, outcome in
                done += 1
                progress(outcome, done, items.count)
            })
        }
    }
}
