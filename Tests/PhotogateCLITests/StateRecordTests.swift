import Foundation
import PhotogateTestSupport
import Testing

/// Editing the tables that decide publication, with the sqlite3 shell as someone with the
/// database file would: `audit verify` names what was changed, and nothing is published.
@Suite("The record covers the state")
struct StateRecordTests {
    /// A school with post 1 approved and ready to publish, and its record intact.
    static func approvedPost() throws -> SchoolHome {
        let (school, photo) = try PostCommandTests.school()
        let created = try school.run(as: "amy", ["post", "create", "--json", "--channel", "facebook", "--caption", "Sports day",
                                                 "--checklist", PostCommandTests.checklist, photo])
        #expect((try created.json() as? [String: Any])?["status"] as? String == "queued", "\(created.stderr)")
        let approved = try school.run(as: "head", ["approve", "1"])
        #expect(approved.status == 0, "\(approved.stderr)")
        let verified = try school.run(as: "audrey", ["audit", "verify"])
        #expect(verified.status == 0, "every change so far is on the record: \(verified.stderr)")
        return school
    }

    /// An edit behind the log's back, and the words `audit verify` must find for it.
    struct Tampering: Sendable, CustomTestStringConvertible {
        var label: String
        var sql: String
        var found: String
        var testDescription: String { label }
    }

    static let tamperings = [
        Tampering(label: "a consent value", sql: """
            UPDATE consentPerson SET record = replace(record, '"purposes":[', '"purposes":["social_media",') WHERE personId = 'P002'
            """, found: "the people in consent list version 1 was changed outside Photogate"),
        Tampering(label: "an exclusion flag", sql: """
            UPDATE consentPerson SET record = replace(record, '"excluded":true', '"excluded":false') WHERE personId = 'P004'
            """, found: "the people in consent list version 1 was changed"),
        Tampering(label: "a role", sql: "UPDATE user SET roles = 'staff,approver,publisher' WHERE name = 'amy'",
                  found: "user amy was changed outside Photogate"),
        Tampering(label: "a setting", sql: "UPDATE setting SET value = replace(value, '\"redactionGrow\":0.3', '\"redactionGrow\":0')",
                  found: "the settings (settings) was changed"),
        Tampering(label: "a cached face detection", sql: "UPDATE faceDetection SET faces = '[]'",
                  found: "the faces or text found in photo"),
        Tampering(label: "a render's hash", sql: "UPDATE postPhoto SET renderSHA256 = '\(String(repeating: "0", count: 64))'",
                  found: "the photos of post 1 was changed"),
        Tampering(label: "a removed face detection", sql: "DELETE FROM faceDetection", found: "was removed outside Photogate"),
        Tampering(label: "an added user", sql: """
            INSERT INTO user (name, passwordHash, roles, createdAt, createdBy) SELECT 'mallory', passwordHash, 'admin', createdAt, 'admin' FROM user WHERE name = 'admin'
            """, found: "user mallory was added outside Photogate: no event records it"),
    ]

    @Test("an edit to a table that decides publication is named by verify, and blocks publishing", arguments: tamperings)
    func tampered(_ tampering: Tampering) throws {
        let school = try Self.approvedPost()
        let before = try school.sqlite("SELECT count(*) FROM event")
        let dump = try school.sqlite(".dump")
        try school.sqlite(tampering.sql)
        #expect(try school.sqlite(".dump") != dump, "the edit must change the database: \(tampering.sql)")

        let verified = try school.run(as: "audrey", ["audit", "verify"])
        #expect(verified.status == 4)
        #expect(verified.stderr.contains(tampering.found), "\(verified.stderr)")
        let json = try #require(try school.run(as: "audrey", ["audit", "verify", "--json"]).json() as? [String: Any])
        #expect(json["intact"] as? Bool == false && (json["state_differences"] as? Int ?? 0) >= 1)

        let outbox = school.folder.path + "/outbox"
        let published = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(published.status == 4, "\(published.stderr)")
        #expect(published.stderr.contains("nothing is published"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).isEmpty)
        #expect(try school.sqlite("SELECT count(*) FROM event") == before, "a refused publication changes nothing")
    }

    static let shrinkBlur = #"UPDATE setting SET value = replace(value, '"redactionGrow":0.3', '"redactionGrow":-0.9')"#
    static let restoreBlur = #"UPDATE setting SET value = replace(value, '"redactionGrow":-0.9', '"redactionGrow":0.3')"#

    /// The hostile re-test's attack: the blur margin shrunk behind the log's back while the
    /// post is prepared and approved, then put back so that verify is intact, then publish.
    @Test("a setting edited behind the log and put back afterwards: the post is neither prepared, approved nor published")
    func editedAndPutBack() throws {
        let (school, photo) = try PostCommandTests.school()
        let outbox = school.folder.path + "/outbox"
        try school.sqlite(Self.shrinkBlur)
        let created = try school.run(as: "amy", ["post", "create", "--channel", "facebook", "--caption", "Sports day",
                                                 "--checklist", PostCommandTests.checklist, photo])
        #expect(created.status == 4, "\(created.stdout)")
        #expect(created.stderr.contains("edited behind the audit log's back (the settings (settings) was changed outside Photogate"), "\(created.stderr)")
        #expect(created.stderrLines.count == 1, "one plain line: \(created.stderr)")
        #expect(try school.sqlite("SELECT count(*) FROM post") == ["0"], "nothing was prepared")
        #expect(try school.run(as: "amy", ["check", "--channel", "facebook", photo]).status == 4, "nor checked")

        // Prepared while the home was whole, then the edit: approval is refused, nothing changes.
        try school.sqlite(Self.restoreBlur)
        let queued = try school.run(as: "amy", ["post", "create", "--json", "--channel", "facebook", "--caption", "Sports day",
                                                "--checklist", PostCommandTests.checklist, photo])
        #expect((try queued.json() as? [String: Any])?["status"] as? String == "queued", "\(queued.stderr)")
        try school.sqlite(Self.shrinkBlur)
        let events = try school.sqlite("SELECT count(*) FROM event")
        let approved = try school.run(as: "head", ["approve", "1"])
        #expect(approved.status == 4, "\(approved.stdout)")
        #expect(approved.stderr.contains("the settings (settings) was changed outside Photogate"), "\(approved.stderr)")
        #expect(try school.sqlite("SELECT state FROM post WHERE id = 1") == ["queued"])
        #expect(try school.sqlite("SELECT count(*) FROM event") == events, "a refused approval records nothing")

        // Put back, the home is whole again and the post goes on as prepared under it.
        try school.sqlite(Self.restoreBlur)
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
        #expect(try school.run(as: "head", ["approve", "1"]).status == 0)
        #expect(try school.run(as: "pa", ["publish", "1", "--outbox", outbox]).status == 0)
    }

    @Test("a post is approved and published only under the settings its renders were drawn under, as the log recorded them")
    func renderedUnderOtherSettings() throws {
        let school = try Self.approvedPost()
        let event = try #require(try school.sqlite("SELECT details FROM event WHERE action = 'post.approved'").first)
        #expect(event.contains("\"rendered_under\":\""), "the approval records what its renders were drawn under: \(event)")
        // Changed on the record after approval: the approved render is not what the home would draw now.
        #expect(try school.run(as: "admin", ["config", "set", "redaction-grow", "0.5"]).status == 0)
        let published = try school.run(as: "pa", ["publish", "1", "--outbox", school.folder.path + "/outbox"])
        #expect(published.status != 0 && published.stderr.contains("rendered under other settings for finding and hiding faces"), "\(published.stderr)")
        #expect(try school.sqlite("SELECT state FROM post WHERE id = 1") == ["returned"])

        // Changed between queueing and approval: approval sends it back the same way.
        let (other, photo) = try PostCommandTests.school()
        let created = try other.run(as: "amy", ["post", "create", "--channel", "facebook", "--caption", "Sports day",
                                                "--checklist", PostCommandTests.checklist, photo])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try other.run(as: "admin", ["config", "set", "redaction", "solid"]).status == 0)
        let approved = try other.run(as: "head", ["approve", "1"])
        #expect(approved.stderr.contains("rendered under other settings"), "\(approved.stdout) \(approved.stderr)")
        #expect(try other.sqlite("SELECT state FROM post WHERE id = 1") == ["returned"])
    }

    @Test("an untouched home publishes, and the record still verifies afterwards")
    func untouched() throws {
        let school = try Self.approvedPost()
        let published = try school.run(as: "pa", ["publish", "1", "--outbox", school.folder.path + "/outbox"])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
    }

    @Test("a render swapped on disk with its hash in the table is refused against the approval the log recorded")
    func renderSwapped() throws {
        let school = try Self.approvedPost()
        let render = try #require(try school.sqlite("SELECT renderPath FROM postPhoto WHERE postId = 1").first)
        // The swap puts another clean JPEG in place (here, the first photo of an unrelated render
        // made by sanitize) and edits only the file: the tables still say what was approved.
        let other = school.folder.write("other.png", TestImage(width: 40, height: 30, color: { _, _ in [200, 10, 10] }).encoded(.png))
        let sanitized = try school.run(["sanitize", "--out", school.folder.path + "/clean", other])
        #expect(sanitized.status == 0, "\(sanitized.stderr)")
        let swapped = try #require(FileManager.default.contents(atPath: school.folder.path + "/clean/other.jpg"))
        let renderPath = render.hasPrefix("/") ? render : school.path + "/" + render
        try swapped.write(to: URL(fileURLWithPath: renderPath))
        let published = try school.run(as: "pa", ["publish", "1", "--outbox", school.folder.path + "/outbox"])
        #expect(published.status == 4)
        #expect(published.stderr.contains("missing or was changed"), "\(published.stderr)")
    }
}
