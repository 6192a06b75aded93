import Foundation
import GRDB

/// The database schema, as versioned migrations. A migration is never edited once shipped:
/// a change is a new migration.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: registers, ingest and the audit chain") { db in
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "user") { t in
                t.primaryKey("name", .text).collate(.nocase)
                t.column("passwordHash", .text).notNull()
                t.column("roles", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("createdBy", .text).notNull()
            }
            try db.create(table: "device") { t in
                t.primaryKey("id", .text).collate(.nocase)
                t.column("kind", .text).notNull().check { ["trust", "personal"].contains($0) }
                t.column("make", .text).notNull()
                t.column("model", .text).notNull()
                t.column("serial", .text)
                t.column("imei", .text)
                t.column("holder", .text).references("user", column: "name")
                t.column("status", .text).notNull().check { ["active", "awaiting-approval", "revoked"].contains($0) }
                t.column("addedAt", .datetime).notNull()
                t.column("addedBy", .text).notNull()
                t.column("approvedAt", .datetime)
                t.column("approvedBy", .text)
                t.column("revokedAt", .datetime)
                t.column("revokedBy", .text)
                t.column("revokeReason", .text)
            }
            try db.create(table: "consentVersion") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("importedAt", .datetime).notNull()
                t.column("importedBy", .text).notNull()
                t.column("fileName", .text).notNull()
                t.column("fileSHA256", .text).notNull()
                t.column("peopleCount", .integer).notNull()
            }
            try db.create(table: "consentPerson") { t in
                t.column("versionId", .integer).notNull().references("consentVersion")
                t.column("personId", .text).notNull()
                t.column("record", .text).notNull()
                t.primaryKey(["versionId", "personId"])
            }
            try db.create(table: "photo") { t in
                t.primaryKey("sha256", .text)
                t.column("format", .text).notNull()
                t.column("width", .integer).notNull()
                t.column("height", .integer).notNull()
                t.column("size", .integer).notNull()
                t.column("make", .text)
                t.column("model", .text)
                t.column("serial", .text)
                t.column("capturedAt", .text)
                t.column("hadGPS", .boolean).notNull()
                t.column("firstBatchId", .integer).notNull()
                t.column("storedAt", .datetime).notNull()
            }
            try db.create(table: "batch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("deviceId", .text).notNull().references("device")
                t.column("user", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("deleteFromDevice", .boolean).notNull()
                t.column("deletionDeadline", .datetime)
                t.column("deletionConfirmedAt", .datetime)
                t.column("deletionConfirmedBy", .text)
                t.column("deletionMethod", .text)
            }
            try db.create(table: "batchFile") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("batchId", .integer).notNull().references("batch")
                t.column("sourcePath", .text).notNull()
                t.column("sha256", .text).references("photo")
                t.column("status", .text).notNull().check { ["accepted", "duplicate", "rejected"].contains($0) }
                t.column("reason", .text)
                t.column("deletedAt", .datetime)
            }
            try db.create(index: "batchFile_source", on: "batchFile", columns: ["sourcePath"])
            try db.create(table: "event") { t in
                // AUTOINCREMENT keeps a counter in sqlite_sequence, so events removed from the
                // end of the chain are still noticed.
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("details", .text).notNull()
                t.column("previousHash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            for trigger in AuditLog.guardTriggers.values { try db.execute(sql: trigger) }
        }
        migrator.registerMigration("v2: channels, tags, sidecars and detected faces") { db in
            try db.create(table: "channel") { t in
                t.primaryKey("id", .text).collate(.nocase)
                t.column("platform", .text).notNull()
                t.column("account", .text).notNull()
                t.column("purpose", .text).notNull()
                t.column("adminRole", .text)
                t.column("posters", .text).notNull()
                t.column("openedAt", .datetime).notNull()
                t.column("openedBy", .text).notNull()
                t.column("closedAt", .datetime)
                t.column("closedBy", .text)
            }
            try db.create(table: "tag") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sha256", .text).notNull().references("photo")
                t.column("person", .text).notNull()
                t.column("x", .double)
                t.column("y", .double)
                t.column("width", .double)
                t.column("height", .double)
                t.column("addedAt", .datetime).notNull()
                t.column("addedBy", .text).notNull()
                t.column("removedAt", .datetime)
                t.column("removedBy", .text)
            }
            try db.create(index: "tag_photo", on: "tag", columns: ["sha256"])
            try db.create(table: "sidecar") { t in
                t.primaryKey("sha256", .text).references("photo")
                t.column("xmp", .blob).notNull()
                t.column("storedAt", .datetime).notNull()
            }
            try db.create(table: "faceDetection") { t in
                t.column("sha256", .text).notNull()
                t.column("settings", .text).notNull()
                t.column("faces", .text).notNull()
                t.column("detectedAt", .datetime).notNull()
                t.primaryKey(["sha256", "settings"])
            }
        }
        migrator.registerMigration("v3: posts, approvals and takedowns") { db in
            try db.create(table: "post") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("channelId", .text).notNull().references("channel")
                t.column("caption", .text).notNull()
                t.column("checklist", .text).notNull()
                t.column("preparedBy", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("state", .text).notNull()
                    .check { ["draft", "queued", "returned", "approved", "rejected", "published", "taken-down"].contains($0) }
                t.column("stateChangedAt", .datetime).notNull()
                t.column("stateReason", .text)
                t.column("publishedAt", .datetime)
                t.column("publishedBy", .text)
                t.column("outbox", .text)
            }
            try db.create(table: "postPhoto") { t in
                t.column("postId", .integer).notNull().references("post")
                t.column("position", .integer).notNull()
                t.column("sha256", .text).notNull().references("photo")
                t.column("decision", .text).notNull()
                t.column("renderPath", .text)
                t.column("renderSHA256", .text)
                t.primaryKey(["postId", "position"])
            }
            try db.create(table: "postApproval") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("postId", .integer).notNull().references("post")
                t.column("step", .integer).notNull()
                t.column("role", .text).notNull()
                t.column("user", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("note", .text)
                t.column("void", .boolean).notNull().defaults(to: false)
            }
            // One approval per step of a post's current round: two approvers at once cannot
            // both take step N and skip a later one.
            try db.execute(sql: "CREATE UNIQUE INDEX postApproval_step ON postApproval(postId, step) WHERE void = 0")
            try db.create(table: "takedown") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("postId", .integer).notNull().references("post")
                t.column("personId", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("listedAt", .datetime).notNull()
                t.column("doneAt", .datetime)
                t.column("doneBy", .text)
                t.column("note", .text)
                t.uniqueKey(["postId", "personId", "sha256"])
            }
        }
        migrator.registerMigration("v4: events record the state they create") { db in
            try db.alter(table: "event") { t in
                t.add(column: "state", .text)
            }
        }
        migrator.registerMigration("v5: every sidecar of a photo, and sidecars that could not be read") { db in
            // A photo may come with more than one sidecar, and one may be there but unreadable
            // (a link, a folder, too big): each is kept, by name, with the reason.
            try db.create(table: "sidecarByName") { t in
                t.column("sha256", .text).notNull().references("photo")
                t.column("name", .text).notNull()
                t.column("xmp", .blob)
                t.column("problem", .text)
                t.column("storedAt", .datetime).notNull()
                t.primaryKey(["sha256", "name"])
                t.check(sql: "(xmp IS NULL) <> (problem IS NULL)")
            }
            try db.execute(sql: "INSERT INTO sidecarByName (sha256, name, xmp, problem, storedAt) SELECT sha256, 'sidecar.xmp', xmp, NULL, storedAt FROM sidecar")
            try db.drop(table: "sidecar")
            try db.rename(table: "sidecarByName", to: "sidecar")
        }
        migrator.registerMigration("v6: render paths relative to the home") { db in
            // Earlier versions recorded the home's absolute path: a moved or restored home
            // could not find its renders. Only the path changes; each render's hash stays,
            // so publishing still checks the file. A path that does not end in a render's
            // place is left as it was (and is never followed).
            // The rule as it stood at this version, written out here: a migration must not
            // change when application code does.
            func relativePath(_ recorded: String) -> String? {
                let parts = recorded.split(separator: "/", omittingEmptySubsequences: false).suffix(3).map(String.init)
                guard parts.count == 3, parts[0] == "renders", !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                      !parts[2].isEmpty, !parts[2].hasPrefix("."), parts[2].hasSuffix(".jpg") else { return nil }
                return parts.joined(separator: "/")
            }
            let rows = try Row.fetchAll(db, sql: "SELECT postId, position, renderPath FROM postPhoto WHERE renderPath IS NOT NULL")
            for row in rows {
                let recorded: String = row["renderPath"]
                guard let relative = relativePath(recorded), relative != recorded else { continue }
                try db.execute(sql: "UPDATE postPhoto SET renderPath = ? WHERE postId = ? AND position = ?",
                               arguments: [relative, row["postId"], row["position"]])
            }
        }
        migrator.registerMigration("v7: disabled users, forced password changes and the home's file signature") { db in
            try db.alter(table: "user") { t in
                t.add(column: "disabled", .boolean).notNull().defaults(to: false)
                t.add(column: "mustChangePassword", .boolean).notNull().defaults(to: false)
            }
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        }
        migrator.registerMigration("v8: lists are JSON, not joined with commas") { db in
            // A role, poster or checklist item could not hold a comma, and a stored list could
            // not be told from a single value. Each becomes a JSON array of its items.
            for (table, key, column) in [("user", "name", "roles"), ("channel", "id", "posters"), ("post", "id", "checklist")] {
                for row in try Row.fetchAll(db, sql: "SELECT \(key) AS rowKey, \(column) AS list FROM \(table)") {
                    let text: String = row["list"]
                    let items = text.split(separator: ",").map(String.init)
                    let json = String(decoding: try JSONSerialization.data(withJSONObject: items, options: [.withoutEscapingSlashes]), as: UTF8.self)
                    try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", arguments: [json, row["rowKey"]])
                }
            }
        }
        migrator.registerMigration("v9-web: browser sessions, and the log searchable by subject") { db in
            try db.create(table: "webSession") { t in
                t.primaryKey("key", .text)
                t.column("value", .blob).notNull()
                t.column("expiresAt", .datetime)
            }
            try db.create(index: "webSession_expires", on: "webSession", columns: ["expiresAt"])
            // Sign-in failures are counted by name from the log.
            try db.create(index: "event_subject_action", on: "event", columns: ["subject", "action"])
        }
        return migrator
    }

    /// Marks the database file as a Photogate home's in the SQLite header ("PGAT"), so a home
    /// is recognised before anything in it is changed.
    static let applicationID: Int32 = 0x5047_4154

    /// What the database open on `db` is, reading only: a Photogate home's when its header
    /// carries Photogate's application id (or none, for homes made before `v7`) and
    /// its migrations are Photogate's own, starting with the first and in order.
    static func recognise(_ db: Database) throws -> HomeRecognition {
        let identifier = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        guard identifier == 0 || identifier == applicationID, try db.tableExists("grdb_migrations") else { return .foreign }
        let migrator = migrator
        let applied = try migrator.appliedIdentifiers(db)
        guard let first = migrator.migrations.first, applied.contains(first) else { return .foreign }
        if let problem = try upgradeProblem(db) { return .damaged(problem) }
        return applied.isSubset(of: migrator.migrations) ? .photogate : .newer
    }

    /// Why the upgrades a home records as applied are not Photogate's own, applied in order
    /// from the first, or nil. A row of `grdb_migrations` removed or edited by hand would
    /// otherwise have an upgrade run again over its own work (a raw SQLite error, or worse).
    static func upgradeProblem(_ db: Database, migrator: DatabaseMigrator = migrator) throws -> String? {
        let known = migrator.migrations
        let applied = try migrator.appliedIdentifiers(db)
        let done = known.filter(applied.contains)
        if let gap = known.prefix(done.count).first(where: { !applied.contains($0) }) {
            return "its record of the upgrades made to it was edited: \"\(gap)\" is missing from it, though later upgrades are there"
        }
        if done.count < known.count, let unknown = applied.subtracting(known).sorted().first {
            return "its record of the upgrades made to it was edited: it names \"\(unknown)\", which is not one of Photogate's"
        }
        if let redone = try madeThoughUnrecorded(db, pending: Array(known.dropFirst(done.count)), migrator: migrator) {
            return "its record of the upgrades made to it was edited: \"\(redone)\" is missing from it, though the home already has its changes"
        }
        return nil
    }

    /// The first of the `pending` upgrades whose changes the home already has: its row was
    /// removed from the record (the latest one, which leaves no gap), and running it again
    /// would redo its work over itself. An upgrade that changes the schema is found by the
    /// schema; one that changes only data, by the mark it leaves in the rows.
    private static func madeThoughUnrecorded(_ db: Database, pending: [String], migrator: DatabaseMigrator) throws -> String? {
        guard !pending.isEmpty, try db.tableExists("grdb_migrations") else { return nil }
        for identifier in pending {
            guard let mark = dataUpgradeMarks[identifier], try mark.tables.allSatisfy({ try db.tableExists($0) }) else { continue }
            if try Bool.fetchOne(db, sql: mark.query) == true { return identifier }
        }
        let last = migrator.migrations.last(where: try migrator.appliedIdentifiers(db).contains)
        guard last != nil, try !SchemaIntegrity(upTo: last, migrator: migrator).differences(in: db).isEmpty else { return nil }
        for identifier in pending where try SchemaIntegrity(upTo: identifier, migrator: migrator).differences(in: db).isEmpty {
            return identifier
        }
        return nil
    }

    /// For each upgrade that changes only data, a query that is true once its work is in
    /// the rows (of tables that are there by then). v8: before it, no list of roles, posters
    /// or checklist items is a JSON array (none of their items can start with "[").
    private static let dataUpgradeMarks: [String: (tables: [String], query: String)] = [
        "v8: lists are JSON, not joined with commas": (["user", "channel", "post"], """
            SELECT EXISTS (SELECT 1 FROM user WHERE roles LIKE '[%') OR EXISTS (SELECT 1 FROM channel WHERE posters LIKE '[%')
                OR EXISTS (SELECT 1 FROM post WHERE checklist LIKE '[%')
            """),
    ]

    /// The last of Photogate's upgrades applied to `db`, or nil for an empty database.
    static func lastApplied(_ db: Database, migrator: DatabaseMigrator = migrator) throws -> String? {
        let applied = try migrator.appliedIdentifiers(db)
        return migrator.migrations.last(where: applied.contains)
    }
}

/// What a database file turned out to be when a home was opened.
enum HomeRecognition: Equatable {
    case photogate
    /// Some other program's file, or not a database at all.
    case foreign
    /// A home that a newer Photogate has changed, which this one does not understand.
    case newer
    /// A Photogate home whose record of its upgrades was edited (why, in words).
    case damaged(String)
}
