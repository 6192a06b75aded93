import Foundation
import PhotogateTestSupport
import Testing

/// `kill -9` at many moments of the commands that change the registers and records (device
/// add, user add, consent import, a tag manifest, deletion confirm), each followed by a
/// re-run: each change is all or nothing with its audit event, a re-run finishes it without
/// doing it twice, and the record verifies.
@Suite("Registers survive kill -9", .serialized)
struct RegisterKillTests {
    @Test("killed at many points, each register change is all or nothing, and a re-run finishes it once")
    func registers() throws {
        let school = try FaceCommandTests.school()
        try school.addStandardDevices()
        let tally = KillSwitch.Tally()
        func count(_ sql: String) throws -> Int { Int(try school.sqlite(sql).first ?? "") ?? -1 }
        func events(_ action: String, _ subject: String) throws -> Int {
            try count("SELECT COUNT(*) FROM event WHERE action = '\(action)' AND subject = '\(subject)'")
        }

        // These commands take about as long as signing in: the kills are spread over one.
        var status: Int32 = -1
        let duration = try KillSwitch.duration {
            status = try school.run(as: "admin", ["device", "add", "dev-0", "--kind", "trust", "--make", "Canon", "--model", "EOS 40D"]).status
        }
        #expect(status == 0)
        func moments() -> [KillSwitch.Moment] {
            KillSwitch.spread(over: duration, count: 3)
                + [school.databaseWritten(), school.databaseWritten(delay: 0.003), school.databaseWritten(delay: 0.01)]
        }

        // device add
        for (index, moment) in moments().enumerated() {
            let id = "dev-\(index + 1)"
            let arguments = ["device", "add", id, "--kind", "trust", "--make", "Canon", "--model", "EOS 40D"]
            try school.killedRun(as: "admin", arguments, at: moment, tally: tally)
            let added = try count("SELECT COUNT(*) FROM device WHERE id = '\(id)'"), recorded = try events("device.added", id)
            #expect(added <= 1 && recorded == added, "device add \(moment)")
            let rerun = try school.run(as: "admin", arguments)
            #expect(rerun.status == 0 || rerun.stderr.contains("already a device \(id)"), "device add \(moment): \(rerun.stderr)")
            #expect(try count("SELECT COUNT(*) FROM device WHERE id = '\(id)'") == 1)
            #expect(try events("device.added", id) == 1)
        }

        // user add
        for (index, moment) in moments().enumerated() {
            let name = "staff\(index + 1)"
            let arguments = ["user", "add", name, "--role", "staff"]
            let password = ["PHOTOGATE_NEW_PASSWORD": SchoolHome.password(for: name)]
            try school.killedRun(as: "admin", arguments, environment: password, at: moment, tally: tally)
            let added = try count("SELECT COUNT(*) FROM user WHERE name = '\(name)'"), recorded = try events("user.added", name)
            #expect(added <= 1 && recorded == added, "user add \(moment)")
            let rerun = try school.run(as: "admin", arguments, environment: password)
            #expect(rerun.status == 0 || rerun.stderr.contains("already a user called \(name)"), "user add \(moment): \(rerun.stderr)")
            #expect(try count("SELECT COUNT(*) FROM user WHERE name = '\(name)'") == 1)
            #expect(try events("user.added", name) == 1)
        }

        // consent import: every version whole, with its event. Importing a list again is a
        // new version of it (its consents are checked again on that day), not a duplicate.
        for (index, moment) in moments().enumerated() {
            let sheet = FaceCommandTests.consent.replacingOccurrences(of: "P005,River,Song,pupil,yes,yes",
                                                                       with: "P005,River,Song,pupil,\(index % 2 == 0 ? "no" : "yes"),yes")
            let file = school.folder.write("consent-\(index).csv", Array(sheet.utf8))
            try school.killedRun(as: "admin", ["consent", "import", file], at: moment, tally: tally)
            try checkConsentVersions(school)
            let rerun = try school.run(as: "admin", ["consent", "import", file])
            #expect(rerun.status == 0, "consent import \(moment): \(rerun.stderr)")
            try checkConsentVersions(school)
            #expect(try school.sqlite("SELECT fileName FROM consentVersion ORDER BY id DESC LIMIT 1") == ["consent-\(index).csv"])
        }

        // tag --manifest: all of a manifest's tags or none, and never twice.
        school.folder.write("card/IMG_1.JPG", try FaceCommandTests.groupPhoto(regions: []))
        #expect(try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/card"]).status == 0)
        for (index, moment) in moments().enumerated() {
            let boxes = ["\(100 + index),100,40,40", "\(300 + index),100,40,40"]
            let manifest = school.folder.write("card/tags-\(index).csv", Array("""
                photo,person,box
                IMG_1.JPG,P001,"\(boxes[0])"
                IMG_1.JPG,P003,"\(boxes[1])"

                """.utf8))
            let mine = "SELECT COUNT(*) FROM tag WHERE removedAt IS NULL AND x IN (\(100 + index), \(300 + index))"
            try school.killedRun(as: "amy", ["tag", "--manifest", manifest], at: moment, tally: tally)
            #expect([0, 2].contains(try count(mine)), "tag --manifest \(moment): all of the manifest or none")
            #expect(try count("SELECT COUNT(*) FROM event WHERE action = 'tag.added'") == (try count("SELECT COUNT(*) FROM tag")))
            let rerun = try school.run(as: "amy", ["tag", "--manifest", manifest])
            #expect(rerun.status == 0, "tag --manifest \(moment): \(rerun.stderr)")
            #expect(try count(mine) == 2, "tag --manifest \(moment): each tag once")
            #expect(try count("SELECT COUNT(*) FROM event WHERE action = 'tag.added'") == (try count("SELECT COUNT(*) FROM tag")))
        }

        // Run again after it finished (its answer lost, as when killed just after it
        // committed): the manifest's tags are all there already, and none is added twice.
        let tags = try count("SELECT COUNT(*) FROM tag")
        let again = try school.run(as: "amy", ["tag", "--manifest", school.folder.path + "/card/tags-0.csv"])
        #expect(again.status == 0 && again.stdout.contains("Added 0 tags"), "\(again.stdout)\(again.stderr)")
        #expect(try count("SELECT COUNT(*) FROM tag") == tags)

        // deletion confirm: the batch is confirmed once, with its event.
        for (index, moment) in moments().enumerated() {
            school.folder.write("phone-\(index)/IMG_1.JPG", CameraPhoto.jpeg(variant: 500 + index))
            let ingest = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", school.folder.path + "/phone-\(index)"])
            let batch = try #require((try ingest.json() as? [String: Any])?["batch"] as? Int)
            let confirmed = "SELECT COUNT(*) FROM batch WHERE id = \(batch) AND deletionConfirmedAt IS NOT NULL"
            try school.killedRun(as: "amy", ["deletion", "confirm", String(batch)], at: moment, tally: tally)
            #expect(try events("deletion.confirmed", "batch \(batch)") == (try count(confirmed)), "deletion confirm \(moment)")
            let rerun = try school.run(as: "amy", ["deletion", "confirm", String(batch)])
            #expect(rerun.status == 0 || rerun.stderr.contains("already recorded as deleted"), "deletion confirm \(moment): \(rerun.stderr)")
            #expect(try count(confirmed) == 1)
            #expect(try events("deletion.confirmed", "batch \(batch)") == 1)
        }

        #expect(tally.mostLanded, "the kills must land while the commands run: \(tally.missed)")
        #expect(try school.auditVerifies().status == 0)
    }

    /// Every consent version has its event and all its people.
    func checkConsentVersions(_ school: SchoolHome, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let versions = try school.sqlite("SELECT id || ' ' || peopleCount FROM consentVersion ORDER BY id")
        let events = try school.sqlite("SELECT subject FROM event WHERE action = 'consent.imported' ORDER BY id")
        #expect(events == versions.map { "version " + $0.split(separator: " ")[0] }, sourceLocation: sourceLocation)
        for version in versions {
            let parts = version.split(separator: " ")
            let people = try school.sqlite("SELECT COUNT(*) FROM consentPerson WHERE versionId = \(parts[0])")
            #expect(people == [String(parts[1])], "version \(parts[0]) is whole", sourceLocation: sourceLocation)
        }
    }
}
