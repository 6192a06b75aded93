import Foundation
import GRDB
import PhotogateCore
import PhotogateStore

/// Deletion from personal devices: confirming it, and the auditor's report of every batch.
public struct DeletionService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// One batch from a personal device, as the auditor reads it.
    public struct Row: Sendable, Equatable {
        public var batch: Int64
        public var device: String
        public var holder: String?
        public var files: Int
        public var deletedByPhotogate: Int
        public var ingestedAt: Date
        public var ingestedBy: String
        public var deadline: Date
        /// When deletion was complete: the last file Photogate deleted, or the confirmation.
        public var doneAt: Date?
        public var doneBy: String?
        public var method: String?
        public var status: DeletionObligation.Status
    }

    /// The holder of the device (or an admin) attests that the batch's photos are gone.
    public func confirm(batch batchID: Int64, method: String?, now: Date = Date()) throws -> Row {
        try home.database.write { db in
            guard var batch = try BatchRecord.fetchOne(db, key: batchID) else {
                throw PhotogateError.invalid("there is no batch \(batchID)")
            }
            guard let device = try DeviceRecord.find(batch.deviceId, in: db), device.kind == Device.Kind.personal.rawValue else {
                throw PhotogateError.invalid("batch \(batchID) came from a trust device; nothing has to be deleted")
            }
            let isHolder = device.holder.map { Identifier.same($0, user.name) } ?? false
            if !isHolder {
                do {
                    try user.require(.confirmDeletion)
                } catch {
                    throw PhotogateError.forbidden("\(user.name) may not confirm deletions for device \(device.id) (only its holder, \(device.holder ?? "nobody"), or an admin)")
                }
            }
            if let row = try report(db, batch: batchID, now: now).first, row.status == .done {
                throw PhotogateError.invalid("the photos of batch \(batchID) are already recorded as deleted (\(row.method ?? "done"))")
            }
            let how = try OutsideText.typed(method, field: "how they were deleted")?.nilIfEmpty
                ?? "deleted from the device by its holder"
            batch.deletionConfirmedAt = now
            batch.deletionConfirmedBy = user.name
            batch.deletionMethod = how
            try batch.update(db)
            try AuditLog.append(db, actor: user.name, action: "deletion.confirmed", subject: "batch \(batchID)",
                                details: ["device": device.id, "holder": device.holder ?? "", "method": how], at: now)
            guard let row = try report(db, batch: batchID, now: now).first else {
                throw PhotogateError.integrity("batch \(batchID) has no deletion record after it was confirmed")
            }
            return row
        }
    }

    /// Every batch from a personal device with its deletion status.
    public func report(overdueOnly: Bool = false, now: Date = Date()) throws -> [Row] {
        try user.require(.viewDeletions)
        let rows = try home.database.read { try report($0, now: now) }
        return overdueOnly ? rows.filter { $0.status == .overdue } : rows
    }

    /// Every batch with a deletion deadline, or just one, including batches that stored nothing.
    private func report(_ db: Database, batch: Int64? = nil, now: Date) throws -> [Row] {
        let sql = """
            SELECT batch.*, device.holder AS holder,
                   COUNT(batchFile.id) AS files,
                   COUNT(batchFile.deletedAt) AS deleted,
                   MAX(batchFile.deletedAt) AS lastDeleted
            FROM batch
            JOIN device ON device.id = batch.deviceId
            LEFT JOIN batchFile ON batchFile.batchId = batch.id AND batchFile.status IN ('accepted', 'duplicate')
            WHERE batch.deletionDeadline IS NOT NULL AND (? IS NULL OR batch.id = ?)
            GROUP BY batch.id
            ORDER BY batch.id
            """
        return try GRDB.Row.fetchAll(db, sql: sql, arguments: [batch, batch]).map { row in
            let batch = try BatchRecord(row: row)
            let obligation = DeletionObligation(batchID: batch.id!, deadline: batch.deletionDeadline!, fileCount: row["files"],
                                                deletedCount: row["deleted"], confirmedAt: batch.deletionConfirmedAt)
            var result = DeletionService.Row(
                batch: batch.id!, device: batch.deviceId, holder: row["holder"], files: obligation.fileCount,
                deletedByPhotogate: obligation.deletedCount, ingestedAt: batch.startedAt, ingestedBy: batch.user,
                deadline: obligation.deadline, status: obligation.status(at: now)
            )
            switch obligation.completion {
            case .confirmed:
                (result.doneAt, result.doneBy, result.method) = (batch.deletionConfirmedAt, batch.deletionConfirmedBy, batch.deletionMethod)
            case .deletedByPhotogate:
                (result.doneAt, result.doneBy, result.method) = (row["lastDeleted"], batch.user, "deleted by Photogate after its vault copy was verified")
            case .nothingStored:
                (result.doneAt, result.doneBy, result.method) = (batch.startedAt, batch.user, "nothing from this batch was stored")
            case nil:
                break
            }
            return result
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
