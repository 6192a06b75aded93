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
        public var status: DeletionObligation.Status
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

    /// Every batch from a personal device with its deletion status.
    public func report(overdueOnly: Bool = false, now: Date = Date()) async throws -> [Row] {
        try user.require(.viewDeletions)
        let rows = try await rows(batch: nil, now: now)
        return overdueOnly ? rows.filter { $0.status == .overdue } : rows
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
            case .deletedByPhotogate:
                (row.doneAt, row.doneBy, row.method) = (tally.lastDeletedAt, batch.user, "deleted by Photogate after its vault copy was verified")
            case .nothingStored:
                (row.doneAt, row.doneBy, row.method) = (batch.startedAt, batch.user, "nothing from this batch was stored")
            case nil:
                break
            }
            return row
        }
    }
}
