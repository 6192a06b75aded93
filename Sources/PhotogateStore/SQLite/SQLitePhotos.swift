import Foundation
import GRDB
import PhotogateCore

struct SQLitePhotos: PhotoStore {
    let database: SQLiteDatabase

    func photo(sha256: String) async throws -> StoredPhoto? {
        try await database.read { try StoredPhoto.fetchOne($0, key: sha256) }
    }

    func photos(startingWith prefix: String, limit: Int) async throws -> [String] {
        // `LIKE` would treat `%` and `_` in the prefix as wildcards; a range of keys cannot.
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 FROM photo WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256 LIMIT ?",
                                arguments: [prefix, prefix + "\u{FFFF}", limit])
        }
    }

    func sidecars(of sha256: String) async throws -> [StoredSidecar] {
        try await database.read { try StoredSidecar.filter(Column("sha256") == sha256).order(Column("name")).fetchAll($0) }
    }

    func tags(of sha256: String) async throws -> [StaffTag] {
        try await database.read { try Self.tags(of: sha256, $0) }
    }

    func addTags(_ tags: [StaffTag]) async throws -> [StaffTag] {
        try await database.write { db in
            var added: [StaffTag] = []
            var inForce: [String: [StaffTag]] = [:]
            for var tag in tags {
                if inForce[tag.sha256] == nil { inForce[tag.sha256] = try Self.tags(of: tag.sha256, db) }
                guard !inForce[tag.sha256]!.contains(where: { $0.says(sameAs: tag) }) else { continue }
                try tag.insert(db)
                inForce[tag.sha256]!.append(tag)
                var details = ["person": tag.person, "tag": String(tag.id!)]
                if let box = tag.box { details["box"] = box.pixelText }
                try AuditLog.append(db, actor: tag.addedBy, action: "tag.added", subject: tag.sha256, details: details, at: tag.addedAt)
                added.append(tag)
            }
            return added
        }
    }

    func removeTags(of person: String, from sha256: String, by actor: String, at time: Date) async throws -> Int {
        try await database.write { db in
            var removed = 0
            for var tag in try Self.tags(of: sha256, db) where Identifier.same(tag.person, person) {
                tag.removedAt = time
                tag.removedBy = actor
                try tag.update(db)
                try AuditLog.append(db, actor: actor, action: "tag.removed", subject: sha256,
                                    details: ["person": tag.person, "tag": String(tag.id!)], at: time)
                removed += 1
            }
            guard removed > 0 else { throw PhotogateError.notFound("\(person) is not tagged on that photo", code: "tag.unknown") }
            return removed
        }
    }

    func detection(of sha256: String, settings: String) async throws -> [DetectedFace]? {
        try await database.read { try FaceDetectionRow.fetchOne($0, key: ["sha256": sha256, "settings": settings])?.faces }
    }

    func keepDetection(_ faces: [DetectedFace], of sha256: String, settings: String, by actor: String, at time: Date) async throws {
        try await database.write { db in
            try FaceDetectionRow(sha256: sha256, settings: settings, faces: faces, detectedAt: time).save(db)
            try AuditLog.append(db, actor: actor, action: "faces.detected", subject: sha256,
                                details: ["settings": settings, "faces": String(faces.count)], at: time)
        }
    }

    func textReading(of sha256: String, settings: String) async throws -> [TextRegion]? {
        try await database.read { try TextReadingRow.fetchOne($0, key: ["sha256": sha256, "settings": settings])?.regions }
    }

    func keepTextReading(_ regions: [TextRegion], of sha256: String, settings: String, by actor: String, at time: Date) async throws {
        try await database.write { db in
            try TextReadingRow(sha256: sha256, settings: settings, regions: regions, readAt: time).save(db)
            try AuditLog.append(db, actor: actor, action: "text.read", subject: sha256,
                                details: ["settings": settings, "words": String(regions.reduce(0) { $0 + $1.words.count })], at: time)
        }
    }

    static func tags(of sha256: String, _ db: Database) throws -> [StaffTag] {
        try StaffTag.filter(Column("sha256") == sha256 && Column("removedAt") == nil).order(Column("id")).fetchAll(db)
    }
}

struct SQLiteBatches: BatchStore {
    let database: SQLiteDatabase

    func start(_ batch: Batch, from device: Device, sources: [String]) async throws -> Batch {
        try await database.write { db in
            var batch = batch
            try batch.insert(db)
            try AuditLog.append(db, actor: batch.user, action: "ingest.started", subject: "batch \(batch.id!)", details: [
                "device": device.id, "device_kind": device.kind.rawValue, "holder": device.holder ?? "",
                "delete_from_device": String(batch.deleteFromDevice), "paths": sources.joined(separator: "\n"),
            ], at: batch.startedAt)
            return batch
        }
    }

    func recordRejected(source: String, reason: String, batch: Int64, by actor: String) async throws {
        try await database.write { db in
            var file = BatchFile(batchId: batch, sourcePath: source, sha256: nil, status: .rejected, reason: reason)
            try file.insert(db)
            try AuditLog.append(db, actor: actor, action: "photo.rejected", subject: "batch \(batch)",
                                details: ["source": source, "reason": reason])
        }
    }

    func recordStored(_ photo: StoredPhoto, source: String, sidecars: [StoredSidecar], sidecarSources: [String],
                      batch: Int64, device: String, by actor: String) async throws -> Bool {
        try await database.write { db in
            let exists = try StoredPhoto.exists(db, key: photo.sha256)
            if !exists { try photo.insert(db) }
            var file = BatchFile(batchId: batch, sourcePath: source, sha256: photo.sha256, status: exists ? .duplicate : .accepted, reason: nil)
            try file.insert(db)
            var details = ["batch": String(batch), "device": device, "source": source]
            if !sidecars.isEmpty {
                // The sidecars' tags say who is in the photo: kept with it, newest wins. One
                // that cannot be read is kept too, with why: the photo stays "who is in it is
                // unknown" whenever it is checked.
                try StoredSidecar.filter(Column("sha256") == photo.sha256).deleteAll(db)
                for sidecar in sidecars { try sidecar.insert(db) }
                details["sidecar"] = sidecarSources.joined(separator: "\n")
            }
            try AuditLog.append(db, actor: actor, action: exists ? "photo.duplicate" : "photo.stored", subject: photo.sha256, details: details)
            return exists
        }
    }

    func recordDeletion(source: String, sha256: String, batch: Int64, device: String, method: String, by actor: String) async throws {
        try await database.write { db in
            let now = Date()
            let batches = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT batchId FROM batchFile
                WHERE sourcePath = ? AND sha256 = ? AND deletedAt IS NULL
                  AND batchId IN (SELECT id FROM batch WHERE deviceId = ?)
                ORDER BY batchId
                """, arguments: [source, sha256, device])
            try db.execute(sql: """
                UPDATE batchFile SET deletedAt = ?
                WHERE sourcePath = ? AND sha256 = ? AND deletedAt IS NULL AND batchId IN (SELECT id FROM batch WHERE deviceId = ?)
                """, arguments: [now, source, sha256, device])
            try AuditLog.append(db, actor: actor, action: "photo.deleted-from-device", subject: sha256, details: [
                "batch": (batches.isEmpty ? [batch] : batches).map(String.init).joined(separator: ","),
                "device": device, "source": source, "method": method,
            ], at: now)
        }
    }

    func pendingDeletions(device: String) async throws -> [BatchFile] {
        try await database.read { db in
            try BatchFile.fetchAll(db, sql: """
                SELECT batchFile.* FROM batchFile JOIN batch ON batch.id = batchFile.batchId
                WHERE batch.deviceId = ? AND batch.deleteFromDevice = 1 AND batchFile.deletedAt IS NULL
                  AND batchFile.status IN ('accepted', 'duplicate')
                """, arguments: [device])
        }
    }

    func finish(_ batch: Int64, counts: [String: String], by actor: String) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE batch SET finishedAt = ? WHERE id = ?", arguments: [Date(), batch])
            try AuditLog.append(db, actor: actor, action: "ingest.finished", subject: "batch \(batch)", details: counts)
        }
    }

    func batch(id: Int64) async throws -> Batch? {
        try await database.read { try Batch.fetchOne($0, key: id) }
    }

    func storedFiles(of batch: Int64) async throws -> [BatchFile] {
        try await database.read { db in
            try BatchFile.filter(Column("batchId") == batch && [BatchFile.Status.accepted.rawValue, BatchFile.Status.duplicate.rawValue].contains(Column("status")))
                .order(Column("id")).fetchAll(db)
        }
    }

    func confirmDeletion(of batch: Int64, method: String, device: RegisteredDevice, by actor: String, at time: Date) async throws -> Batch {
        try await database.write { db in
            guard var record = try Batch.fetchOne(db, key: batch) else { throw PhotogateError.notFound("there is no batch \(batch)", code: "batch.unknown") }
            guard record.deletionConfirmedAt == nil else {
                throw PhotogateError.conflict("the photos of batch \(batch) are already recorded as deleted (\(record.deletionMethod ?? "done"))",
                                              code: "deletion.done")
            }
            record.deletionConfirmedAt = time
            record.deletionConfirmedBy = actor
            record.deletionMethod = method
            try record.update(db)
            try AuditLog.append(db, actor: actor, action: "deletion.confirmed", subject: "batch \(batch)",
                                details: ["device": device.id, "holder": device.holder ?? "", "method": method], at: time)
            return record
        }
    }

    func deletionTallies(batch: Int64?) async throws -> [DeletionTally] {
        try await database.read { db in
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
            return try Row.fetchAll(db, sql: sql, arguments: [batch, batch]).map { row in
                DeletionTally(batch: try Batch(row: row), holder: row["holder"], storedFiles: row["files"],
                              deletedFiles: row["deleted"], lastDeletedAt: row["lastDeleted"])
            }
        }
    }
}
