import Foundation
import GRDB
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
        case photo(path: String, sha256: String, report: PrivacyReport, identity: SafeFile.Identity?, sidecars: [Sidecar])
        case rejected(path: String, reason: String)
    }

    public func run(device deviceID: String, paths: [String], deleteFromDevice: Bool,
                    progress: (FileEvent, Int, Int) -> Void = { _, _, _ in }) async throws -> Summary {
        try user.require(.ingest)
        let (device, settings) = try await home.database.read { db -> (Device, Settings) in
            guard let record = try DeviceRecord.find(deviceID, in: db) else {
                throw PhotogateError.notFound("there is no device \(deviceID)", code: "device.unknown")
            }
            return (record.device, try Settings.load(db))
        }
        if let problem = device.ingestProblem { throw PhotogateError.forbidden(problem) }

        return try await home.withExclusiveLock {
            home.vault.sweepTemporaryFiles()
            let roots = paths.map(SafeFile.resolvedPath)
            try reconcileInterruptedDeletions(device: device, roots: roots)

            let started = Date()
            let deadline = device.kind == .personal
                ? DeletionObligation.deadline(after: started, hours: settings.deletionDeadlineHours) : nil
            let batchID = try await home.database.write { db -> Int64 in
                var batch = BatchRecord(deviceId: device.id, user: user.name, startedAt: started,
                                        deleteFromDevice: deleteFromDevice, deletionDeadline: deadline)
                try batch.insert(db)
                try AuditLog.append(db, actor: user.name, action: "ingest.started", subject: "batch \(batch.id!)", details: [
                    "device": device.id, "device_kind": device.kind.rawValue, "holder": device.holder ?? "",
                    "delete_from_device": String(deleteFromDevice), "paths": roots.joined(separator: "\n"),
                ], at: started)
                return batch.id!
            }
            var summary = Summary(batch: batchID, device: device, deletionDeadline: deadline)

            let items = InputCollector().collect(paths)
            let vault = home.vault, limits = limits
            var done = 0
            _ = await OrderedWork.map(items, width: concurrency, { item in
                Self.examine(item, device: device, vault: vault, limits: limits)
            }, finished: { _, examined in
                done += 1
                let event = record(examined, batchID: batchID, device: device, deleteFromDevice: deleteFromDevice, into: &summary)
                progress(event, done, items.count)
            })

            let counts = [
                "device": device.id, "accepted": String(summary.accepted.count), "duplicates": String(summary.duplicates.count),
                "rejected": String(summary.rejected.count), "deleted_from_device": String(summary.deleted.count),
            ]
            try reconcileInterruptedDeletions(device: device, roots: roots)
            try await home.database.write { db in
                try db.execute(sql: "UPDATE batch SET finishedAt = ? WHERE id = ?", arguments: [Date(), batchID])
                try AuditLog.append(db, actor: user.name, action: "ingest.finished", subject: "batch \(batchID)", details: counts)
            }
            return summary
        }
    }

    /// Reads, checks and stores one file in the vault; nothing is committed here.
    private static func examine(_ item: InputCollector.Item, device: Device, vault: Vault, limits: DecodeLimits) -> Examined {
        switch item {
        case let .refused(path, rejection):
            return .rejected(path: SafeFile.resolvedPath(path), reason: rejection.message)
        case let .photo(given):
            let path = SafeFile.resolvedPath(given)
            do throws(InputRejection) {
                let photo = try PhotoFile.read(path, limits: limits)
                let report = try PhotoInspector.inspectAndDecode(photo, limits: limits).cleanedText
                if let problem = CameraMatch.problem(photoMake: report.make, photoModel: report.model, photoSerial: report.serial, device: device) {
                    return .rejected(path: path, reason: problem)
                }
                let sha256 = Digest.sha256(photo.bytes)
                do {
                    try vault.store(photo.bytes, sha256: sha256)
                } catch {
                    return .rejected(path: path, reason: "could not be copied into the vault (\(error))")
                }
                return .photo(path: path, sha256: sha256, report: report, identity: photo.identity, sidecars: Sidecar.beside(path))
            } catch {
                return .rejected(path: path, reason: error.message)
            }
        }
    }

    /// Commits one examined file, in input order, then deletes its source when asked.
    private func record(_ examined: Examined, batchID: Int64, device: Device, deleteFromDevice: Bool,
                        into summary: inout Summary) -> FileEvent {
        switch examined {
        case let .rejected(path, reason):
            let rejected = RejectedFile(file: path, reason: reason)
            do {
                try home.database.write { db in
                    var row = BatchFileRecord(batchId: batchID, sourcePath: path, sha256: nil, status: .rejected, reason: reason)
                    try row.insert(db)
                }
            } catch {
                summary.rejected.append(RejectedFile(file: path, reason: "\(reason); and it could not be recorded (\(error))"))
                return .rejected(rejected)
            }
            summary.rejected.append(rejected)
            return .rejected(rejected)

        case let .photo(path, sha256, report, identity, sidecars):
            let stored = StoredFile(file: path, sha256: sha256)
            let duplicate: Bool
            do {
                duplicate = try home.database.write { db -> Bool in
                    let exists = try PhotoRecord.exists(db, key: sha256)
                    if !exists {
                        try PhotoRecord(sha256: sha256, format: report.format.rawValue, width: report.width, height: report.height,
                                        size: Int(identity?.size ?? 0), make: report.make, model: report.model, serial: report.serial,
                                        capturedAt: report.capturedAt, hadGPS: report.found.contains(.gps),
                                        firstBatchId: batchID, storedAt: Date()).insert(db)
                    }
                    var row = BatchFileRecord(batchId: batchID, sourcePath: path, sha256: sha256,
                                              status: exists ? .duplicate : .accepted, reason: nil)
                    try row.insert(db)
                    var details = ["batch": String(batchID), "device": device.id, "source": path]
                    if !sidecars.isEmpty {
                        // The sidecars' tags say who is in the photo: kept with it, newest wins.
                        // One that cannot be read is kept too, with why: the photo stays "who
                        // is in it is unknown" whenever it is checked.
                        try SidecarRecord.replace(for: sha256, with: sidecars.map { sidecar in
                            switch sidecar.content {
                            case let .xmp(bytes): SidecarRecord(sha256: sha256, name: sidecar.name, xmp: Data(bytes), problem: nil, storedAt: Date())
                            case let .unreadable(problem): SidecarRecord(sha256: sha256, name: sidecar.name, xmp: nil, problem: problem, storedAt: Date())
                            }
                        }, in: db)
                        details["sidecar"] = sidecars.map(\.path).joined(separator: "\n")
                    }
                    try AuditLog.append(db, actor: user.name, action: exists ? "photo.duplicate" : "photo.stored", subject: sha256,
                                        details: details)
                    return exists
                }
            } catch {
                let rejected = RejectedFile(file: path, reason: "could not be recorded (\(error))")
                summary.rejected.append(rejected)
                return .rejected(rejected)
            }
            if duplicate { summary.duplicates.append(stored) } else { summary.accepted.append(stored) }
            if deleteFromDevice {
                deleteSource(stored, identity: identity, sidecars: sidecars, batchID: batchID, device: device, into: &summary)
            }
            return .stored(stored, duplicate: duplicate)
        }
    }

    /// Deletes a source file whose copy is committed, once the copy is verified by hash and
    /// the path still names the very file that was read; checks it is gone, then records the
    /// deletion.
    private func deleteSource(_ stored: StoredFile, identity: SafeFile.Identity?, sidecars: [Sidecar],
                              batchID: Int64, device: Device, into summary: inout Summary) {
        guard home.vault.contains(stored.sha256) else {
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: "its vault copy did not verify, so it was kept"))
            return
        }
        guard let identity, SafeFile.identity(at: stored.file) == identity else {
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: "changed or was replaced after it was copied, so it was kept"))
            return
        }
        if unlink(stored.file) != 0 {
            let reason = FileSystemError.fromErrno(stored.file).detail
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: "could not be deleted from the device (\(reason))"))
            return
        }
        guard SafeFile.entry(at: stored.file) == .missing else {
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: "is still on the device after deleting it"))
            return
        }
        // Its sidecars name the people in it, so they go too, unless another photo shares one
        // (IMG_1.xmp beside both IMG_1.JPG and IMG_1.HEIC). Only files that were read go.
        for sidecar in sidecars {
            guard case .xmp = sidecar.content, SafeFile.identity(at: sidecar.path) != nil,
                  !Self.sidecarIsShared(sidecar.path, with: stored.file) else { continue }
            unlink(sidecar.path)
        }
        AtomicFile.syncFolder((stored.file as NSString).deletingLastPathComponent)
        do {
            try recordDeletion(sourcePath: stored.file, sha256: stored.sha256, batchID: batchID, device: device,
                               method: "deleted by Photogate after its vault copy was verified")
            summary.deleted.append(stored.file)
        } catch {
            summary.notDeleted.append(RejectedFile(file: stored.file, reason: "was deleted, but the deletion could not be recorded (\(error)); run the ingest again to record it"))
        }
    }

    /// True when another photo in the folder has the sidecar's stem (`IMG_1.xmp` and both
    /// `IMG_1.JPG` and `IMG_1.HEIC`). Names are told apart by their bytes, as the disk does.
    static func sidecarIsShared(_ sidecar: String, with photo: String) -> Bool {
        let folder = (sidecar as NSString).deletingLastPathComponent
        let stem = ExactPath(((sidecar as NSString).lastPathComponent as NSString).deletingPathExtension)
        let photoName = ExactPath((photo as NSString).lastPathComponent)
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { name in
            ExactPath(name) != photoName && !name.lowercased().hasSuffix(".xmp")
                && (ExactPath((name as NSString).deletingPathExtension) == stem || ExactPath(name) == stem)
        }
        return !others.isEmpty
    }

    /// Records that the file at `sourcePath` with this content is gone from the device, for
    /// this batch and for any earlier batch of the same device still waiting for it (an
    /// interrupted run leaves such rows).
    private func recordDeletion(sourcePath: String, sha256: String, batchID: Int64, device: Device, method: String) throws {
        try home.database.write { db in
            let now = Date()
            let batches = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT batchId FROM batchFile
                WHERE sourcePath = ? AND sha256 = ? AND deletedAt IS NULL
                  AND batchId IN (SELECT id FROM batch WHERE deviceId = ?)
                ORDER BY batchId
                """, arguments: [sourcePath, sha256, device.id])
            try db.execute(sql: """
                UPDATE batchFile SET deletedAt = ?
                WHERE sourcePath = ? AND sha256 = ? AND deletedAt IS NULL AND batchId IN (SELECT id FROM batch WHERE deviceId = ?)
                """, arguments: [now, sourcePath, sha256, device.id])
            try AuditLog.append(db, actor: user.name, action: "photo.deleted-from-device", subject: sha256, details: [
                "batch": (batches.isEmpty ? [batchID] : batches).map(String.init).joined(separator: ","),
                "device": device.id, "source": sourcePath, "method": method,
            ], at: now)
        }
    }

    /// A run killed between deleting a source file and recording it leaves a committed copy,
    /// a missing source and no record. When the same device's folder is ingested again (the
    /// folder is there, so the device is connected) and the file is gone, the deletion is
    /// recorded now, saying how it was established.
    private func reconcileInterruptedDeletions(device: Device, roots: [String]) throws {
        let pending = try home.database.read { db in
            try BatchFileRecord.fetchAll(db, sql: """
                SELECT batchFile.* FROM batchFile JOIN batch ON batch.id = batchFile.batchId
                WHERE batch.deviceId = ? AND batch.deleteFromDevice = 1 AND batchFile.deletedAt IS NULL
                  AND batchFile.status IN ('accepted', 'duplicate')
                """, arguments: [device.id])
        }
        for row in pending {
            let folder = (row.sourcePath as NSString).deletingLastPathComponent
            guard roots.contains(where: { ExactPath(row.sourcePath).isInside(ExactPath($0)) }),
                  SafeFile.entry(at: folder) == .directory, SafeFile.entry(at: row.sourcePath) == .missing,
                  let sha256 = row.sha256, home.vault.contains(sha256) else { continue }
            try recordDeletion(sourcePath: row.sourcePath, sha256: sha256, batchID: row.batchId, device: device,
                               method: "found gone from the device when its folder was ingested again after an interrupted run")
        }
    }
}
