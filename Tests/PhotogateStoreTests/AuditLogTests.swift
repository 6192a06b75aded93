import Foundation
import GRDB
import PhotogateCore
@testable import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Audit chain")
struct AuditLogTests {
    let folder = TemporaryFolder("audit")

    /// A home with `count` events, and a plain SQLite connection that edits it directly, as
    /// someone with the `sqlite3` shell would.
    func homeWithEvents(_ count: Int) throws -> (PhotogateHome, DatabaseQueue) {
        let home = try PhotogateHome.create(at: folder.path + "/home")
        try home.database.write { db in
            for index in 1...count {
                try AuditLog.append(db, actor: "admin", action: index == 1 ? AuditLog.firstAction : "test.step",
                                    subject: "item-\(index)", details: ["n": String(index)])
            }
        }
        return (home, try DatabaseQueue(path: folder.path + "/home/photogate.sqlite"))
    }

    func verify(_ home: PhotogateHome) throws -> AuditLog.Verification {
        try home.database.read { try AuditLog.verify($0) }
    }

    @Test("an untouched chain verifies and reports its head")
    func intact() throws {
        let (home, _) = try homeWithEvents(5)
        guard case let .intact(events, head) = try verify(home) else {
            Issue.record("the chain must verify")
            return
        }
        #expect(events == 5)
        let last = try home.database.read { try AuditEvent.order(Column("id").desc).fetchOne($0) }
        #expect(head == last?.hash)
        #expect(last?.previousHash != AuditLog.genesis)
    }

    @Test("the database itself refuses to change or delete an event")
    func triggers() throws {
        let (_, raw) = try homeWithEvents(2)
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE event SET actor = 'x' WHERE id = 1") } }
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "DELETE FROM event WHERE id = 2") } }
    }

    @Test("an altered event is named")
    func altered() throws {
        let (home, raw) = try homeWithEvents(5)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_update")
            try db.execute(sql: "UPDATE event SET subject = 'someone-else' WHERE id = 3")
        }
        #expect(try verify(home) == .broken(eventID: 3, reason: "event 3 was altered: its content no longer matches its hash"))
    }

    @Test("an altered event whose hash was recomputed breaks the next link")
    func alteredAndRehashed() throws {
        let (home, raw) = try homeWithEvents(5)
        var event = try home.database.read { try AuditEvent.fetchOne($0, key: 3)! }
        event.subject = "someone-else"
        event.hash = AuditLog.hash(of: event)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_update")
            try db.execute(sql: "UPDATE event SET subject = ?, hash = ? WHERE id = 3", arguments: [event.subject, event.hash])
        }
        guard case let .broken(id, _) = try verify(home) else {
            Issue.record("a rewritten event must break the chain")
            return
        }
        #expect(id == 4)
    }

    @Test("a removed event is found")
    func removed() throws {
        let (home, raw) = try homeWithEvents(5)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_delete")
            try db.execute(sql: "DELETE FROM event WHERE id = 2")
        }
        guard case let .broken(id, reason) = try verify(home) else {
            Issue.record("a removed event must break the chain")
            return
        }
        #expect(id == 2 && reason.contains("missing"))
    }

    @Test("events cut from the end are found")
    func truncated() throws {
        let (home, raw) = try homeWithEvents(5)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_delete")
            try db.execute(sql: "DELETE FROM event WHERE id >= 4")
        }
        guard case let .broken(id, reason) = try verify(home) else {
            Issue.record("a truncated log must not verify")
            return
        }
        #expect(id == 4 && reason.contains("removed from the end"))
    }

    @Test("an inserted event is found")
    func inserted() throws {
        let (home, raw) = try homeWithEvents(3)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_update")
            try db.execute(sql: "UPDATE event SET id = -id WHERE id >= 2")
            try db.execute(sql: "UPDATE event SET id = 1 - id WHERE id < 0")
            try db.execute(sql: """
                INSERT INTO event (id, at, actor, action, subject, details, previousHash, hash)
                VALUES (2, '2026-01-01T00:00:00.000Z', 'mallory', 'user.added', 'mallory', '{}', 'x', 'y')
                """)
        }
        guard case let .broken(id, _) = try verify(home) else {
            Issue.record("an inserted event must break the chain")
            return
        }
        #expect(id == 2)
    }

    @Test("dropping the guard triggers is itself a finding")
    func triggersRemoved() throws {
        let (home, raw) = try homeWithEvents(2)
        try raw.write { try $0.execute(sql: "DROP TRIGGER event_append_only_delete") }
        #expect(try verify(home) == .schemaAltered(first: "the database triggers that keep the log append-only were removed or changed", count: 1))
    }

    @Test("an emptied log, with its counter reset and its triggers put back, is not intact")
    func emptied() throws {
        let (home, raw) = try homeWithEvents(4)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_delete")
            try db.execute(sql: "DELETE FROM event")
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'event'")
            try db.execute(sql: AuditLog.guardTriggers["event_append_only_delete"]!)
        }
        guard case let .broken(_, reason) = try verify(home) else {
            Issue.record("an empty log must not verify")
            return
        }
        #expect(reason.contains("empty"))
    }

    @Test("a log rebuilt from a forged start is not intact")
    func forgedStart() throws {
        let (home, raw) = try homeWithEvents(2)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_delete")
            try db.execute(sql: "DELETE FROM event")
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'event'")
            try db.execute(sql: AuditLog.guardTriggers["event_append_only_delete"]!)
        }
        try home.database.write { db in
            try AuditLog.append(db, actor: "mallory", action: "user.added", subject: "mallory")
            try AuditLog.append(db, actor: "mallory", action: "user.added", subject: "eve")
        }
        #expect(try verify(home) == .broken(eventID: 1, reason: "event 1 is not the creation of the home: the start of the log was replaced"))
    }

    @Test("a guard trigger replaced by one that does nothing is noticed")
    func neutralisedTrigger() throws {
        let (home, raw) = try homeWithEvents(2)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_update")
            try db.execute(sql: "CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event BEGIN SELECT 1; END")
        }
        #expect(try verify(home) == .schemaAltered(first: "the database triggers that keep the log append-only were removed or changed", count: 1))
    }

    @Test("no value can imitate another field in the hashed form")
    func canonicalForm() {
        let a = AuditEvent(id: 1, at: "t", actor: "a\nsubject=1:b", action: "x", subject: "", details: "{}", previousHash: AuditLog.genesis, hash: "")
        let b = AuditEvent(id: 1, at: "t", actor: "a", action: "x", subject: "b", details: "{}", previousHash: AuditLog.genesis, hash: "")
        #expect(AuditLog.hash(of: a) != AuditLog.hash(of: b))
    }

    @Test("timestamps are UTC with milliseconds, and read back")
    func timestamps() {
        let date = Date(timeIntervalSince1970: 1_795_000_000.123)
        let text = Timestamp.string(date)
        #expect(text.hasSuffix("Z") && text.contains("."))
        #expect(abs(Timestamp.date(text)!.timeIntervalSince(date)) < 0.001)
    }
}

@Suite("Vault and passwords")
struct VaultTests {
    let folder = TemporaryFolder("vault")

    @Test("photos are stored privately under their hash, once")
    func store() throws {
        let vault = Vault(root: folder.path + "/vault", staging: folder.path + "/incoming")
        let bytes = Array("a photo".utf8)
        let hash = TestDigest.sha256(Data(bytes))
        try vault.store(bytes, sha256: hash)
        try vault.store(bytes, sha256: hash)
        #expect(vault.contains(hash))
        let attributes = try FileManager.default.attributesOfItem(atPath: vault.path(for: hash))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(vault.path(for: hash).hasSuffix("/\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))/\(hash)"))
    }

    @Test("a damaged copy no longer counts as stored, and is replaced")
    func damaged() throws {
        let vault = Vault(root: folder.path + "/vault", staging: folder.path + "/incoming")
        let bytes = Array("a photo".utf8)
        let hash = TestDigest.sha256(Data(bytes))
        try vault.store(bytes, sha256: hash)
        chmod(vault.path(for: hash), 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: vault.path(for: hash)))
        #expect(!vault.contains(hash))
        #expect(throws: Vault.DamagedCopy.self) { try vault.read(hash) }
        try vault.store(bytes, sha256: hash)
        #expect(vault.contains(hash))
    }

    @Test("copies are staged outside the vault, and what a killed run left there is swept")
    func sweep() throws {
        let vault = Vault(root: folder.path + "/vault", staging: folder.path + "/incoming")
        try vault.store(Array("a photo".utf8), sha256: TestDigest.sha256(Data("a photo".utf8)))
        #expect(folder.list("incoming").isEmpty)
        folder.write("incoming/.abcd.partial-XYZ123", [1, 2, 3])
        vault.sweepTemporaryFiles()
        #expect(folder.list("incoming").isEmpty)
    }

    @Test("passwords are kept as Argon2id hashes and verified")
    func passwords() throws {
        let hash = try PasswordHash.make("correct horse battery staple")
        #expect(hash.hasPrefix("$argon2id$"))
        #expect(!hash.contains("correct horse"))
        #expect(PasswordHash.verify("correct horse battery staple", against: hash))
        #expect(!PasswordHash.verify("correct horse battery stapler", against: hash))
        #expect(try PasswordHash.make("same") != PasswordHash.make("same"), "each hash has its own salt")
    }

    @Test("opening a home twice applies migrations once and keeps the data")
    func reopen() async throws {
        let path = folder.path + "/home"
        let home = try PhotogateHome.create(at: path)
        try await home.database.write { db in
            try SQLiteSettings.save(Settings(school: "Rose Lane"), db)
            try AuditLog.append(db, actor: "admin", action: AuditLog.firstAction, subject: "Rose Lane")
        }
        let again = try await HomeEntrance.open(at: path).enter()
        #expect(try await again.settings.current().school == "Rose Lane")
        #expect(throws: PhotogateError.self) { try PhotogateHome.create(at: path) }
        #expect(throws: PhotogateError.self) { try HomeEntrance.open(at: folder.path + "/nowhere") }
    }
}
