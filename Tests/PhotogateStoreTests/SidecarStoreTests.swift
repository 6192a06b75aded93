import Foundation
import GRDB
import PhotogateCore
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
        let stored = try queue.read { try StoredSidecar.fetchAll($0) }
        #expect(stored.map(\.name) == ["sidecar.xmp"])
        #expect(stored.first?.xmp == Data("<x/>".utf8) && stored.first?.problem == nil)
    }

    @Test("every sidecar of a photo is kept, readable or not; a new ingest replaces them; a row is bytes or a reason, never both or neither")
    func replace() async throws {
        let admin = UserAccount(name: "admin", passwordHash: "x", roles: [.admin], createdAt: Date(), createdBy: "admin")
        let home = try await PhotogateHome.create(at: folder.path + "/home", settings: Settings(school: "Rose Lane"), admin: admin)
        let camera = Device(id: "camera", kind: .trust, make: "Canon", model: "EOS 40D", status: .active)
        _ = try await home.devices.add(camera, by: "admin", at: Date())
        let batch = try await home.batches.start(Batch(deviceId: "camera", user: "amy", startedAt: Date(), deleteFromDevice: false, deletionDeadline: nil),
                                                 from: camera, sources: ["card"])
        let photo = StoredPhoto(sha256: Self.photo, format: .jpeg, width: 10, height: 10, size: 100, make: nil, model: nil, serial: nil,
                                capturedAt: nil, hadGPS: false, firstBatchId: batch.id!, storedAt: Date())
        func store(_ sidecars: [StoredSidecar]) async throws {
            _ = try await home.batches.recordStored(photo, source: "card/IMG_1.JPG", sidecars: sidecars, sidecarSources: sidecars.map(\.name),
                                                    batch: batch.id!, device: "camera", by: "amy")
        }
        try await store([
            StoredSidecar(sha256: Self.photo, name: "IMG_1.JPG.xmp", xmp: Data("<x/>".utf8), problem: nil, storedAt: Date()),
            StoredSidecar(sha256: Self.photo, name: "IMG_1.xmp", xmp: nil, problem: "is a folder, not a file", storedAt: Date()),
        ])
        #expect(try await home.photos.sidecars(of: Self.photo).map(\.name) == ["IMG_1.JPG.xmp", "IMG_1.xmp"])
        try await store([StoredSidecar(sha256: Self.photo, name: "IMG_1.xmp", xmp: Data("<y/>".utf8), problem: nil, storedAt: Date())])
        #expect(try await home.photos.sidecars(of: Self.photo).map(\.xmp) == [Data("<y/>".utf8)])
        await #expect(throws: PhotogateError.self) {
            try await store([StoredSidecar(sha256: Self.photo, name: "IMG_2.xmp", xmp: nil, problem: nil, storedAt: Date())])
        }
    }
}
