import Foundation
import GRDB
import PhotogateCore
@testable import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Opening a home and checking passwords")
struct HomeEntranceTests {
    let folder = TemporaryFolder("entrance")
    var root: String { folder.path + "/home" }

    /// A home with one user, amy, whose password is `amy-password-123`.
    func homeWithAmy() throws -> PhotogateHome {
        let home = try PhotogateHome.create(at: root)
        let amy = UserAccount(name: "amy", passwordHash: try PasswordHash.make("amy-password-123"), roles: [.staff],
                              createdAt: Date(), createdBy: "admin")
        try home.database.write { db in
            try AuditLog.append(db, actor: "admin", action: AuditLog.firstAction, subject: "Rose Lane")
            try SQLiteUsers.add(amy, db)
        }
        return home
    }

    /// The Argon2 runs `body` makes.
    func argon2Runs(_ body: () async throws -> Void) async rethrows -> Int {
        let counter = PasswordHash.RunCounter()
        try await PasswordHash.$runs.withValue(counter, operation: body)
        return counter.value
    }

    @Test("checking a password costs exactly one Argon2 run, whether the name exists or not")
    func oneArgon2RunEitherWay() async throws {
        _ = try homeWithAmy()
        let entrance = try HomeEntrance.open(at: root)
        var found: [String?] = []
        for (name, password) in [("nobody", "amy-password-123"), ("AMY", "wrong-password-1"), ("amy", "amy-password-123")] {
            let runs = try await argon2Runs { found.append(try await entrance.user(named: name, password: password)?.name) }
            #expect(runs == 1, "signing in as \(name) with \(password)")
        }
        #expect(found == [nil, nil, "amy"])
    }

    @Test("the decoy is a fixed Argon2id hash with the same cost as every real one, which no password matches")
    func decoy() async throws {
        /// `$argon2id$v=19$m=...,t=...,p=...$salt$hash` without the salt and hash, and their lengths.
        func shape(_ encoded: String) -> (parameters: String, salt: Int, hash: Int) {
            let parts = encoded.split(separator: "$")
            return (parts.prefix(3).joined(separator: "$"), parts[3].count, parts[4].count)
        }
        let real = try PasswordHash.make("amy-password-123")
        #expect(shape(PasswordHash.decoy) == shape(real))
        #expect(shape(real).parameters == "argon2id$v=19$m=\(PasswordHash.memoryKiB),t=\(PasswordHash.passes),p=\(PasswordHash.lanes)")
        #expect(await argon2Runs { _ = PasswordHash.decoy } == 0, "the decoy is a constant, never computed")
        #expect(!PasswordHash.verify("", against: PasswordHash.decoy))
        #expect(!PasswordHash.verify("photogate-decoy-password", against: PasswordHash.decoy))
    }

    @Test("a new home's file says in its header that it is Photogate's, and uses write-ahead logging")
    func header() throws {
        _ = try homeWithAmy()
        let header = try DatabaseFileHeader(path: root + "/photogate.sqlite")
        #expect(header.isSQLite && header.usesWriteAheadLog)
        #expect(header.applicationID == Schema.applicationID)
        #expect(!DatabaseFileHeader(bytes: Array("SQLite format 2\u{0}".utf8) + [UInt8](repeating: 0, count: 84)).isSQLite)
        #expect(!DatabaseFileHeader(bytes: Array(DatabaseFileHeader.magic)).isSQLite, "too short for a header")
    }

    @Test("opening a home to sign in writes nothing to its folder")
    func readOnly() async throws {
        let home = try homeWithAmy()
        _ = try await home.database.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let before = try #require(folder.read(root + "/photogate.sqlite"))
        let entrance = try HomeEntrance.open(at: root)
        _ = try await entrance.user(named: "amy", password: "amy-password-123")
        #expect(folder.read(root + "/photogate.sqlite") == before)
    }

    @Test("a home made before v7 is recognised, signs its users in, and is migrated only on entering")
    func olderHome() async throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: root + "/photogate.sqlite")
        // In WAL mode, as every home is; closing it leaves no -wal file behind.
        _ = try await queue.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") }
        try Schema.migrator.migrate(queue, upTo: "v3: posts, approvals and takedowns")
        let hash = try PasswordHash.make("amy-password-123")
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) VALUES ('amy', ?, 'staff', ?, 'admin')",
                           arguments: [hash, Date()])
        }
        try queue.close()
        #expect(folder.list("home") == ["photogate.sqlite"])

        let entrance = try HomeEntrance.open(at: root)
        let amy = try #require(try await entrance.user(named: "amy", password: "amy-password-123"))
        #expect(!amy.disabled && !amy.mustChangePassword && amy.roleSet == [.staff])
        let before = try DatabaseQueue(path: root + "/photogate.sqlite")
        #expect(try await before.read { try Schema.migrator.appliedMigrations($0).count } == 3, "signing in migrated nothing")
        try before.close()

        let home = try await entrance.enter()
        #expect(try await home.database.read { try Schema.migrator.hasCompletedMigrations($0) })
        #expect(try await home.database.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == Schema.applicationID)
        #expect(try await home.users.user(named: "amy")?.disabled == false)
    }

    @Test("a home changed by a newer Photogate is refused, not guessed at")
    func newerHome() throws {
        _ = try homeWithAmy()
        let raw = try DatabaseQueue(path: root + "/photogate.sqlite")
        try raw.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9: something from the future')") }
        try raw.close()
        #expect(throws: PhotogateError.self) { try HomeEntrance.open(at: root) }
        do {
            _ = try HomeEntrance.open(at: root)
        } catch let problem as PhotogateError {
            #expect(problem.description.contains("newer version of Photogate"))
        }
    }

    @Test("another program's database or a file that is not one is not a home, and a missing one says how to make one")
    func notAHome() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        folder.write("home/photogate.sqlite", Array("not a database at all, just text".utf8))
        #expect(throws: PhotogateError.self) { try HomeEntrance.open(at: root) }
        #expect(throws: PhotogateError.self) { try HomeEntrance.open(at: folder.path + "/nowhere") }
    }
}
