import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
@testable import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("The state the record covers")
struct StateLedgerTests {
    let folder = TemporaryFolder("state")

    /// A new home with its settings and first event, as `photogate init` makes it, and a
    /// plain connection that edits it as the sqlite3 shell would.
    func newHome() throws -> (PhotogateHome, DatabaseQueue) {
        let home = try PhotogateHome.create(at: folder.path + "/home")
        try home.database.write { db in
            try SQLiteSettings.save(Settings(school: "Rose Lane"), db)
            try AuditLog.append(db, actor: "admin", action: AuditLog.firstAction, subject: "Rose Lane")
        }
        return (home, try DatabaseQueue(path: folder.path + "/home/photogate.sqlite"))
    }

    func addUser(_ name: String, roles: String, to home: PhotogateHome) throws {
        try home.database.write { db in
            try db.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES (?, 'x', ?, ?, 'admin')",
                           arguments: [name, roles, Date()])
            try AuditLog.append(db, actor: "admin", action: "user.added", subject: name)
        }
    }

    func verify(_ home: PhotogateHome) throws -> AuditLog.Verification {
        try home.database.read { try AuditLog.verify($0) }
    }

    @Test("every table of the schema either decides publication and is covered, or is named as not")
    func everyTableIsClassified() throws {
        let (home, _) = try newHome()
        let tables = try home.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        let classified = StateLedger.coveredNames.union(StateLedger.uncoveredTables)
        #expect(Set(tables).subtracting(classified).isEmpty, "tables no one classified: \(Set(tables).subtracting(classified).sorted())")
        #expect(StateLedger.coveredNames.isSubset(of: Set(tables)), "the ledger names tables the schema does not have")
    }

    @Test("each change records the digest of the rows it made, and the untouched home verifies")
    func recorded() throws {
        let (home, _) = try newHome()
        try addUser("amy", roles: "staff", to: home)
        let event = try #require(try home.database.read { try AuditEvent.order(Column("id").desc).fetchOne($0) })
        let state = try AuditEvent.decodeState(try #require(event.state))
        #expect(Array(state.keys) == [#"user ["amy"]"#])
        let digest = try home.database.read { try StateLedger.digest(of: StateLedger.Group(table: "user", key: #"["amy"]"#), $0) }
        #expect(state.values.first == digest)
        guard case .intact(events: 2, _) = try verify(home) else {
            Issue.record("an untouched home must verify")
            return
        }
    }

    @Test("a change with no event cannot be saved, and leaves nothing behind")
    func unrecordedChangeRefused() throws {
        let (home, _) = try newHome()
        #expect(throws: DatabaseError.self) {
            try home.database.write { db in
                try db.execute(sql: "UPDATE user SET roles = 'admin' WHERE name = 'nobody'")
                try db.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES ('eve', 'x', 'admin', ?, 'eve')",
                               arguments: [Date()])
            }
        }
        #expect(try home.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM user") } == 0)
        // A change after the transaction's last event is refused the same way.
        #expect(throws: DatabaseError.self) {
            try home.database.write { db in
                try AuditLog.append(db, actor: "admin", action: "test.step", subject: "x")
                try db.execute(sql: "UPDATE setting SET value = value || ' '")
            }
        }
        guard case .intact = try verify(home) else {
            Issue.record("a refused change must leave the record whole")
            return
        }
    }

    @Test("edits, removals and additions behind the log are each named, earliest record first")
    func differences() throws {
        let (home, raw) = try newHome()
        try addUser("amy", roles: "staff", to: home)
        try addUser("head", roles: "approver", to: home)
        try raw.write { db in
            try db.execute(sql: "UPDATE user SET roles = 'admin' WHERE name = 'head'")
            try db.execute(sql: "DELETE FROM user WHERE name = 'amy'")
            try db.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES ('eve', 'x', 'admin', '2026-01-01', 'eve')")
        }
        guard case let .stateDiffers(first, count) = try verify(home) else {
            Issue.record("edited tables must not verify")
            return
        }
        #expect(count == 3)
        #expect(first == StateLedger.Difference(group: .init(table: "user", key: #"["amy"]"#), kind: .removed, eventID: 2))
        #expect(first.description == "user amy was removed outside Photogate: event 2 recorded it")
    }

    @Test("an edit put back exactly as it was is no difference")
    func restored() throws {
        let (home, raw) = try newHome()
        try addUser("amy", roles: "staff", to: home)
        try raw.write { db in try db.execute(sql: "UPDATE user SET roles = 'admin' WHERE name = 'amy'") }
        #expect(try verify(home) != .intact(events: 2, head: ""))
        try raw.write { try $0.execute(sql: "UPDATE user SET roles = 'staff' WHERE name = 'amy'") }
        guard case .intact = try verify(home) else {
            Issue.record("rows equal to what was recorded verify")
            return
        }
    }

    @Test("an event in the old form after the log began recording state breaks the chain")
    func olderFormRefused() throws {
        let (home, raw) = try newHome()
        let last = try #require(try home.database.read { try AuditEvent.order(Column("id").desc).fetchOne($0) })
        var forged = AuditEvent(id: last.id + 1, at: last.at, actor: "mallory", action: "user.added", subject: "mallory",
                                details: "{}", previousHash: last.hash, hash: "", state: nil)
        forged.hash = AuditLog.hash(of: forged)
        try raw.write { try forged.insert($0) }
        guard case let .broken(id, reason) = try verify(home) else {
            Issue.record("a forged old-form event must not verify")
            return
        }
        #expect(id == forged.id && reason.contains("does not record the state"))
    }

    /// A home as an earlier Photogate left it: the schema before the log covered state, and
    /// events in the old form.
    func earlierHome() throws -> String {
        let path = folder.path + "/old"
        try FileManager.default.createDirectory(atPath: path + "/vault", withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path + "/photogate.sqlite")
        try Schema.migrator.migrate(queue, upTo: "v3: posts, approvals and takedowns")
        try queue.write { db in
            try SQLiteSettings.save(Settings(school: "Rose Lane"), db)
            try db.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES ('admin', 'x', 'admin', '2026-01-01', 'admin')")
            var previous = AuditLog.genesis
            for (id, action) in [(Int64(1), AuditLog.firstAction), (2, "user.added")] {
                try db.execute(sql: """
                    INSERT INTO event (id, at, actor, action, subject, details, previousHash, hash) VALUES (?, '2026-01-01T00:00:00.000Z', 'admin', ?, 'x', '{}', ?, '')
                    """, arguments: [id, action, previous])
                var event = try #require(try AuditEvent.fetchOne(db, key: id))
                event.hash = AuditLog.hash(of: event)
                try db.execute(sql: "DROP TRIGGER IF EXISTS event_append_only_update")
                try db.execute(sql: "UPDATE event SET hash = ? WHERE id = ?", arguments: [event.hash, id])
                previous = event.hash
            }
            for trigger in AuditLog.guardTriggers.values where !(try db.triggerExists(String(trigger.split(separator: " ")[2]))) {
                try db.execute(sql: trigger)
            }
        }
        return path
    }

    @Test("a home from before the log covered state gets its first full record when it is upgraded")
    func upgradedHome() async throws {
        let path = try earlierHome()
        let home = try await HomeEntrance.open(at: path).enter()
        let verification = try verify(home)
        guard case let .intact(events, _) = verification else {
            Issue.record("an upgraded home must verify: \(verification)")
            return
        }
        #expect(events == 3)
        let upgrade = try await #require(try home.database.read { try AuditEvent.fetchOne($0, key: 3) })
        #expect(upgrade.action == "home.upgraded" && upgrade.actor == "photogate")
        #expect(upgrade.detailValues["migrations"]?.contains("v4: events record the state") == true)
        #expect(try await home.database.read { try AuditEvent.fetchOne($0, key: 1) }?.state == nil, "earlier events keep their form")

        let raw = try DatabaseQueue(path: path + "/photogate.sqlite")
        try await raw.write { try $0.execute(sql: "UPDATE user SET roles = 'staff' WHERE name = 'admin'") }
        guard case let .stateDiffers(first, _) = try verify(home) else {
            Issue.record("after the upgrade, an edit is found")
            return
        }
        #expect(first.eventID == 3)
    }

    @Test("a home whose renders were recorded by absolute path is converted when opened, and the change is on the record")
    func absoluteRenderPathsConverted() async throws {
        let path = try earlierHome()
        let queue = try DatabaseQueue(path: path + "/photogate.sqlite")
        let render = "renders/1/1-" + String(repeating: "b", count: 64) + ".jpg"
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO channel (id, platform, account, purpose, posters, openedAt, openedBy) VALUES ('facebook', 'Facebook', '@rose', 'social_media', '', '2026-01-01', 'admin');
                INSERT INTO photo (sha256, format, width, height, size, hadGPS, firstBatchId, storedAt) VALUES ('\(String(repeating: "a", count: 64))', 'jpeg', 10, 10, 100, 0, 1, '2026-01-01');
                INSERT INTO post (channelId, caption, checklist, preparedBy, createdAt, state, stateChangedAt) VALUES ('facebook', 'Sports day', '', 'amy', '2026-01-01', 'queued', '2026-01-01');
                INSERT INTO postPhoto (postId, position, sha256, decision, renderPath, renderSHA256) VALUES (1, 1, '\(String(repeating: "a", count: 64))', '{}', '/srv/old-place/home/\(render)', '\(String(repeating: "b", count: 64))');
                """)
        }
        let home = try await HomeEntrance.open(at: path).enter()
        #expect(try await home.database.read { try String.fetchAll($0, sql: "SELECT renderPath FROM postPhoto") } == [render])
        let verification = try verify(home)
        guard case .intact = verification else {
            Issue.record("the converted home must verify: \(verification)")
            return
        }
        let upgrade = try await #require(try home.database.read { try AuditEvent.order(Column("id").desc).fetchOne($0) })
        #expect(upgrade.action == "home.upgraded")
        #expect(try AuditEvent.decodeState(try #require(upgrade.state)).keys.contains("postPhoto [1]"))
    }

    @Test("an upgrade over tables edited behind the log does not hide the edit")
    func upgradeDoesNotLaunder() throws {
        let (home, raw) = try newHome()
        try addUser("amy", roles: "staff", to: home)
        try raw.write { try $0.execute(sql: "UPDATE user SET roles = 'admin' WHERE name = 'amy'") }
        var migrator = Schema.migrator
        migrator.registerMigration("test: a later version adds a column") { db in
            try db.alter(table: "user") { $0.add(column: "nickname", .text) }
        }
        let pool = try DatabasePool(path: folder.path + "/home/photogate.sqlite")
        let upgrade = try StateLedger.Upgrade(before: pool, migrator: migrator)
        try migrator.migrate(pool)
        try pool.writeWithoutTransaction { try StateLedger.install(on: $0) }
        try upgrade.record(pool, migrator: migrator)
        #expect(try pool.read { try AuditEvent.filter(Column("action") == "home.upgraded").fetchCount($0) } == 0)
        guard case let .stateDiffers(first, _) = try pool.read({ try AuditLog.verify($0, migrator: migrator) }) else {
            Issue.record("the edit made before the upgrade must still be found")
            return
        }
        #expect(first.group.description == "user amy")
    }

    @Test("an upgrade that changes covered rows records what it changed")
    func upgradeRecordsItsChanges() throws {
        let (home, _) = try newHome()
        try addUser("amy", roles: "staff", to: home)
        var migrator = Schema.migrator
        migrator.registerMigration("test: a later version adds a column") { db in
            try db.alter(table: "user") { $0.add(column: "nickname", .text) }
            try db.execute(sql: "UPDATE user SET nickname = 'Amy'")
        }
        let pool = try DatabasePool(path: folder.path + "/home/photogate.sqlite")
        let upgrade = try StateLedger.Upgrade(before: pool, migrator: migrator)
        try migrator.migrate(pool)
        try pool.writeWithoutTransaction { try StateLedger.install(on: $0) }
        try upgrade.record(pool, migrator: migrator)
        let event = try #require(try pool.read { try AuditEvent.order(Column("id").desc).fetchOne($0) })
        #expect(event.action == "home.upgraded")
        #expect(Set(try AuditEvent.decodeState(try #require(event.state)).keys) == [#"user ["amy"]"#])
        guard case .intact = try pool.read({ try AuditLog.verify($0, migrator: migrator) }) else {
            Issue.record("the upgraded home must verify")
            return
        }
    }

    @Test("a decision's scope finds an edit to its rows behind the log's back, and is clean for rows outside it")
    func scoped() throws {
        let (home, raw) = try newHome()
        try addUser("amy", roles: "staff", to: home)
        func found(_ scope: StateScope) throws -> [String] {
            try home.database.read { try StateLedger.differences(in: scope, $0) }.map(\.description)
        }
        #expect(try found(.registers).isEmpty)
        try raw.write { try $0.execute(sql: #"UPDATE setting SET value = replace(value, '"redactionGrow":0.3', '"redactionGrow":-0.9')"#) }
        #expect(try found(.registers) == ["the settings (settings) was changed outside Photogate: it no longer matches what event 1 recorded"])
        #expect(try found(.posts([1])).isEmpty, "rows a decision does not read are not its business")
        try raw.write { try $0.execute(sql: "DELETE FROM user WHERE name = 'amy'") }
        #expect(try found(.registers).contains("user amy was removed outside Photogate: event 2 recorded it"))
        try raw.write { try $0.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES ('mallory', 'x', 'admin', '2026-01-01', 'admin')") }
        #expect(try found(.registers).contains("user mallory was added outside Photogate: no event records it"))
    }

    @Test("checked whole, the scopes find exactly what verify finds")
    func scopesAgreeWithVerify() throws {
        let (home, raw) = try newHome()
        try addUser("amy", roles: "staff", to: home)
        try addUser("bob", roles: "staff", to: home)
        try raw.write { db in
            try db.execute(sql: "UPDATE user SET roles = 'admin' WHERE name = 'bob'")
            try db.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES ('eve', 'x', 'admin', '2026-01-01', 'admin')")
        }
        var everything = StateScope()
        for table in StateLedger.tables { everything.tables[table.name] = .some(nil) }
        let scoped = try home.database.read { try StateLedger.differences(in: everything, $0) }
        let whole = try home.database.read { db in
            var expected = StateLedger.Expected()
            for event in try AuditEvent.order(Column("id")).fetchAll(db) { try expected.apply(event) }
            return StateLedger.differences(expected: expected, current: try StateLedger.currentState(db))
        }
        #expect(scoped == whole && scoped.count == 2)
    }

    @Test("what an approval recorded counts only while it is the latest word on the post")
    func approvedContent() throws {
        let (home, _) = try newHome()
        let approved = ApprovedContent(renders: [1: "aa", 2: "bb"], caption: "Sports day", renderedUnder: "cc")
        _ = try home.database.write { db in
            try AuditLog.append(db, actor: "head", action: ApprovedContent.finalApprovalAction, subject: "post 7", details: approved.eventDetails)
        }
        #expect(try home.database.read { try ApprovedContent.recorded(forPost: 7, $0) } == approved)
        #expect(try home.database.read { try ApprovedContent.recorded(forPost: 8, $0) } == nil)
        _ = try home.database.write { db in
            try AuditLog.append(db, actor: "head", action: "post.returned", subject: "post 7")
        }
        #expect(try home.database.read { try ApprovedContent.recorded(forPost: 7, $0) } == nil)
    }
}
