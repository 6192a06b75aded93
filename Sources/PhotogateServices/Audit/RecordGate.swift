import PhotogateCore
import PhotogateStore

/// Refuses to go on from a home whose audit log, or the state it records, does not hold.
enum RecordGate {
    static func requireIntact(_ home: PhotogateHome) async throws {
        switch try await home.audit.verify() {
        case .intact:
            return
        case let .broken(_, reason):
            throw PhotogateError.integrity("the audit log does not hold (\(reason)); nothing is published until it is looked into", code: "audit.broken")
        case let .stateDiffers(first, _):
            throw PhotogateError.integrity("the database was edited behind the audit log's back (\(first)); nothing is published until it is looked into",
                                           code: "audit.state")
        case let .schemaAltered(first, _):
            throw PhotogateError.integrity("the database holds something Photogate did not make, which could change its records behind the audit log's "
                                           + "back (\(first)); nothing is published until it is looked into", code: "audit.schema")
        }
    }

    /// Refuses a decision (a check, a preview, preparing or approving a post) whose rows are
    /// not what the log last recorded of them: nothing is decided from state edited behind
    /// the log's back, even if it is put back before anyone verifies.
    static func requireRecorded(_ scope: StateScope, in home: PhotogateHome) async throws {
        if let problem = try await home.audit.unrecordedChange(in: scope) {
            throw PhotogateError.integrity("the database was edited behind the audit log's back (\(problem)); nothing is decided from it until it is looked into",
                                           code: "audit.state")
        }
    }
}
