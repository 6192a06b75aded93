import Foundation
import GRDB
@testable import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Sidecars in the store")
struct SidecarStoreTests {
    let folder = TemporaryFolder("sidecars")

    static let photo = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

    func insertPhoto(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO photo (sha256, format, width, height, size, hadGPS, firstBatchId, storedAt)
            VALUES (?, 'jpeg', 10, 10, 100, 0, 1, ?)
            """, arguments: [Self.photo, Date()])
    }

    @Test("a sidecar stored before this version is kept by the migration, under a name")
    func migration() throws {
        let path = folder.path + "/photogate.sqlite"
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v3: posts, approvals and takedowns")
        try queue.write { db in
            try insertPhoto(db)
            try db.execute(sql: "INSERT INTO sidecar (sha256, xmp, storedAt) VALUES (?, ?, ?)", arguments: [Self.photo, Data("<x/>".utf8), Date()])
        }
        try Schema.migrator.migrate(queue)
        let stored = try queue.read { try SidecarRecord.all(for: Self.photo, in: $0) }
        #expect(stored.map(\.name) == ["sidecar.xmp"])
        #expect(stored.first?.xmp == Data("<x/>".utf8) && stored.first?.problem == nil)
    }

    @Test("every sidecar of a photo is kept, readable or not; a new ingest replaces them; a row is bytes or a reason, never both or neither")
    func replace() throws {
        let home = try PhotogateHome.create(at: folder.path + "/home")
        try home.database.write { db in
            try insertPhoto(db)
            try SidecarRecord.replace(for: Self.photo, with: [
                SidecarRecord(sha256: Self.photo, name: "IMG_1.JPG.xmp", xmp: Data("<x/>".utf8), problem: nil, storedAt: Date()),
                SidecarRecord(sha256: Self.photo, name: "IMG_1.xmp", xmp: nil, problem: "is a folder, not a file", storedAt: Date()),
            ], in: db)
            try AuditLog.append(db, actor: "amy", action: "photo.stored", subject: Self.photo)
        }
        #expect(try home.database.read { try SidecarRecord.all(for: Self.photo, in: $0) }.map(\.name) == ["IMG_1.JPG.xmp", "IMG_1.xmp"])
        try home.database.write { db in
            try SidecarRecord.replace(for: Self.photo, with: [
                SidecarRecord(sha256: Self.photo, name: "IMG_1.xmp", xmp: Data("<y/>".utf8), problem: nil, storedAt: Date()),
            ], in: db)
            try AuditLog.append(db, actor: "amy", action: "photo.stored", subject: Self.photo)
        }
        #expect(try home.database.read { try SidecarRecord.all(for: Self.photo, in: $0) }.map(\.xmp) == [Data("<y/>".utf8)])
        #expect(throws: DatabaseError.self) {
            try home.database.write { db in
                try SidecarRecord(sha256: Self.photo, name: "IMG_2.xmp", xmp: nil, problem: nil, storedAt: Date()).insert(db)
            }
        }
    }
}
