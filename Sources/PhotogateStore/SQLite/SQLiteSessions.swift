import Foundation
import GRDB
import PhotogateCore

struct SQLiteSessions: SessionStore {
    let database: SQLiteDatabase

    private struct Row: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "webSession"
        var key: String
        var value: Data
        var expiresAt: Date?
    }

    func create(key: String, value: [UInt8], expiresAt: Date?) async throws -> Bool {
        try await database.write { db in
            guard try Row.fetchOne(db, key: key) == nil else { return false }
            try Row(key: key, value: Data(value), expiresAt: expiresAt).insert(db)
            return true
        }
    }

    func set(key: String, value: [UInt8], expiresAt: Date?) async throws {
        try await database.write { db in
            let kept = try Row.fetchOne(db, key: key)?.expiresAt
            try Row(key: key, value: Data(value), expiresAt: expiresAt ?? kept).save(db)
        }
    }

    func get(key: String, now: Date) async throws -> (value: [UInt8], expiresAt: Date?)? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, key: key), row.expiresAt.map({ $0 > now }) ?? true else { return nil }
            return ([UInt8](row.value), row.expiresAt)
        }
    }

    func remove(key: String) async throws {
        _ = try await database.write { db in try Row.deleteOne(db, key: key) }
    }

    func removeExpired(now: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM webSession WHERE expiresAt IS NOT NULL AND expiresAt <= ?", arguments: [now])
        }
    }
}
