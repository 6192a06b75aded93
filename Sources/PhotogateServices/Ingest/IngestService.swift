import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore

/// Brings photos from an approved device into the vault.
///
/// Order matters, so that a crash or a `kill -9` at any moment loses nothing and a re-run
/// finishes the job: a photo is written to the vault (temporary file, fsync, rename) before
/// its row is committed; a source file is deleted only after its vault copy is verified by
/// hash and its row committed; the deletion is recorded after the file is confirmed gone.
public struct IngestService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser
    public var limits: DecodeLimits
    public var concurrency: Int

    public init(home: PhotogateHome, user: SignedInUser, limits: DecodeLimits = .standard,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.home = home
        self.user = user
        self.limits = limits
        self.concurrency = concurrency
    }

    public struct StoredFile: Sendable, Equatable {
        public var file: String
        public var sha256: String
    }

    public struct RejectedFile: Sendable, Equatable {
        public var file: String
        public var reason: String
    }

    public struct Summary: Sendable {
        public var batch: Int64
        public var device: Device
        public var accepted: [StoredFile] = []
        public var duplicates: [StoredFile] = []
        /// Every file the vault now holds, new or a duplicate, in the order they were sent.
        public var stored: [StoredFile] = []
        public var rejected: [RejectedFile] = []
        /// Source files Photogate deleted from the device, and those it could not.
        public var deleted: [String] = []
        public var notDeleted: [RejectedFile] = []
        /// When the photos must be gone from a personal device.
        public var deletionDeadline: Date?

        /// The holder still has to delete photos from the device and confirm it.
        public var deletionOwed: Bool {
            guard let deletionDeadline else { return false }
            return DeletionObligation(batchID: batch, deadline: deletionDeadline, fileCount: accepted.count + duplicates.count,
                                      deletedCount: deleted.count, confirmedAt: nil).completion == nil
        }
    }

    /// What happened to one file, as the serial part of the run sees it.
    public enum FileEvent: Sendable {
        case stored(StoredFile, duplicate: Bool)
        case rejected(RejectedFile)
    }

    /// What a worker found out about one file, before anything is committed.
    private enum Examined: Sendable {
        case photo(item: IngestItem, read: PhotoWithSidecars, sha256: String, report: PrivacyReport)
        case rejected(source: String, reason: String)
    }

    public func run(device deviceID: String, from source: any IngestSource, deleteFromDevice: Bool,
                    progress: @escaping (FileEvent, Int, Int) -> Void = { _, _, _ in }) async throws -> Summary {
        try user.require(.ingest)
        guard let device = try await home.devices.device(id: deviceID)?.device else {
            throw PhotogateError.notFound("there is no device \(deviceID)", code: "device.unknown")
        }
        if let problem = device.ingestProblem { throw PhotogateError.forbidden(problem, code: "device.not-usable") }
        guard !deleteFromDevice || source.canRemoveFromDevice else {
            throw PhotogateError.invalid("photos given this way cannot be deleted from the device by Photogate; its holder deletes them and confirms it",
                                         code: "ingest.cannot-delete")
        }
        let settings = try await home.settings.current()

        return try await home.withExclusiveLock {
            home.vault.sweepTemporaryFiles()
            try await reconcileInterruptedDeletions(device: device, source: source)

            let started = Date()
            let deadline = device.kind == .personal
                ? DeletionObligation.deadline(after: started, hours: settings.deletionDeadlineHours) : nil
            let batch = try await home.batches.start(Batch(deviceId: device.id, user: user.name, startedAt: started,
                                                           deleteFromDevice: deleteFromDevice, deletionDeadline: deadline),
                                                     from: device, sources: source.names)
            let batchID = batch.id!
            var summary = Summary(batch: batchID, device: device, deletionDeadline: deadline)

            let items = source.items
            let vault = home.vault, limits = limits
            // Committed in input order, one file at a time, as each is examined, so what the
            // record says matches what a re-run finds whatever moment a run was stopped at.
            await OrderedWork.run(items, width: concurrency, { _, item in
                await BlockingWork.run { Self.examine(item, device: device, vault: vault, limits: limits) }
            }, finished: { index, found in
                let event = await record(found, batchID: batchID, device: device, deleteFromDevice: deleteFromDevice, source: source, into: &summary)
                progress(event, index + 1, items.count)
            })

            let counts = [
                "device": device.id, "accepted": String(summary.accepted.count), "duplicates": String(summary.duplicates.count),
                "rejected": String(summary.rejected.count), "deleted_from_device": String(summary.deleted.count),
            ]
            try await reconcileInterruptedDeletions(device: device, source: source)
            try await home.batches.finish(batchID, counts: counts, by: user.name)
            return summary
        }
    }

    /// Reads, checks and stores one file in the vault; nothing is committed here.
    private static func examine(_ item: IngestItem, device: Device, vault: Vault, limits: DecodeLimits) -> Examined {
        do throws(InputRejection) {
            let read = try item.read()
            let report = try PhotoInspector.inspectAndDecode(read.file, limits: limits).cleanedText
            if let problem = CameraMatch.problem(photoMake: report.make, photoModel: report.model, photoSerial: report.serial, device: device) {
                return .rejected(source: item.source, reason: problem)
            }
            let sha256 = Digest.sha256(read.file.bytes)
            do {
                try vault.store(read.file.bytes, sha256: sha256)
            } catch {
                return .rejected(source: item.source, reason: "could not be copied into the vault (\(error))")
            }
            return .photo(item: item, read: read, sha256: sha256, report: report)
        } catch {
            return .rejected(source: item.source, reason: error.message)
        }
    }

    /// Commits one examined file, then deletes its source when asked.
    private func record(_ examined: Examined, batchID: Int64, device: Device, deleteFromDevice: Bool, source: any IngestSource,
                        into summary: inout Summary) async -> FileEvent {
        switch examined {
        case let .rejected(file, reason):
            do {
                try await home.batches.recordRejected(source: file, reason: reason, batch: batchID, by: user.name)
                summary.rejected.append(RejectedFile(file: file, reason: reason))
            } catch {
                summary.rejected.append(RejectedFile(file: file, reason: "\(reason); and it could not be recorded (\(error))"))
            }
            return .rejected(summary.rejected.last!)

        case let .photo(item, read, sha256, report):
            let stored = StoredFile(file: item.source, sha256: sha256)
            let photo = StoredPhoto(sha256: sha256, format: report.format, width: report.width, height: report.height,
                                    size: read.file.bytes.count, make: report.make, model: report.model, serial: report.serial,
                                    capturedAt: report.capturedAt, hadGPS: report.found.contains(.gps), firstBatchId: batchID, storedAt: Date())
            let sidecars = read.sidecars.map { sidecar in
                switch sidecar.content {
                case let .xmp(bytes): StoredSidecar(sha256: sha256, name: sidecar.name, xmp: Data(bytes), problem: nil, storedAt: Date())
                case let .unreadable(problem): StoredSidecar(sha256: sha256, name: sidecar.name, xmp: nil, problem: problem, storedAt: Date())
                }
            }
            let duplicate: Bool
            do {
                duplicate = try await home.batches.recordStored(photo, source: item.source, sidecars: sidecars, sidecarSources: read.sidecars.map(\.path),
                                                                batch: batchID, device: device.id, by: user.name)
            } catch {
                let rejected = RejectedFile(file: item.source, reason: "could not be recorded (\(error))")
                summary.rejected.append(rejected)
                return .rejected(rejected)
            }
            if duplicate { summary.duplicates.append(stored) } else { summary.accepted.append(stored) }
            summary.stored.append(stored)
            if deleteFromDevice {
                await removeFromDevice(item, read: read, stored: stored, batchID: batchID, device: device, source: source, into: &summary)
            }
            return .stored(stored, duplicate: duplicate)
        }
    }

    /// Deletes a source file whose copy is committed, once the copy is verified by hash and
    /// the source still holds the very file that was read; then records the deletion.
    private func removeFromDevice(_ item: IngestItem, read: PhotoWithSidecars, stored: StoredFile, batchID: Int64, device: Device,
                                  source: any IngestSource, into summary: inout Summary) async {
        guard home.vault.contains(stored.sha256) else {
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: "its vault copy did not verify, so it was kept"))
            return
        }
        if case let .kept(reason) = await BlockingWork.run({ source.removeFromDevice(item, read: read) }) {
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: reason))
            return
        }
        do {
            try await home.batches.recordDeletion(source: stored.file, sha256: stored.sha256, batch: batchID, device: device.id,
                                                  method: "deleted by Photogate after its vault copy was verified", by: user.name)
            summary.deleted.append(stored.file)
        } catch {
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: "was deleted, but the deletion could not be recorded (\(error)); run the ingest again to record it"))
        }
    }

    /// A run killed between deleting a source file and recording it leaves a committed copy,
    /// a missing source and no record. When the same device's files are given again (so the
    /// device is connected) and the source says the file is gone, the deletion is recorded
    /// now, saying how it was established.
    private func reconcileInterruptedDeletions(device: Device, source: any IngestSource) async throws {
        for file in try await home.batches.pendingDeletions(device: device.id) {
            guard source.isGone(file.sourcePath) == true, let sha256 = file.sha256, home.vault.contains(sha256) else { continue }
            try await home.batches.recordDeletion(source: file.sourcePath, sha256: sha256, batch: file.batchId, device: device.id,
                                                  method: "found gone from the device when its folder was ingested again after an interrupted run",
                                                  by: user.name)
        }
    }
}
