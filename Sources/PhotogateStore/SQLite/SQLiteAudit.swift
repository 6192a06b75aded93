import Foundation
import GRDB
import PhotogateCore

struct SQLiteAudit: AuditStore {
    let database: SQLiteDatabase

    func verify() async throws -> AuditLog.Verification {
        try await database.read { try AuditLog.verify($0) }
    }

    func unrecordedChange(in scope: StateScope) async throws -> String? {
        try await database.read { db in
            if let problem = try AuditLog.endProblem(db) { return problem }
            return try StateLedger.differences(in: scope, db).first?.description
        }
    }

    func events(since: Date?) async throws -> [AuditEvent] {
        try await database.read { db in
            var request = AuditEvent.order(Column("id"))
            if let since { request = request.filter(Column("at") >= Timestamp.string(since)) }
            return try request.fetchAll(db)
        }
    }

    func containsEvent(hashStartingWith prefix: String) async throws -> Bool {
        try await database.read { db in
            try AuditEvent.filter(Column("hash") >= prefix && Column("hash") < prefix + "\u{FFFF}").fetchCount(db) == 1
        }
    }

    func events(action: String, subject: String, since: Date) async throws -> [AuditEvent] {
        try await database.read { db in
            try AuditEvent.filter(Column("subject") == subject && Column("action") == action && Column("at") >= Timestamp.string(since))
                .order(Column("id")).fetchAll(db)
        }
    }

    func latestEvent() async throws -> AuditEvent? {
        try await database.read { try AuditEvent.order(Column("id").desc).fetchOne($0) }
    }

    func note(action: String, subject: String, actor: String, details: [String: String], at time: Date) async throws {
        try await database.write { db in
            _ = try AuditLog.append(db, actor: actor, action: action, subject: subject, details: details, at: time)
        }
    }
}
