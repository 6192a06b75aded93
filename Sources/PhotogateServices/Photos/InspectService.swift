import Foundation
import PhotogateCore
import PhotogateMedia

/// The privacy report of one input, or why it could not be read.
public struct InspectOutcome: Sendable {
    public var input: String
    public var report: PrivacyReport?
    public var rejection: InputRejection?
}

/// Reads privacy reports for a batch of photos, in input order.
public struct InspectService: Sendable {
    public var limits: DecodeLimits
    public var concurrency: Int

    public init(limits: DecodeLimits = .standard, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.limits = limits
        self.concurrency = concurrency
    }

    public func run(_ inputs: [PhotoInput]) async -> [InspectOutcome] {
        let limits = limits
        return await OrderedWork.map(inputs, width: concurrency) { _, input in
            await BlockingWork.run {
                do throws(InputRejection) {
                    return InspectOutcome(input: input.label, report: try PhotoInspector.inspect(try input.read().file, limits: limits), rejection: nil)
                } catch {
                    return InspectOutcome(input: input.label, report: nil, rejection: error)
                }
            }
        }
    }
}
