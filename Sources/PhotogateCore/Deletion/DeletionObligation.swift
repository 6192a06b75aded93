import Foundation

/// The duty to delete photos from a personal device once they are safely on a trust device
/// (Oak Trees: "deleted immediately from the device, once uploaded"). One per ingest batch
/// from a personal device, with a deadline.
public struct DeletionObligation: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case open
        case overdue
        case done
    }

    public var batchID: Int64
    public var deadline: Date
    /// Photos stored from the batch (accepted or already in the vault).
    public var fileCount: Int
    /// Photos Photogate deleted from the device itself.
    public var deletedCount: Int
    /// When the holder or an admin confirmed the deletion.
    public var confirmedAt: Date?

    public init(batchID: Int64, deadline: Date, fileCount: Int, deletedCount: Int, confirmedAt: Date?) {
        self.batchID = batchID
        self.deadline = deadline
        self.fileCount = fileCount
        self.deletedCount = deletedCount
        self.confirmedAt = confirmedAt
    }

    /// How the duty was met.
    public enum Completion: Sendable, Equatable {
        /// The holder or an admin confirmed the photos are gone.
        case confirmed
        /// Photogate deleted every stored photo from the device itself.
        case deletedByPhotogate
        /// No photo of the batch was stored, so none had to be deleted.
        case nothingStored
    }

    /// How the duty was met, or nil while it is still owed.
    public var completion: Completion? {
        if confirmedAt != nil { return .confirmed }
        if fileCount == 0 { return .nothingStored }
        return deletedCount >= fileCount ? .deletedByPhotogate : nil
    }

    public func status(at now: Date) -> Status {
        if completion != nil { return .done }
        return now > deadline ? .overdue : .open
    }

    /// The deadline for a batch ingested at `time`, given the configured number of hours.
    public static func deadline(after time: Date, hours: Int) -> Date {
        time.addingTimeInterval(TimeInterval(hours) * 3600)
    }
}
