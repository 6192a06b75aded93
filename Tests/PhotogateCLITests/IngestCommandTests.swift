import Foundation
import PhotogateTestSupport
import Testing

@Suite("photogate ingest")
struct IngestCommandTests {
    /// A phone's camera folder: DCIM with two subfolders, hidden files and a link.
    static func phoneFolder(in folder: TemporaryFolder, count: Int = 3) -> String {
        for index in 0..<count {
            folder.write("phone/DCIM/10\(index % 2)APPLE/IMG_\(1000 + index).JPG", CameraPhoto.jpeg(variant: index))
        }
        folder.write("phone/DCIM/100APPLE/._IMG_1000.JPG", [0, 5, 22, 7])
        folder.write("phone/DCIM/.DS_Store", Array("finder".utf8))
        try? FileManager.default.createSymbolicLink(atPath: folder.path + "/phone/DCIM/link.JPG",
                                                    withDestinationPath: folder.path + "/phone/DCIM/100APPLE/IMG_1000.JPG")
        return folder.path + "/phone"
    }

    @Test("photos from an approved phone are stored once under their hash, privately; the summary names each")
    func ingest() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        let phone = Self.phoneFolder(in: school.folder)
        let result = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", phone])
        #expect(result.status == 1, "the link is rejected: \(result.stderr)")
        let summary = try #require(try result.json() as? [String: Any])
        let accepted = try #require(summary["accepted"] as? [[String: String]])
        let rejected = try #require(summary["rejected"] as? [[String: String]])
        #expect(summary["batch"] as? Int == 1)
        #expect(accepted.count == 3)
        #expect(rejected.count == 1 && rejected[0]["file"]!.hasSuffix("link.JPG") && rejected[0]["reason"]!.contains("symbolic link"))
        #expect(summary["deletion_deadline"] is String)
        for photo in accepted {
            let hash = photo["sha256"]!
            let stored = school.path + "/vault/\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))/\(hash)"
            let attributes = try FileManager.default.attributesOfItem(atPath: stored)
            #expect(attributes[.posixPermissions] as? Int == 0o600)
            #expect(FileManager.default.contents(atPath: stored) == FileManager.default.contents(atPath: photo["file"]!))
        }

        let again = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", phone])
        let second = try #require(try again.json() as? [String: Any])
        #expect((second["accepted"] as? [Any])?.isEmpty == true)
        #expect((second["duplicates"] as? [Any])?.count == 3)
        #expect(school.vaultFiles().count == 3)
    }

    @Test("an unknown, unapproved or revoked device is refused before anything is read")
    func refusedDevices() throws {
        let school = try SchoolHome()
        let phone = Self.phoneFolder(in: school.folder)
        let unknown = try school.run(as: "amy", ["ingest", "--device", "nope", phone])
        #expect(unknown.status == 2 && unknown.stderr.contains("no device nope"))
        _ = try school.run(as: "admin", ["device", "add", "amy-phone", "--kind", "personal", "--make", "Apple", "--model", "iPhone 12", "--holder", "amy"])
        let unapproved = try school.run(as: "amy", ["ingest", "--device", "amy-phone", phone])
        #expect(unapproved.status == 3 && unapproved.stderr.contains("not been approved"))
        _ = try school.run(as: "head", ["device", "approve", "amy-phone"])
        _ = try school.run(as: "head", ["device", "revoke", "amy-phone", "--reason", "lost"])
        let revoked = try school.run(as: "amy", ["ingest", "--device", "amy-phone", phone])
        #expect(revoked.status == 3 && revoked.stderr.contains("revoked"))
        #expect(try school.run(as: "head", ["ingest", "--device", "amy-phone", phone]).status == 3, "ingest is staff work")
        #expect(school.vaultFiles().isEmpty)
    }

    @Test("a photo from another camera is rejected, naming both; broken files are rejected; the batch goes on")
    func wrongCamera() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        school.folder.write("card/IMG_1.JPG", CameraPhoto.jpeg(make: "Canon", model: "Canon EOS 40D"))
        school.folder.write("card/IMG_2.JPG", CameraPhoto.jpeg(make: "Apple", model: "iPhone 12", variant: 2))
        let whole = CameraPhoto.jpeg(make: "Canon", model: "Canon EOS 40D", variant: 3, width: 400, height: 300)
        school.folder.write("card/IMG_3.JPG", Array(whole.prefix(whole.count * 2 / 3)))
        let result = try school.run(as: "amy", ["ingest", "--device", "office-camera", school.folder.path + "/card"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("IMG_2.JPG: rejected: its camera details say Apple iPhone 12, but device office-camera is registered as Canon EOS 40D"))
        #expect(result.stderr.contains("IMG_3.JPG: rejected: is damaged or truncated"))
        #expect(result.stdout.contains("1 stored"))
    }

    @Test("with --delete-from-device each photo is deleted once its copy is safe, and every deletion is recorded")
    func deleteFromDevice() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        let phone = Self.phoneFolder(in: school.folder)
        school.folder.write("phone/DCIM/100APPLE/IMG_9999.JPG", CameraPhoto.jpeg(make: "Samsung", model: "Galaxy S21"))
        let result = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", "--delete-from-device", phone])
        let summary = try #require(try result.json() as? [String: Any])
        #expect((summary["deleted"] as? [String])?.count == 3)
        let left = FileManager.default.enumerator(atPath: phone)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".JPG") && !$0.contains("/._") }.sorted()
        #expect(left == ["DCIM/100APPLE/IMG_9999.JPG", "DCIM/link.JPG"], "only what was rejected stays on the phone")

        let log = try #require(try school.run(as: "audrey", ["audit", "log", "--json"]).json() as? [[String: Any]])
        #expect(log.filter { $0["action"] as? String == "photo.deleted-from-device" }.count == 3)
        let deletions = try #require(try school.run(as: "audrey", ["audit", "deletions", "--json"]).json() as? [[String: Any]])
        #expect(deletions.count == 1)
        #expect(deletions[0]["status"] as? String == "done")
        #expect(deletions[0]["files"] as? Int == 3)
        #expect(deletions[0]["holder"] as? String == "amy")
    }

    @Test("a sidecar named in another letter case goes with its photo, and one another file beside it reads too stays")
    func lookAlikeSidecarsDeleted() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        let xmp = Array(XMPPackets.mwgRegions([("Amelia Pond", 0.5, 0.5, 0.2, 0.2)], width: 64, height: 48).utf8)
        school.folder.write("phone/IMG_1.JPG", CameraPhoto.jpeg(make: "Apple", model: "iPhone 12", variant: 1))
        school.folder.write("phone/img_1.jpg.xmp", xmp)
        school.folder.write("phone/IMG_2.JPG", CameraPhoto.jpeg(make: "Apple", model: "iPhone 12", variant: 2))
        school.folder.write("phone/IMG_2.AAE", Array("<plist/>".utf8))
        school.folder.write("phone/img_2.xmp", xmp)
        let result = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", "--delete-from-device", school.folder.path + "/phone"])
        let summary = try #require(try result.json() as? [String: Any], "\(result.stderr)")
        #expect((summary["deleted"] as? [String])?.count == 2, "\(summary)")
        let left = try FileManager.default.contentsOfDirectory(atPath: school.folder.path + "/phone").sorted()
        #expect(left == ["IMG_2.AAE", "img_2.xmp"], "IMG_2.AAE, refused as not a photo, still has its sidecar")
    }

    @Test("without it, the holder or an admin confirms; others may not; overdue batches are listed")
    func confirmDeletion() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        #expect(try school.run(as: "admin", ["config", "set", "deletion-deadline-hours", "0"]).status == 0)
        let phone = Self.phoneFolder(in: school.folder)
        _ = try school.run(as: "amy", ["ingest", "--device", "amy-phone", phone])
        let overdue = try #require(try school.run(as: "audrey", ["audit", "deletions", "--overdue", "--json"]).json() as? [[String: Any]])
        #expect(overdue.count == 1 && overdue[0]["status"] as? String == "overdue")
        #expect(try school.run(as: "amy", ["audit", "deletions"]).status == 3)

        _ = try school.add("bob", roles: "staff")
        #expect(try school.run(as: "bob", ["deletion", "confirm", "1"]).status == 3)
        #expect(try school.run(as: "audrey", ["deletion", "confirm", "1"]).status == 3, "the auditor changes nothing")
        let confirmed = try school.run(as: "amy", ["deletion", "confirm", "1", "--method", "deleted in Photos and emptied Recently Deleted"])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(try school.run(as: "admin", ["deletion", "confirm", "1"]).status == 2, "already done")
        let rows = try #require(try school.run(as: "audrey", ["audit", "deletions", "--json"]).json() as? [[String: Any]])
        #expect(rows[0]["status"] as? String == "done")
        #expect(rows[0]["done_by"] as? String == "amy")
        #expect(rows[0]["method"] as? String == "deleted in Photos and emptied Recently Deleted")
        #expect((try school.run(as: "audrey", ["audit", "deletions", "--overdue", "--json"]).json() as? [Any])?.isEmpty == true)
    }

    @Test("a personal-device batch that stored nothing owes no deletion, and confirming it says so")
    func nothingStored() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        school.folder.write("phone/IMG_1.JPG", Array("not a photo".utf8))
        #expect(try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"]).status == 1)
        let rows = try #require(try school.run(as: "audrey", ["audit", "deletions", "--json"]).json() as? [[String: Any]])
        #expect(rows.count == 1 && rows[0]["files"] as? Int == 0 && rows[0]["status"] as? String == "done")
        let confirm = try school.run(as: "amy", ["deletion", "confirm", "1"])
        #expect(confirm.status == 2)
        #expect(confirm.stderr.contains("nothing from this batch was stored"), "\(confirm.stderr)")
    }

    @Test("photos from a trust device open no deletion obligation")
    func trustDevice() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        school.folder.write("card/IMG_1.JPG", CameraPhoto.jpeg(make: "Canon", model: "Canon EOS 40D"))
        #expect(try school.run(as: "amy", ["ingest", "--device", "office-camera", school.folder.path + "/card"]).status == 0)
        #expect((try school.run(as: "audrey", ["audit", "deletions", "--json"]).json() as? [Any])?.isEmpty == true)
        #expect(try school.run(as: "amy", ["deletion", "confirm", "1"]).status == 2)
    }
}

@Suite("photogate audit")
struct AuditCommandTests {
    @Test("verify prints the head; an event edited with the sqlite3 shell makes it exit 4 naming that event")
    func tamperedEvent() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        let intact = try school.run(as: "audrey", ["audit", "verify", "--json"])
        #expect(intact.status == 0)
        let report = try #require(try intact.json() as? [String: Any])
        let head = try #require(report["head"] as? String)
        #expect(report["events"] as? Int == 8, "init, 4 users, 2 devices added and 1 approved")
        #expect(try school.run(as: "amy", ["audit", "verify"]).status == 3)

        try school.sqlite("DROP TRIGGER event_append_only_update; UPDATE event SET actor = 'someone' WHERE id = 6;")
        let broken = try school.run(as: "audrey", ["audit", "verify"])
        #expect(broken.status == 4)
        #expect(broken.stderr.contains("event 6 was altered"))
        #expect(try school.run(as: "audrey", ["audit", "verify", "--expect-head", head]).status == 4)
    }

    @Test("a deleted event, or a log cut short, fails verification")
    func removedEvents() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        try school.sqlite("DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id = 4;")
        let broken = try school.run(as: "audrey", ["audit", "verify", "--json"])
        #expect(broken.status == 4)
        #expect(try #require(try broken.json() as? [String: Any])["first_bad_event"] as? Int == 4)

        let other = try SchoolHome()
        let head = try #require(try other.run(as: "audrey", ["audit", "verify", "--json"]).json() as? [String: Any])["head"] as! String
        try other.addStandardDevices()
        #expect(try other.run(as: "audrey", ["audit", "verify", "--expect-head", head]).status == 0, "the noted head is still in the longer log")
        #expect(try other.run(as: "audrey", ["audit", "verify", "--expect-head", String(head.prefix(16))]).status == 0, "its first 16 characters are enough")
        #expect(try other.run(as: "audrey", ["audit", "verify", "--expect-head", String(head.prefix(8))]).status == 2)
        try other.sqlite("DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id > 5;")
        #expect(try other.run(as: "audrey", ["audit", "verify"]).status == 4)
    }

    @Test("the database refuses edits made while the triggers stand")
    func triggers() throws {
        let school = try SchoolHome()
        let result = try CommandRunner.run("/usr/bin/sqlite3", [school.path + "/photogate.sqlite", "DELETE FROM event WHERE id = 1;"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("append-only"))
    }

    @Test("log and export give every event; --since filters by day")
    func logAndExport() throws {
        let school = try SchoolHome()
        let log = try #require(try school.run(as: "audrey", ["audit", "log", "--json"]).json() as? [[String: Any]])
        #expect(log.map { $0["action"] as! String }.prefix(2) == ["home.created", "user.added"])
        #expect(Set(log[0].keys).isSuperset(of: ["id", "at", "actor", "action", "subject", "details", "previous_hash", "hash"]))
        let future = try #require(try school.run(as: "audrey", ["audit", "log", "--json", "--since", "2999-01-01"]).json() as? [Any])
        #expect(future.isEmpty)
        let out = school.folder.path + "/log.json"
        #expect(try school.run(as: "audrey", ["audit", "export", "--format", "json", "--out", out]).status == 0)
        let exported = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [[String: Any]]
        #expect(exported?.count == log.count)

        // A second export to the same name, or over a photo, replaces nothing.
        let again = try school.run(as: "audrey", ["audit", "export", "--format", "csv", "--out", out])
        #expect(again.status == 2 && again.stderr.contains("\(out) already exists; an export never replaces a file"), "\(again.stderr)")
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [[String: Any]] != nil, "still the first export")
        let photo = school.folder.write("IMG_1.JPG", Array("a photo".utf8))
        #expect(try school.run(as: "audrey", ["audit", "export", "--format", "csv", "--out", photo]).status == 2)
        #expect(try String(contentsOfFile: photo, encoding: .utf8) == "a photo")
    }
}
