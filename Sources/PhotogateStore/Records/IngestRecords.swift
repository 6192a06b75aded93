import Foundation
import GRDB

/// A distinct photo in the vault, with what ingest learned about it.
public struct PhotoRecord: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "photo"

    public var sha256: String
    public var format: String
    public var width: Int
    public var height: Int
    public var size: Int
    public var make: String?
    public var model: String?
    public var serial: String?
    public var capturedAt: String?
    public var hadGPS: Bool
    public var firstBatchId: Int64
    public var storedAt: Date

    public init(sha256: String, format: String, width: Int, height: Int, size: Int, make: String?, model: String?,
                serial: String?, capturedAt: String?, hadGPS: Bool, firstBatchId: Int64, storedAt: Date) {
        self.sha256 = sha256
        self.format = format
        self.width = width
        self.height = height
        self.size = size
        self.make = make
        self.model = model
        self.serial = serial
        self.capturedAt = capturedAt
        self.hadGPS = hadGPS
        self.firstBatchId = firstBatchId
        self.storedAt = storedAt
    }
}

/// One run of `photogate ingest`: from which device, by whom, when; and, for a personal
/// device, the deletion obligation it opened.
public struct BatchRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "batch"

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

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One file seen by a batch and what became of it.
public struct BatchFileRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "batchFile"

    public enum Status: String, Sendable, Codable {
        case accepted, duplicate, rejected
    }

    public var id: Int64?
    public var batchId: Int64
    public var sourcePath: String
    public var sha256: String?
    public var status: String
    public var reason: String?
    public var deletedAt: Date?

    public init(batchId: Int64, sourcePath: String, sha256: String?, status: Status, reason: String?) {
        self.batchId = batchId
        self.sourcePath = sourcePath
        self.sha256 = sha256
        self.status = status.rawValue
        self.reason = reason
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
