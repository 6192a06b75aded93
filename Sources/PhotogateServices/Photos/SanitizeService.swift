import Foundation
import PhotogateCore
import PhotogateMedia

/// The outcome for one input of sanitizing.
public struct SanitizeOutcome: Sendable {
    public var input: String
    /// Where the clean copy went, as the front end shows it.
    public var output: String?
    public var rejection: InputRejection?
    /// What the input carried and the output does not.
    public var removed: [MetadataKind]
    /// The name the output would have had, already used where it went (that was kept).
    public var nameTaken: String?

    public var isClean: Bool { rejection == nil }
}

/// Cleans a batch of photos: every input gets exactly one outcome, and a bad file never
/// stops the batch. Each clean copy goes to the sink the front end gives (a folder).
public struct SanitizeService: Sendable {
    public var options: SanitizeOptions
    public var concurrency: Int

    public init(options: SanitizeOptions = SanitizeOptions(), concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.options = options
        self.concurrency = concurrency
    }

    /// - Parameter progress: called as each photo finishes, with how many are done of how many.
    public func run(_ inputs: [PhotoInput], into sink: any PhotoSink,
                    progress: (SanitizeOutcome, Int, Int) -> Void = { _, _, _ in }) async -> [SanitizeOutcome] {
        let sanitizer = Sanitizer(options: options)
        var done = 0
        return await OrderedWork.map(inputs, width: concurrency, { index, input in
            await BlockingWork.run {
                do throws(InputRejection) {
                    let result = try sanitizer.sanitize(try input.read().file)
                    let kept: KeptPhoto
                    do {
                        kept = try sink.keep(result.jpeg, forInput: index)
                    } catch {
                        throw InputRejection.writeFailed("\(error)")
                    }
                    return SanitizeOutcome(input: input.label, output: kept.shown, rejection: nil, removed: result.report.removable, nameTaken: kept.nameTaken)
                } catch {
                    return SanitizeOutcome(input: input.label, output: nil, rejection: error, removed: [])
                }
            }
        }, finished: { _, outcome in
            done += 1
            progress(outcome, done, inputs.count)
        })
    }
}
