import Foundation
import PhotogateTestSupport
import Testing

@Suite("photogate consent")
struct ConsentCommandTests {
    static let sheet = """
    UPN,Legal Forename,Preferred Forename,Legal Surname,Type,Year,Website,Social Media,Newsletter,Press,Display,Names,Expiry Date,Do Not Photograph
    P001,Amelia,,Pond,pupil,3,yes,yes,yes,no,yes,yes,2027-08-31,
    P002,Rory,,Williams,pupil,3,yes,,yes,,,no,,
    P003,"=HYPERLINK(""http://evil.example"",""click"")",,Smith,pupil,4,yes,yes,,,,,,
    S001,Clara,,Oswald,staff,,y,y,y,y,y,y,,no

    """

    @Test("an MIS export is imported as version 1, with a byte-order mark and Excel's quoting")
    func importSheet() throws {
        let school = try SchoolHome()
        let file = school.folder.write("consent.csv", [0xEF, 0xBB, 0xBF] + Array(Self.sheet.utf8))
        #expect(try school.run(as: "amy", ["consent", "import", file]).status == 3, "staff cannot import")
        let result = try school.run(as: "admin", ["consent", "import", "--json", file])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try result.json() as? [String: Any])
        #expect(summary["version"] as? Int == 1)
        #expect(summary["people"] as? Int == 4)
        #expect(summary["added"] as? [String] == ["P001", "P002", "P003", "S001"])
        #expect(summary["formula_cells"] as? Int == 1)
        #expect(summary["names_withdrawn"] as? [String] == [])

        let shown = try school.run(as: "amy", ["consent", "show", "P001", "--json"])
        let amelia = try #require(try shown.json() as? [String: Any])
        let purposes = try #require(amelia["purposes"] as? [String: String])
        #expect(purposes["social_media"] == "granted" && purposes["press"] == "not_given")
        #expect(amelia["expires"] as? String == "2027-08-31")
        #expect(try school.run(as: "audrey", ["consent", "list"]).status == 3, "the auditor has no need to see children's consent")
    }

    @Test("a bad sheet is refused whole, line by line, and nothing changes")
    func refused() throws {
        let school = try SchoolHome()
        let before = try school.eventCount()
        let file = school.folder.write("bad.csv", Array("""
        person_id,first_name,last_name,kind,social_media,expires,shoe_size
        P001,Amelia,Pond,pupil,yes,,4
        """.utf8))
        let header = try school.run(as: "admin", ["consent", "import", file])
        #expect(header.status == 2)
        #expect(header.stderr.contains("line 1: unknown column \"shoe_size\""))
        let rows = school.folder.write("rows.csv", Array("""
        person_id,first_name,last_name,kind,social_media,expires
        P001,Amelia,Pond,pupil,maybe,31/08/2027
        P001,,Pond,pupil,yes,
        """.utf8))
        let result = try school.run(as: "admin", ["consent", "import", rows])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nothing changed"))
        #expect(result.stderr.contains("line 2: \"maybe\" in column social_media is not yes or no"))
        #expect(result.stderr.contains("line 2: expiry \"31/08/2027\" is not a date like 2027-08-31"))
        #expect(result.stderr.contains("line 3: person id P001 already appears on line 2"))
        #expect(result.stderr.contains("line 3: the first or last name is missing"))
        #expect(try school.eventCount() == before)
        #expect((try school.run(as: "amy", ["consent", "list", "--json"]).json() as? [Any])?.isEmpty == true)
    }

    @Test("a second import is a new version and prints what changed")
    func secondVersion() throws {
        let school = try SchoolHome()
        _ = try school.run(as: "admin", ["consent", "import", school.folder.write("v1.csv", Array(Self.sheet.utf8))])
        let changed = Self.sheet
            .replacingOccurrences(of: "P002,Rory,,Williams,pupil,3,yes,,yes", with: "P002,Rory,,Williams,pupil,3,yes,,no")
            .replacingOccurrences(of: "S001,Clara,,Oswald,staff,,y,y,y,y,y,y,,no", with: "S001,Clara,,Oswald,staff,,y,y,y,y,y,y,,yes")
            .replacingOccurrences(of: "P001,Amelia,,Pond,pupil,3,yes,yes,yes,no,yes,yes,2027-08-31,", with: "P001,Amelia,,Pond,pupil,3,yes,yes,yes,no,yes,yes,2025-08-31,")
        let result = try school.run(as: "admin", ["consent", "import", school.folder.write("v2.csv", Array(changed.utf8))])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("version 2"))
        #expect(result.stdout.contains("⚠ Consent withdrawn: P002 (newsletter)"))
        #expect(result.stdout.contains("⚠ Consent expired: P001"))
        #expect(result.stdout.contains("⚠ Must never appear from now on: S001"))
        let shown = try #require(try school.run(as: "amy", ["consent", "show", "P001", "--json"]).json() as? [String: Any])
        #expect((shown["purposes"] as? [String: String])?["website"] == "expired")
    }

    @Test("a cell that looks like a formula is kept as text and neutralised in the CSV export")
    func formulas() throws {
        let formula = "=HYPERLINK(\"http://evil.example\",\"click\")"
        // The school's name is the audit log's first subject: a free-text cell of the export.
        let school = try SchoolHome(school: formula)
        let result = try school.run(as: "admin", ["consent", "import", school.folder.write("c.csv", Array(Self.sheet.utf8))])
        #expect(result.stdout.contains("1 person has cells that look like spreadsheet formulas"))
        let shown = try #require(try school.run(as: "amy", ["consent", "show", "P003", "--json"]).json() as? [String: Any])
        #expect(shown["first_name"] as? String == formula)

        let formulaUser = try school.run(as: "admin", ["user", "add", "=cmd|' /C calc'!A0", "--role", "staff"],
                                         environment: ["PHOTOGATE_NEW_PASSWORD": "long-enough-pass"])
        #expect(formulaUser.status == 2, "a user name is letters, digits and .-_ only")
        let export = school.folder.path + "/audit.csv"
        #expect(try school.run(as: "audrey", ["audit", "export", "--format", "csv", "--out", export]).status == 0)
        let csv = try String(contentsOfFile: export, encoding: .utf8)
        let created = try #require(csv.split(separator: "\r\n").first { $0.contains(",home.created,") })
        #expect(created.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","), "\(created)")
    }
}
