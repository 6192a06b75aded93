import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Ingest from a device, and deletion from personal devices")
struct IngestAndDeletionTests {
    static func iPhonePhoto(_ variant: Int) -> [UInt8] {
        CameraPhoto.jpeg(make: "Apple", model: "iPhone 12", variant: variant)
    }

    @Test("stored, duplicate or refused, each file once in order; the stored ones are deleted from the phone after their copy is safe")
    func ingestAndDelete() async throws {
        let school = try await ServiceSchool.make()
        let card = MemoryCard([
            .init("DCIM/IMG_1.JPG", Self.iPhonePhoto(1)), .init("DCIM/IMG_2.JPG", Self.iPhonePhoto(2)),
            .init("DCIM/IMG_1 copy.JPG", Self.iPhonePhoto(1)), .init("DCIM/canon.jpg", CameraPhoto.jpeg(make: "Canon", model: "EOS 40D", variant: 3)),
            .init("DCIM/notes.jpg", Array("shopping list".utf8)),
        ])
        let progress = Recorded<[Int]>([])
        let summary = try await IngestService(home: school.home, user: school.amy, concurrency: 2)
            .run(device: "amy-phone", from: card, deleteFromDevice: true) { _, done, total in
                #expect(total == 5)
                progress.change { $0.append(done) }
            }
        #expect(progress.value == [1, 2, 3, 4, 5], "one report per file, in input order")
        #expect(summary.batch == 2)
        #expect(summary.accepted.map(\.file) == ["DCIM/IMG_1.JPG", "DCIM/IMG_2.JPG"])
        #expect(summary.accepted.map(\.sha256) == [Digest.sha256(Self.iPhonePhoto(1)), Digest.sha256(Self.iPhonePhoto(2))])
        #expect(summary.duplicates.map(\.file) == ["DCIM/IMG_1 copy.JPG"])
        #expect(summary.rejected.map(\.file) == ["DCIM/canon.jpg", "DCIM/notes.jpg"])
        #expect(summary.rejected.first?.reason.contains("its camera details say Canon EOS 40D") == true)
        #expect(Set(summary.deleted) == ["DCIM/IMG_1.JPG", "DCIM/IMG_2.JPG", "DCIM/IMG_1 copy.JPG"] && summary.notDeleted.isEmpty)
        #expect(card.remaining == ["DCIM/canon.jpg", "DCIM/notes.jpg"], "refused files stay on the phone")
        #expect(!summary.deletionOwed)

        for stored in summary.accepted {
            #expect(school.home.vault.contains(stored.sha256))
            let photo = try #require(try await school.home.photos.photo(sha256: stored.sha256))
            #expect(photo.make == "Apple" && photo.hadGPS && photo.firstBatchId == 2)
        }
        let report = try await DeletionService(home: school.home, user: school.audrey).report()
        let row = try #require(report.first { $0.batch == 2 })
        #expect(row.status == .done && row.files == 3 && row.deletedByPhotogate == 3)
        #expect(row.method == "deleted by Photogate after its vault copy was verified")

        let events = try await school.home.audit.events(since: nil).filter { $0.subject == "batch 2" || $0.detailValues["batch"] == "2" }
        #expect(events.first?.action == "ingest.started" && events.last?.action == "ingest.finished")
        #expect(events.last?.detailValues["accepted"] == "2" && events.last?.detailValues["rejected"] == "2")
        #expect(try await school.actions().filter { $0 == "photo.deleted-from-device" }.count == 3)
    }

    @Test("an XMP sidecar read with a photo is kept with it")
    func sidecarKept() async throws {
        let school = try await ServiceSchool.make()
        let xmp = Array(XMPPackets.mwgRegions([("Amelia Pond", 0.5, 0.5, 0.2, 0.2)], width: 64, height: 48).utf8)
        let card = MemoryCard([.init("DCIM/IMG_7.JPG", Self.iPhonePhoto(7), sidecars: [(name: "DCIM/IMG_7.xmp", bytes: xmp)])])
        let summary = try await IngestService(home: school.home, user: school.amy).run(device: "amy-phone", from: card, deleteFromDevice: false)
        let stored = try #require(summary.accepted.first)
        let sidecars = try await school.home.photos.sidecars(of: stored.sha256)
        #expect(sidecars.map(\.name) == ["IMG_7.xmp"])
        #expect(sidecars.first?.xmp == Data(xmp))
    }

    @Test("ingest is refused for an unknown, unapproved or revoked device, a deletion the source cannot do, and anyone but staff")
    func ingestRefusals() async throws {
        let school = try await ServiceSchool.make()
        let ingest = IngestService(home: school.home, user: school.amy)
        await expectRefusal(.notFound, code: "device.unknown") { try await ingest.run(device: "nothing", from: MemoryCard([]), deleteFromDevice: false) }
        _ = try await DeviceService(home: school.home, user: school.admin).add(.init(id: "new-phone", kind: .personal, make: "Apple",
                                                                                  model: "iPhone 15", holder: "amy"))
        let unapproved = await expectRefusal(.forbidden, code: "device.not-usable") {
            try await ingest.run(device: "new-phone", from: MemoryCard([]), deleteFromDevice: false)
        }
        #expect(unapproved?.message.contains("has not been approved") == true)
        await expectRefusal(.invalid, code: "ingest.cannot-delete") {
            try await ingest.run(device: "amy-phone", from: MemoryCard([.init("IMG_1.JPG", Self.iPhonePhoto(1))], canRemove: false), deleteFromDevice: true)
        }
        await expectRefusal(.forbidden) {
            try await IngestService(home: school.home, user: school.head).run(device: "amy-phone", from: MemoryCard([]), deleteFromDevice: false)
        }
        #expect(try await school.home.batches.batch(id: 2) == nil, "no refused ingest opened a batch")
    }

    @Test("a deletion the source could not do is owed; a file found gone on the next ingest is recorded as deleted")
    func interruptedDeletion() async throws {
        let school = try await ServiceSchool.make()
        let ingest = IngestService(home: school.home, user: school.amy)
        let changed = MemoryCard([.init("DCIM/IMG_1.JPG", Self.iPhonePhoto(1))], keepReason: "changed after it was copied, so it was kept")
        let first = try await ingest.run(device: "amy-phone", from: changed, deleteFromDevice: true)
        #expect(first.deleted.isEmpty)
        #expect(first.notDeleted.map(\.file) == ["DCIM/IMG_1.JPG"])
        #expect(first.notDeleted.map(\.reason) == ["changed after it was copied, so it was kept"])
        #expect(first.deletionOwed)
        let auditor = DeletionService(home: school.home, user: school.audrey)
        #expect(try await auditor.report().first { $0.batch == first.batch }?.status == .open, "a file still on the phone is not recorded deleted")

        // The file is gone from the phone now (deleted by hand, or by a run killed before it
        // recorded the deletion); the phone is ingested again.
        let later = MemoryCard([.init("DCIM/IMG_2.JPG", Self.iPhonePhoto(2))], formerly: ["DCIM/IMG_1.JPG"])
        _ = try await ingest.run(device: "amy-phone", from: later, deleteFromDevice: false)
        let row = try #require(try await auditor.report().first { $0.batch == first.batch })
        #expect(row.status == .done && row.deletedByPhotogate == 1)
        let recorded = try #require(try await school.home.audit.events(since: nil).first { $0.action == "photo.deleted-from-device" })
        #expect(recorded.detailValues["method"]?.contains("found gone from the device") == true)
        #expect(recorded.detailValues["batch"] == String(first.batch))
    }

    @Test("the holder confirms a batch's deletion once; the report shows it open, overdue and done")
    func confirmDeletion() async throws {
        let school = try await ServiceSchool.make()
        let summary = try await IngestService(home: school.home, user: school.amy)
            .run(device: "amy-phone", from: MemoryCard([.init("DCIM/IMG_3.JPG", Self.iPhonePhoto(3))]), deleteFromDevice: false)
        #expect(summary.deletionOwed)
        let deadline = try #require(summary.deletionDeadline)
        let auditor = DeletionService(home: school.home, user: school.audrey)
        let rows = try await auditor.report(now: deadline.addingTimeInterval(-1))
        #expect(rows.map(\.batch) == [1, summary.batch], "the school's batch 1 is owed too")
        #expect(rows.last?.status == .open && rows.last?.files == 1 && rows.last?.holder == "amy")
        let firstDeadline = try #require(rows.first?.deadline)
        #expect(try await auditor.report(DeletionService.Filter(status: .overdue), now: firstDeadline.addingTimeInterval(-1)).isEmpty)
        #expect(try await auditor.report(DeletionService.Filter(status: .overdue), now: deadline.addingTimeInterval(1)).map(\.batch) == [1, summary.batch])

        // The holder sees what they still have to delete; nobody else has it as theirs.
        #expect(try await DeletionService(home: school.home, user: school.amy).waitingForMe().map(\.batch).contains(summary.batch))
        #expect(try await DeletionService(home: school.home, user: school.head).waitingForMe().isEmpty)
        #expect(try await auditor.report(DeletionService.Filter(holder: "AMY")).allSatisfy { $0.holder == "amy" })
        #expect(try await auditor.report(DeletionService.Filter(device: "office-camera")).isEmpty)
        #expect(try await auditor.report(DeletionService.Filter(ingestedFrom: deadline)).isEmpty, "ingested before its own deadline")

        await expectRefusal(.forbidden) { try await DeletionService(home: school.home, user: school.head).confirm(batch: summary.batch, method: nil) }
        await expectRefusal(.forbidden) { try await DeletionService(home: school.home, user: school.amy).report() }
        let row = try await DeletionService(home: school.home, user: school.amy).confirm(batch: summary.batch, method: "deleted in the Photos app")
        #expect(row.status == .done && row.doneBy == "amy" && row.method == "deleted in the Photos app")
        await expectRefusal(.conflict, code: "deletion.done") {
            try await DeletionService(home: school.home, user: school.amy).confirm(batch: summary.batch, method: nil)
        }
        // An admin may confirm for the holder.
        let byAdmin = try await DeletionService(home: school.home, user: school.admin).confirm(batch: 1, method: "  ")
        #expect(byAdmin.doneBy == "admin" && byAdmin.method == "deleted from the device by its holder")
        #expect(try await auditor.report(DeletionService.Filter(status: .overdue), now: deadline.addingTimeInterval(1)).isEmpty)
        #expect(try await DeletionService(home: school.home, user: school.amy).waitingForMe().allSatisfy { $0.batch != summary.batch })

        // The register as a sanitisation record: who, what, how, when, and how it is known.
        let late = try await auditor.report(now: deadline.addingTimeInterval(1))
        var amyRow = try #require(late.first { $0.batch == summary.batch })
        #expect(amyRow.verification == "attested by amy in Photogate" && !amyRow.wasLate)
        amyRow.method = "=HYPERLINK(\"http://evil\")"
        amyRow.doneAt = deadline.addingTimeInterval(60)
        let csv = String(decoding: try DeletionService.csv([amyRow]), as: UTF8.self)
        let lines = csv.split(separator: "\r\n")
        #expect(lines.first == "batch,device,holder,photos,ingested_at,ingested_by,deadline,status,late,sanitized_by,method,sanitized_at,verification")
        #expect(lines.count == 2 && lines[1].contains(",done,yes,amy,") && lines[1].contains("attested by amy in Photogate"))
        #expect(!lines[1].contains(",=HYPERLINK"), "a cell that a spreadsheet would run is neutralised: \(lines[1])")
    }

    @Test("only batches from personal devices are confirmed, and only batches that exist")
    func confirmRefusals() async throws {
        let school = try await ServiceSchool.make()
        let fromCamera = try await IngestService(home: school.home, user: school.amy).run(
            device: "office-camera", from: MemoryCard([.init("IMG_9.JPG", CameraPhoto.jpeg(make: "Canon", model: "Canon EOS 40D", variant: 9))]),
            deleteFromDevice: false)
        #expect(fromCamera.accepted.count == 1 && fromCamera.deletionDeadline == nil && !fromCamera.deletionOwed)
        let admin = DeletionService(home: school.home, user: school.admin)
        await expectRefusal(.invalid, code: "batch.trust-device") { try await admin.confirm(batch: fromCamera.batch, method: nil) }
        await expectRefusal(.notFound, code: "batch.unknown") { try await admin.confirm(batch: 99, method: nil) }
        #expect(try await admin.report().map(\.batch) == [1], "a trust device's batch owes no deletion")
    }
}
