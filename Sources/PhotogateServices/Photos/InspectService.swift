import Foundation
import PhotogateCore
import PhotogateMedia

/// The privacy report of one input of `photogate inspect`, or why it could not be read.
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

    public func run(_ arguments: [String]) async -> [InspectOutcome] {
        let limits = limits
        return await OrderedWork.map(InputCollector().collect(arguments), width: concurrency) { item in
            switch item {
            case let .refused(path, rejection):
                return InspectOutcome(input: path, report: nil, rejection: rejection)
            case let .photo(path):
                do throws(InputRejection) {
                    let photo = try PhotoFile.read(path, limits: limits)
                    return InspectOutcome(input: path, report: try PhotoInspector.inspect(photo, limits: limits), rejection: nil)
                } catch {
                    return InspectOutcome(input: path, report: nil, rejection: error)
                }
            }
        }
    }
}
