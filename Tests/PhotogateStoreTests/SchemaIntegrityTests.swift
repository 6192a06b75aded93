import Foundation
import GRDB
import PhotogateCore
@testable import PhotogateStore
import PhotogateTestSupport
import Testing

/// Things added to the database behind Photogate's back that could change its records inside
/// Photogate's own transactions (so the log would record their work as Photogate's), and
/// edits to its record of upgrades.
@Suite("The schema is Photogate's own")
struct SchemaIntegrityTests {
    let folder = TemporaryFolder("schema")
    var root: String { folder.path + "/home" }

    /// A home with its first event and a user, amy, and a plain connection that edits it as
    /// the sqlite3 shell would.
    func newHome() throws -> (PhotogateHome, DatabaseQueue) {
        let home = try PhotogateHome.create(at: root)
        try home.database.write { db in
            try SQLiteSettings.save(Settings(school: "Rose Lane"), db)
            try AuditLog.append(db, actor: "admin", action: AuditLog.firstAction, subject: "Rose Lane")
            try SQLiteUsers.add(UserAccount(name: "amy", passwordHash: "x", roles: [.staff], createdAt: Date(), createdBy: "admin"), db)
        }
        return (home, try DatabaseQueue(path: root + "/" + PhotogateHome.databaseName))
    }

    func verify(_ home: PhotogateHome) throws -> AuditLog.Verification {
        try home.database.read { try AuditLog.verify($0) }
    }

    /// Someone signing in again after the edit: the home as a command opens it.
    func reopened() async throws -> PhotogateHome {
        try await HomeEntrance.open(at: root).enter()
    }

    struct Planted: Sendable, CustomTestStringConvertible {
        var label: String
        var sql: String
        var found: String
        var testDescription: String { label }
    }

    static let planted = [
        Planted(label: "a trigger that rewrites a covered row", sql: """
            CREATE TRIGGER zz_fix AFTER INSERT ON consentPerson WHEN NEW.personId = 'P004' BEGIN
              UPDATE consentPerson SET record = replace(NEW.record, '"excluded":true', '"excluded":false') WHERE versionId = NEW.versionId AND personId = NEW.personId;
            END
            """, found: "a trigger named zz_fix on consentPerson that Photogate did not make"),
        Planted(label: "a trigger on the log itself", sql: "CREATE TRIGGER zz_log AFTER INSERT ON event BEGIN UPDATE user SET roles = '[\"admin\"]'; END",
                found: "a trigger named zz_log on event that Photogate did not make"),
        Planted(label: "a view with an INSTEAD OF trigger", sql: """
            CREATE VIEW people AS SELECT * FROM consentPerson;
            CREATE TRIGGER people_insert INSTEAD OF INSERT ON people BEGIN INSERT INTO consentPerson VALUES (NEW.versionId, NEW.personId, NEW.record); END
            """, found: "a trigger named people_insert on people that Photogate did not make"),
        Planted(label: "a table rebuilt with a constraint that deletes rows", sql: """
            ALTER TABLE takedown RENAME TO takedown_old;
            CREATE TABLE takedown (id INTEGER PRIMARY KEY AUTOINCREMENT, postId INTEGER NOT NULL, personId TEXT NOT NULL, sha256 TEXT NOT NULL,
              reason TEXT NOT NULL, listedAt DATETIME NOT NULL, doneAt DATETIME, doneBy TEXT, note TEXT, UNIQUE (postId) ON CONFLICT REPLACE);
            INSERT INTO takedown SELECT * FROM takedown_old; DROP TABLE takedown_old;
            """, found: "a table named takedown was changed"),
        Planted(label: "a table of someone else's", sql: "CREATE TABLE notes (text TEXT)", found: "a table named notes that Photogate did not make"),
        Planted(label: "an index of someone else's", sql: "CREATE INDEX user_roles ON user(roles)", found: "an index named user_roles on user that Photogate did not make"),
    ]

    @Test("anything in the schema Photogate did not make is named by verify", arguments: planted)
    func named(_ planted: Planted) throws {
        let (home, raw) = try newHome()
        guard case .intact = try verify(home) else {
            Issue.record("the untouched home must verify")
            return
        }
        try raw.write { try $0.execute(sql: planted.sql) }
        guard case let .schemaAltered(first, _) = try verify(home) else {
            Issue.record("\(planted.label) must be found: \(try verify(home))")
            return
        }
        #expect(first == planted.found)
    }

    @Test("a home holding a planted trigger opens for reading only: verify runs, every change is refused and the trigger never fires")
    func openedForReadingOnly() async throws {
        let (_, raw) = try newHome()
        try await raw.write { try $0.execute(sql: "CREATE TRIGGER zz_roles AFTER INSERT ON user BEGIN UPDATE user SET roles = '[\"admin\"]' WHERE name = NEW.name; END") }
        let home = try await reopened()
        guard case let .schemaAltered(first, count) = try verify(home) else {
            Issue.record("verify must name the trigger")
            return
        }
        #expect(first == "a trigger named zz_roles on user that Photogate did not make" && count == 1)
        let bob = UserAccount(name: "bob", passwordHash: "x", roles: [.staff], createdAt: Date(), createdBy: "admin")
        do {
            try await home.users.add(bob)
            Issue.record("a change must be refused")
        } catch let error as PhotogateError {
            #expect(error.kind == .integrity && error.code == "home.schema")
            #expect(error.message.contains("holds something Photogate did not make (a trigger named zz_roles on user that Photogate did not make)"))
            #expect(error.message.contains("nothing is changed until it is looked into"))
        }
        #expect(try await raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM user WHERE name = 'bob'") } == 0)
    }

    @Test("a trigger planted while a home is open is found at its next change, which is refused")
    func plantedWhileOpen() async throws {
        let (home, raw) = try newHome()
        _ = try await home.users.change("amy", .disable, by: "admin", at: Date())
        try await raw.write { try $0.execute(sql: "CREATE TRIGGER zz_late AFTER UPDATE ON user BEGIN UPDATE user SET roles = '[\"admin\"]'; END") }
        do {
            _ = try await home.users.change("amy", .enable, by: "admin", at: Date())
            Issue.record("the change must be refused")
        } catch let error as PhotogateError {
            #expect(error.code == "home.schema" && error.message.contains("zz_late"))
        }
        #expect(try await raw.read { try String.fetchOne($0, sql: "SELECT roles FROM user WHERE name = 'amy'") } == "[\"staff\"]")
    }

    @Test("SQLite's own planner statistics are not a finding")
    func statistics() throws {
        let (home, raw) = try newHome()
        try raw.write { try $0.execute(sql: "ANALYZE") }
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") } == 1)
        guard case .intact = try verify(home) else {
            Issue.record("statistics change no data")
            return
        }
    }

    @Test("a home whose record of upgrades was edited is refused in one line before anyone signs in", arguments: [
        "DELETE FROM grdb_migrations WHERE identifier LIKE 'v7:%'",
        "UPDATE grdb_migrations SET identifier = 'v7' WHERE identifier LIKE 'v7:%'",
        // The latest upgrade leaves no gap when its row goes; its work is in the rows.
        "DELETE FROM grdb_migrations WHERE identifier LIKE 'v9-web:%'",
    ])
    func editedUpgrades(sql: String) throws {
        let (_, raw) = try newHome()
        try raw.write { try $0.execute(sql: sql) }
        let before = try Data(contentsOf: URL(fileURLWithPath: root + "/" + PhotogateHome.databaseName))
        do {
            _ = try HomeEntrance.open(at: root)
            Issue.record("the home must be refused")
        } catch let error as PhotogateError {
            #expect(error.kind == .integrity && error.code == "home.upgrades")
            #expect(error.message.hasPrefix("the home at \(root) cannot be used: its record of the upgrades made to it was edited"))
            #expect(error.message.contains(sql.contains("v9") ? "\"v9-web: browser sessions, and the log searchable by subject\" is missing from it, though the home already has its changes" : "v7"),
                    "\(error.message)")
            #expect(!error.message.contains("\n") && !error.message.contains("duplicate column"), "\(error.message)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/" + PhotogateHome.databaseName)) == before, "nothing was changed")
    }

    @Test("the latest upgrade's row removed, when that upgrade changed the schema: found by the schema, and nothing is run again")
    func latestSchemaUpgradeUnrecorded() throws {
        var migrator = Schema.migrator
        migrator.registerMigration("test: a later version adds a table") { db in
            try db.create(table: "later") { t in t.column("id", .integer).primaryKey() }
        }
        let queue = try DatabaseQueue()
        try migrator.migrate(queue)
        try queue.write { try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'test: a later version adds a table'") }
        let problem = try queue.read { try Schema.upgradeProblem($0, migrator: migrator) }
        #expect(problem == "its record of the upgrades made to it was edited: \"test: a later version adds a table\" is missing from it, though the home already has its changes")
        // A home that truly lacks the upgrade is one to make, not a problem.
        let older = try DatabaseQueue()
        try Schema.migrator.migrate(older)
        #expect(try older.read { try Schema.upgradeProblem($0, migrator: migrator) } == nil)
        // Nor is a home made before v8, whose lists are not JSON yet.
        let beforeV8 = try DatabaseQueue()
        try Schema.migrator.migrate(beforeV8, upTo: "v7: disabled users, forced password changes and the home's file signature")
        try beforeV8.write { try $0.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES ('amy', 'x', 'staff,approver', '2026-01-01', 'admin')") }
        #expect(try beforeV8.read { try Schema.upgradeProblem($0) } == nil)
    }
}
