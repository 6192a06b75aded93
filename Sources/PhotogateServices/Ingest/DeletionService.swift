import Foundation
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
        /// How the deletion is known: attested by a person, or done by Photogate itself.
        public var verification: String?
        public var status: DeletionObligation.Status

        /// Done, but after its deadline.
        public var wasLate: Bool { doneAt.map { $0 > deadline } ?? false }
    }

    /// Which rows of the register to show: each field set narrows it.
    public struct Filter: Sendable, Equatable {
        public var holder: String?
        public var device: String?
        public var status: DeletionObligation.Status?
        /// Ingested on or after this moment, and before `ingestedBefore`.
        public var ingestedFrom: Date?
        public var ingestedBefore: Date?

        public init(holder: String? = nil, device: String? = nil, status: DeletionObligation.Status? = nil,
                    ingestedFrom: Date? = nil, ingestedBefore: Date? = nil) {
            self.holder = holder
            self.device = device
            self.status = status
            self.ingestedFrom = ingestedFrom
            self.ingestedBefore = ingestedBefore
        }

        public func matches(_ row: Row) -> Bool {
            if let holder, !(row.holder.map { Identifier.same($0, holder) } ?? false) { return false }
            if let device, !Identifier.same(row.device, device) { return false }
            if let status, row.status != status { return false }
            if let ingestedFrom, row.ingestedAt < ingestedFrom { return false }
            if let ingestedBefore, row.ingestedAt >= ingestedBefore { return false }
            return true
        }
    }

    /// The holder of the device (or an admin) attests that the batch's photos are gone.
    public func confirm(batch batchID: Int64, method: String?, now: Date = Date()) async throws -> Row {
        try user.requireActive()
        guard let batch = try await home.batches.batch(id: batchID) else {
            throw PhotogateError.notFound("there is no batch \(batchID)", code: "batch.unknown")
        }
        guard let device = try await home.devices.device(id: batch.deviceId), device.kind == .personal else {
            throw PhotogateError.invalid("batch \(batchID) came from a trust device; nothing has to be deleted", code: "batch.trust-device")
        }
        let isHolder = device.holder.map { Identifier.same($0, user.name) } ?? false
        if !isHolder, !user.may(.confirmDeletion) {
            throw PhotogateError.forbidden("\(user.name) may not confirm deletions for device \(device.id) (only its holder, \(device.holder ?? "nobody"), or an admin)")
        }
        if let row = try await rows(batch: batchID, now: now).first, row.status == .done {
            throw PhotogateError.conflict("the photos of batch \(batchID) are already recorded as deleted (\(row.method ?? "done"))", code: "deletion.done")
        }
        let how = try OutsideText.typed(method, field: "how they were deleted").flatMap { $0.isEmpty ? nil : $0 }
            ?? "deleted from the device by its holder"
        _ = try await home.batches.confirmDeletion(of: batchID, method: how, device: device, by: user.name, at: now)
        guard let row = try await rows(batch: batchID, now: now).first else {
            throw PhotogateError.integrity("batch \(batchID) has no deletion record after it was confirmed")
        }
        return row
    }

    /// Every batch from a personal device with its deletion status, or those `filter` keeps.
    public func report(_ filter: Filter = Filter(), now: Date = Date()) async throws -> [Row] {
        try user.require(.viewDeletions)
        return try await rows(batch: nil, now: now).filter(filter.matches)
    }

    /// The batches from devices this person holds whose photos they still have to delete and
    /// confirm: a holder's duty, whatever their roles.
    public func waitingForMe(now: Date = Date()) async throws -> [Row] {
        try user.requireActive()
        return try await rows(batch: nil, now: now).filter { row in
            row.status != .done && (row.holder.map { Identifier.same($0, user.name) } ?? false)
        }
    }

    /// The register as a spreadsheet, one row per batch, in the fields of a media sanitisation
    /// record (NIST SP 800-88): what was held where and by whom, how and when it was deleted,
    /// who did it and how that is known. Cells are neutralised so no spreadsheet runs them.
    public static func csv(_ rows: [Row]) throws -> [UInt8] {
        let time = { (date: Date?) in date.map { $0.formatted(.iso8601) } ?? "" }
        return try SpreadsheetText.csv(
            header: ["batch", "device", "holder", "photos", "ingested_at", "ingested_by", "deadline", "status", "late",
                     "sanitized_by", "method", "sanitized_at", "verification"],
            rows: rows.map { row in
                [String(row.batch), row.device, row.holder ?? "", String(row.files), time(row.ingestedAt), row.ingestedBy, time(row.deadline),
                 row.status.rawValue, row.wasLate ? "yes" : "no", row.doneBy ?? "", row.method ?? "", time(row.doneAt), row.verification ?? ""]
            })
    }

    /// Every batch with a deletion deadline, or just one, including batches that stored nothing.
    private func rows(batch: Int64?, now: Date) async throws -> [Row] {
        try await home.batches.deletionTallies(batch: batch).map { tally in
            let batch = tally.batch
            let obligation = DeletionObligation(batchID: batch.id!, deadline: batch.deletionDeadline!, fileCount: tally.storedFiles,
                                                deletedCount: tally.deletedFiles, confirmedAt: batch.deletionConfirmedAt)
            var row = Row(batch: batch.id!, device: batch.deviceId, holder: tally.holder, files: obligation.fileCount,
                          deletedByPhotogate: obligation.deletedCount, ingestedAt: batch.startedAt, ingestedBy: batch.user,
                          deadline: obligation.deadline, status: obligation.status(at: now))
            switch obligation.completion {
            case .confirmed:
                (row.doneAt, row.doneBy, row.method) = (batch.deletionConfirmedAt, batch.deletionConfirmedBy, batch.deletionMethod)
                row.verification = "attested by \(batch.deletionConfirmedBy ?? "its holder") in Photogate"
            case .deletedByPhotogate:
                (row.doneAt, row.doneBy, row.method) = (tally.lastDeletedAt, batch.user, "deleted by Photogate after its vault copy was verified")
                row.verification = "each file's deletion recorded by Photogate"
            case .nothingStored:
                (row.doneAt, row.doneBy, row.method) = (batch.startedAt, batch.user, "nothing from this batch was stored")
                row.verification = "nothing was stored"
            case nil:
                break
            }
            return row
        }
    }
}
