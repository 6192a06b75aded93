import Foundation
import PhotogateTestSupport
import Testing

/// Triggers planted with the sqlite3 shell fire inside Photogate's own transactions, so their
/// edits would be recorded as Photogate's and `audit verify` could not tell. The two attacks
/// a hostile re-test made, through the real binary: nothing is changed or published while such
/// a thing is there, and verify names it.
@Suite("Planted triggers and an edited record of upgrades")
struct PlantedSchemaTests {
    /// Un-excluding a child: the trigger rewrites Danny Pink's (P004) record as the consent
    /// list is imported again.
    static let unexclude = """
        CREATE TRIGGER zz_fix AFTER INSERT ON consentPerson WHEN NEW.personId = 'P004' BEGIN
          UPDATE consentPerson SET record = replace(NEW.record, '"excluded":true', '"excluded":false')
          WHERE versionId = NEW.versionId AND personId = NEW.personId;
        END;
        """

    /// Swapping the image at approval: the trigger points the approved photo at another render.
    static func swap(render: String, sha256: String) -> String {
        """
        CREATE TRIGGER zz_swap AFTER INSERT ON postApproval BEGIN
          UPDATE postPhoto SET renderPath = '\(render)', renderSHA256 = '\(sha256)' WHERE postId = NEW.postId;
        END;
        """
    }

    func expectNamed(_ school: SchoolHome, trigger: String, on table: String) throws {
        let verified = try school.run(as: "audrey", ["audit", "verify"])
        #expect(verified.status == 4)
        #expect(verified.stderr.contains("a trigger named \(trigger) on \(table) that Photogate did not make"), "\(verified.stderr)")
        let json = try #require(try school.run(as: "audrey", ["audit", "verify", "--json"]).json() as? [String: Any])
        #expect(json["intact"] as? Bool == false && json["schema_differences"] as? Int == 1)
    }

    @Test("a trigger that would un-exclude a child at the next import: the import is refused, the child stays excluded, verify names it")
    func unexcludeAtImport() throws {
        let school = try FaceCommandTests.school()
        let list = school.folder.write("consent-again.csv", Array(FaceCommandTests.consent.utf8))
        let events = try school.sqlite("SELECT count(*) FROM event")
        try school.sqlite(Self.unexclude)

        let imported = try school.run(as: "admin", ["consent", "import", list])
        #expect(imported.status == 4)
        #expect(imported.stderr.contains("holds something Photogate did not make (a trigger named zz_fix on consentPerson"), "\(imported.stderr)")
        #expect(imported.stderr.contains("nothing is changed until it is looked into"))
        #expect(imported.stderrLines.count == 1, "one plain line: \(imported.stderr)")
        #expect(try school.sqlite("SELECT count(*) FROM consentVersion") == ["1"], "no new version")
        #expect(try school.sqlite("SELECT count(*) FROM consentPerson WHERE record LIKE '%\"excluded\":false%' AND personId = 'P004'") == ["0"])
        #expect(try school.sqlite("SELECT count(*) FROM event") == events, "nothing recorded")
        try expectNamed(school, trigger: "zz_fix", on: "consentPerson")
        // Reading still works: the list is shown, as it stands.
        #expect(try school.run(as: "admin", ["consent", "list"]).status == 0)

        // Once it is removed, the home is Photogate's own again.
        try school.sqlite("DROP TRIGGER zz_fix")
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
        #expect(try school.run(as: "admin", ["consent", "import", list]).status == 0)
    }

    @Test("a trigger that would swap the approved image: approval is refused, so is publishing, verify names it")
    func swapAtApproval() throws {
        let (school, photo) = try PostCommandTests.school()
        let created = try school.run(as: "amy", ["post", "create", "--json", "--channel", "facebook", "--caption", "Sports day",
                                                 "--checklist", PostCommandTests.checklist, photo])
        #expect((try created.json() as? [String: Any])?["status"] as? String == "queued", "\(created.stderr)")
        let recorded = try school.sqlite("SELECT renderPath || ' ' || renderSHA256 FROM postPhoto WHERE postId = 1")
        try school.sqlite(Self.swap(render: "renders/1/1-evil.jpg", sha256: String(repeating: "e", count: 64)))

        let approved = try school.run(as: "head", ["approve", "1"])
        #expect(approved.status == 4)
        #expect(approved.stderr.contains("a trigger named zz_swap on postApproval"), "\(approved.stderr)")
        #expect(try school.sqlite("SELECT state FROM post WHERE id = 1") == ["queued"])
        #expect(try school.sqlite("SELECT renderPath || ' ' || renderSHA256 FROM postPhoto WHERE postId = 1") == recorded)
        #expect(try school.sqlite("SELECT count(*) FROM postApproval") == ["0"])
        try expectNamed(school, trigger: "zz_swap", on: "postApproval")

        // Planted after the approval instead: publishing refuses, and writes nothing.
        try school.sqlite("DROP TRIGGER zz_swap")
        #expect(try school.run(as: "head", ["approve", "1"]).status == 0)
        try school.sqlite("""
            CREATE TRIGGER zz_swap AFTER UPDATE ON post BEGIN
              UPDATE postPhoto SET renderPath = 'renders/1/1-evil.jpg' WHERE postId = NEW.id;
            END;
            """)
        let outbox = school.folder.path + "/outbox"
        let published = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(published.status == 4)
        #expect(published.stderr.contains("zz_swap"), "\(published.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).isEmpty)
        #expect(try school.sqlite("SELECT state FROM post WHERE id = 1") == ["approved"])
    }

    @Test("a home whose record of upgrades was edited: one plain line, never SQLite's words, and nothing changed")
    func editedUpgrades() throws {
        let school = try SchoolHome()
        try school.sqlite("DELETE FROM grdb_migrations WHERE identifier LIKE 'v7:%'")
        let dump = try school.sqlite(".dump")
        for (user, arguments) in [("amy", ["config", "show"]), ("admin", ["user", "list"]), ("audrey", ["audit", "verify"])] {
            let result = try school.run(as: user, arguments)
            #expect(result.status == 4)
            #expect(result.stderrLines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("its record of the upgrades made to it was edited: \"v7:"), "\(result.stderr)")
            #expect(!result.stderr.contains("duplicate column") && !result.stderr.lowercased().contains("sqlite"), "\(result.stderr)")
        }
        #expect(try school.sqlite(".dump") == dump, "nothing was changed")
    }

    @Test("the latest upgrade's row deleted: refused in one plain line before it could run again over its own work, nothing changed")
    func latestUpgradeDeleted() throws {
        let school = try SchoolHome()
        let roles = try school.sqlite("SELECT name || ' ' || roles FROM user ORDER BY name")
        try school.sqlite("DELETE FROM grdb_migrations WHERE identifier LIKE 'v9-web:%'")
        let dump = try school.sqlite(".dump")
        for (user, arguments) in [("amy", ["channel", "list"]), ("admin", ["user", "list"]), ("audrey", ["audit", "verify"])] {
            let result = try school.run(as: user, arguments)
            #expect(result.status == 4)
            #expect(result.stderrLines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("its record of the upgrades made to it was edited: \"v9-web:"), "\(result.stderr)")
            #expect(result.stderr.contains("the home already has its changes"), "\(result.stderr)")
        }
        #expect(try school.sqlite(".dump") == dump, "nothing was changed")
        #expect(try school.sqlite("SELECT name || ' ' || roles FROM user ORDER BY name") == roles, "no role was encoded twice")
    }
}
