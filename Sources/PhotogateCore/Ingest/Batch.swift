import Foundation

/// One ingest from a device: from which device, by whom, when; and, for a personal device,
/// the deletion obligation it opened.
public struct Batch: Sendable, Equatable, Codable {
    public var id: Int64?
    public var deviceId: String
    public var user: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var deleteFromDevice: Bool
    public var deletionDeadline: Date?
    public var deletionConfirmedAt: Date?
    public var deletionConfirmedBy: String?
    public var deletionMethod: String?

    public init(deviceId: String, user: String, startedAt: Date, deleteFromDevice: Bool, deletionDeadline: Date?) {
        self.deviceId = deviceId
        self.user = user
        self.startedAt = startedAt
        self.deleteFromDevice = deleteFromDevice
        self.deletionDeadline = deletionDeadline
    }
}

/// One file a batch saw, and what became of it.
public struct BatchFile: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case accepted, duplicate, rejected
    }

    public var id: Int64?
    public var batchId: Int64
    /// Where the file was, as the front end named it (for a folder, its full path).
    public var sourcePath: String
    public var sha256: String?
    public var status: Status
    public var reason: String?
    public var deletedAt: Date?

    public init(batchId: Int64, sourcePath: String, sha256: String?, status: Status, reason: String?) {
        self.batchId = batchId
        self.sourcePath = sourcePath
        self.sha256 = sha256
        self.status = status
        self.reason = reason
    }
}
