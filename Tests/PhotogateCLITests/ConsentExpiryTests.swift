import Foundation
import PhotogateTestSupport
import Testing

/// Consent that ends by its date, with no new list imported: days pass (libfaketime moves the
/// clock of the `photogate` it starts, and only that) and what was fine is not any more.
@Suite("Consent that expires by its date")
struct ConsentExpiryTests {
    static let faketime = "/usr/bin/faketime"

    /// A day from today, as the consent list writes it (in the local calendar, as Photogate reads it).
    static func day(_ offset: Int) -> String {
        let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: offset, to: Date())!
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The school of the post tests, with Martha Jones's (P006) consent ending tomorrow.
    static func school() throws -> (SchoolHome, String) {
        #expect(FileManager.default.isExecutableFile(atPath: faketime), "libfaketime's faketime is needed: run Scripts/setup")
        let (school, photo) = try PostCommandTests.school()
        let lines = FaceCommandTests.consent.split(separator: "\n").map(String.init)
        let dated = [lines[0] + ",expires"] + lines.dropFirst().map { $0 + ($0.hasPrefix("P006,") ? "," + day(1) : ",") }
        let list = school.folder.write("dated.csv", Array((dated.joined(separator: "\n") + "\n").utf8))
        let imported = try school.run(as: "admin", ["consent", "import", list])
        #expect(imported.status == 0, "\(imported.stderr)")
        return (school, photo)
    }

    /// `photogate` as `user`, `days` from now.
    func later(_ school: SchoolHome, days: Int, as user: String, _ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(Self.faketime, ["-f", "+\(days)d", CommandRunner.photogate] + arguments, environment: school.environment(as: user))
    }

    func post(_ school: SchoolHome, _ photo: String, caption: String) throws -> Int {
        let created = try school.run(as: "amy", ["post", "create", "--json", "--channel", "facebook", "--caption", caption,
                                                 "--checklist", PostCommandTests.checklist, photo])
        let outcome = try #require(try created.json() as? [String: Any], "\(created.stderr)")
        #expect(outcome["status"] as? String == "queued", "\(outcome)")
        return try #require(outcome["post"] as? Int)
    }

    @Test("a published post showing someone whose consent has since expired is listed for takedown, on the record, with no import")
    func listedWhenExpired() throws {
        let (school, photo) = try Self.school()
        let id = try post(school, photo, caption: "Sports day")
        #expect(try school.run(as: "head", ["approve", String(id)]).status == 0)
        #expect(try school.run(as: "pa", ["publish", String(id), "--outbox", school.folder.path + "/outbox"]).status == 0)
        #expect((try school.run(as: "pa", ["takedowns", "--json"]).json() as? [Any])?.isEmpty == true, "consent still holds today")

        // Three days on, Martha's consent has ended: the list says so at once.
        let listed = try later(school, days: 3, as: "pa", ["takedowns", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let entries = try #require(try listed.json() as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["person_id"] as? String == "P006" && entries.first?["post"] as? Int == id)
        #expect((entries.first?["reason"] as? String)?.contains("P006's social media consent expired on \(Self.day(1))") == true, "\(entries)")
        let log = try #require(try school.run(as: "audrey", ["audit", "log", "--json"]).json() as? [[String: Any]])
        let events = log.filter { $0["action"] as? String == "takedown.listed" }
        #expect(events.count == 1 && events.first?["actor"] as? String == "pa")
        // Listed once: looking again adds nothing.
        #expect(try later(school, days: 4, as: "head", ["takedowns", "--json"]).status == 0)
        #expect(try school.sqlite("SELECT count(*) FROM takedown") == ["1"])
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
    }

    @Test("approval and publication check consent as of the day they happen")
    func approvalAndPublicationUseToday() throws {
        let (school, photo) = try Self.school()
        let first = try post(school, photo, caption: "Sports day, the relay")
        let approveLater = try later(school, days: 3, as: "head", ["approve", String(first)])
        #expect(approveLater.status == 1)
        #expect(approveLater.stderr.contains("P006") && approveLater.stderr.contains("expired on \(Self.day(1))"), "\(approveLater.stderr)")

        let second = try post(school, photo, caption: "Sports day, the long jump")
        #expect(try school.run(as: "head", ["approve", String(second)]).status == 0)
        let outbox = school.folder.path + "/outbox"
        let publishLater = try later(school, days: 3, as: "pa", ["publish", String(second), "--outbox", outbox])
        #expect(publishLater.status == 1)
        #expect(publishLater.stderr.contains("not published"), "\(publishLater.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outbox + "/\(second)"))
        #expect(try school.sqlite("SELECT state FROM post WHERE id = \(second)") == ["returned"])
    }
}
