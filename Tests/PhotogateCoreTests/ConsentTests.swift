import Foundation
import PhotogateCore
import Testing

@Suite("Consent sheet")
struct ConsentSheetTests {
    let sheet = ConsentSheet(purposes: Purposes.defaults)

    func rows(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    @Test("a typical export is read, blanks meaning no")
    func typical() throws {
        let (header, body) = rows("""
        person_id,first_name,last_name,kind,year_group,website,social_media,newsletter,press,display,names,expires,exclude
        P001,Amelia,Pond,pupil,3,yes,yes,yes,no,yes,yes,2027-08-31,
        P002,Rory,Williams,pupil,3,yes,,yes,,,no,,
        S001,Clara,Oswald,staff,,y,y,y,y,y,y,,no
        """)
        let records = try sheet.read(header: header, rows: body).get()
        #expect(records.count == 3)
        #expect(records[0].purposes == ["website", "social_media", "newsletter", "display"])
        #expect(records[0].expires == CalendarDate(iso: "2027-08-31"))
        #expect(records[1].purposes == ["website", "newsletter"])
        #expect(records[1].names == false)
        #expect(records[2].kind == .staff)
    }

    @Test("MIS column names are understood")
    func misAliases() throws {
        let (header, body) = rows("""
        UPN,Legal Forename,Preferred Forename,Legal Surname,Type,NC Year,Photo Consent - Website,Social Media Consent,Consent: Newsletter,Name Consent,Expiry Date,Do Not Photograph
        A123,Margaret,Peggy,Carter,Student,5,Yes,No,Yes,No,,No
        """)
        let record = try #require(try sheet.read(header: header, rows: body).get().first)
        #expect(record.personID == "A123" && record.preferredName == "Peggy" && record.yearGroup == "5")
        #expect(record.purposes == ["website", "newsletter"])
        #expect(record.fullName == "Peggy Carter")
    }

    @Test("every problem is reported with its line, and nothing is read")
    func problems() {
        let (header, body) = rows("""
        person_id,first_name,last_name,kind,social_media,expires
        P001,Amelia,Pond,pupil,yes,31/08/2027
        P001,Amy,Pond,pupil,yes,
        P003,,Smith,pupil,maybe,
        P004,Jo,Bloggs,parent,no,
        P005,Too,Many,pupil,no,,extra
        """)
        guard case let .failure(errors) = sheet.read(header: header, rows: body) else {
            Issue.record("a sheet with problems must be refused")
            return
        }
        let text = errors.problems.map(\.description)
        #expect(text.contains("line 2: expiry \"31/08/2027\" is not a date like 2027-08-31"))
        #expect(text.contains("line 3: person id P001 already appears on line 2"))
        #expect(text.contains("line 4: \"maybe\" in column social_media is not yes or no"))
        #expect(text.contains("line 4: the first or last name is missing"))
        #expect(text.contains("line 5: kind \"parent\" is neither pupil nor staff"))
        #expect(text.contains("line 6: has 7 cells but the header has 6"))
    }

    @Test("ids that differ only in letter case are one person: a clash refuses the sheet, by line")
    func idCase() {
        let (header, body) = rows("""
        person_id,first_name,last_name,kind,social_media,exclude
        D777,Danny,Pink,pupil,yes,
        P001,Amelia,Pond,pupil,yes,
        d777,Danny,Pink,pupil,,yes
        """)
        guard case let .failure(errors) = sheet.read(header: header, rows: body) else {
            Issue.record("d777 and D777 were read as two people")
            return
        }
        #expect(errors.problems.map(\.description) == ["line 4: person id d777 already appears on line 2 as D777 (letter case does not make another person)"])
    }

    @Test("an id must be letters, digits, dots, dashes or underscores; nothing from another alphabet")
    func idForm() {
        let (header, body) = rows("""
        person_id,first_name,last_name,kind
        Р001,Amelia,Pond,pupil
        P 002,Rory,Williams,pupil
        """)
        guard case let .failure(errors) = sheet.read(header: header, rows: body) else {
            Issue.record("ids that are not identifiers were read")
            return
        }
        #expect(errors.problems.map(\.line) == [2, 3])
        #expect(errors.problems[0].message == "a person id is 1 to 64 letters, digits, dots, dashes or underscores, not \"Р001\"")
    }

    @Test("a name with an invisible character is refused with its line; a decomposed accent is stored composed")
    func hiddenCharacters() throws {
        let (header, body) = rows("""
        person_id,first_name,last_name,kind
        P001,Amelia,Po\u{200B}nd,pupil
        P002,Ro\u{1B}[2Kry,Williams,pupil
        P003,Rene\u{301}e,Smith,pupil
        """)
        guard case let .failure(errors) = sheet.read(header: header, rows: body) else {
            Issue.record("names with invisible characters were read")
            return
        }
        #expect(errors.problems.map(\.description) == [
            "line 2: the last_name cell contains an invisible character (U+200B, zero width space), which is not shown on screen; remove it in the MIS and export again",
            "line 3: the first_name cell contains an invisible character (U+001B, escape), which is not shown on screen; remove it in the MIS and export again",
        ])
        let composed = try sheet.read(header: header, rows: [body[2]]).get()
        #expect(composed[0].firstName == "Renée" && composed[0].firstName.unicodeScalars.count == 5)
    }

    @Test("unknown and missing columns are refused from the header")
    func headerProblems() {
        guard case let .failure(errors) = sheet.read(header: ["id", "first_name", "surname", "kind", "favourite_colour"], rows: []) else {
            Issue.record("an unknown column must be refused")
            return
        }
        #expect(errors.problems.first?.description.contains("unknown column \"favourite_colour\"") == true)
        guard case let .failure(missing) = sheet.read(header: ["first_name", "last_name"], rows: []) else {
            Issue.record("missing columns must be refused")
            return
        }
        #expect(missing.problems.map(\.message).contains("the person_id column is missing"))
        #expect(missing.problems.map(\.message).contains("the kind column is missing"))
    }

    @Test("the purposes are configuration")
    func configuredPurposes() throws {
        let custom = ConsentSheet(purposes: ["website", "prospectus"])
        let records = try custom.read(header: ["id", "first_name", "last_name", "kind", "prospectus"], rows: [["P1", "A", "B", "pupil", "yes"]]).get()
        #expect(records[0].purposes == ["prospectus"])
        #expect(throws: ConsentSheetErrors.self) { try custom.read(header: ["id", "first_name", "last_name", "kind", "press"], rows: []).get() }
    }

    @Test("semicolon-separated exports are recognised")
    func delimiter() {
        #expect(ConsentSheet.delimiter(ofHeaderLine: "person_id;first_name;last_name") == ";")
        #expect(ConsentSheet.delimiter(ofHeaderLine: "person_id,first_name,last_name") == ",")
    }
}

@Suite("Consent rules")
struct ConsentRuleTests {
    let today = CalendarDate(iso: "2026-11-21")!

    @Test("consent is per purpose, can expire, and exclusion overrides everything")
    func status() {
        var record = ConsentRecord(personID: "P1", firstName: "A", lastName: "B", kind: .pupil, purposes: ["website"], expires: CalendarDate(iso: "2026-11-21"))
        #expect(record.status(for: "website", on: today) == .granted)
        #expect(record.status(for: "social_media", on: today) == .notGiven)
        #expect(record.status(for: "website", on: CalendarDate(iso: "2026-11-22")!) == .expired(CalendarDate(iso: "2026-11-21")!))
        record.excluded = true
        #expect(record.status(for: "website", on: today) == .excluded)
    }

    @Test("each status has a stable code for scripts")
    func statusCodes() {
        let statuses: [ConsentStatus] = [.granted, .notGiven, .expired(CalendarDate(iso: "2026-01-01")!), .excluded]
        #expect(statuses.map(\.code) == ["granted", "not_given", "expired", "excluded"])
    }

    @Test("dates are real days")
    func dates() {
        #expect(CalendarDate(iso: "2028-02-29") != nil)
        #expect(CalendarDate(iso: "2027-02-29") == nil)
        #expect(CalendarDate(iso: "2027-8-31") == nil)
        #expect(CalendarDate(iso: "2027-08-31")! < CalendarDate(iso: "2027-09-01")!)
    }

    @Test("a new version is compared with the last: added, removed, granted, withdrawn, expired, excluded")
    func diff() {
        let old = [
            ConsentRecord(personID: "P1", firstName: "A", lastName: "A", kind: .pupil, purposes: ["website", "social_media"], names: true),
            ConsentRecord(personID: "P2", firstName: "B", lastName: "B", kind: .pupil, purposes: ["website"], expires: CalendarDate(iso: "2026-12-31")),
            ConsentRecord(personID: "P3", firstName: "C", lastName: "C", kind: .pupil, purposes: ["website"]),
        ]
        let new = [
            ConsentRecord(personID: "P1", firstName: "A", lastName: "A", kind: .pupil, purposes: ["website", "press"]),
            ConsentRecord(personID: "P2", firstName: "B", lastName: "B", kind: .pupil, purposes: ["website"], expires: CalendarDate(iso: "2026-10-31")),
            ConsentRecord(personID: "P4", firstName: "D", lastName: "D", kind: .staff, excluded: true),
        ]
        let diff = ConsentDiff(from: old, importedOn: CalendarDate(iso: "2026-09-01"), to: new, on: today)
        #expect(diff.added == ["P4"])
        #expect(diff.removed == ["P3"])
        #expect(diff.granted == [.init(personID: "P1", purpose: "press")])
        #expect(diff.withdrawn == [.init(personID: "P1", purpose: "social_media")])
        #expect(diff.expired == ["P2"])
        #expect(diff.exclusionsAdded == ["P4"])
        #expect(diff.namesWithdrawn == ["P1"])
    }

    @Test("an id whose letter case changed between versions is the same person")
    func diffCase() {
        let old = [ConsentRecord(personID: "d777", firstName: "D", lastName: "P", kind: .pupil, purposes: ["website"])]
        let new = [ConsentRecord(personID: "D777", firstName: "D", lastName: "P", kind: .pupil, purposes: ["website"], excluded: true)]
        let diff = ConsentDiff(from: old, to: new, on: today)
        #expect(diff.added.isEmpty && diff.removed.isEmpty)
        #expect(diff.exclusionsAdded == ["D777"])
    }

    @Test("importing the same list again changes nothing")
    func sameList() {
        let list = [ConsentRecord(personID: "P1", firstName: "A", lastName: "A", kind: .pupil, purposes: ["website"])]
        #expect(ConsentDiff(from: list, to: list, on: today).isEmpty)
    }

    @Test("spreadsheet formulas are neutralised for export", arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+44 1234", "'+44 1234"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
        ("Amelia", "Amelia"), ("", ""),
    ])
    func formulas(cell: String, expected: String) {
        #expect(SpreadsheetCell.neutralised(cell) == expected)
    }
}

@Suite("Calendar days")
struct CalendarDayTests {
    @Test("a day starts at its local midnight and ends at the next, 23 hours long when the clocks go forward")
    func startAndEnd() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        let day = try #require(CalendarDate(iso: "2026-03-29"))
        #expect(day.start(in: london).formatted(.iso8601) == "2026-03-29T00:00:00Z")
        #expect(day.end(in: london).timeIntervalSince(day.start(in: london)) == 23 * 3600)
        #expect(CalendarDate(day.end(in: london), in: london) == CalendarDate(iso: "2026-03-30"))
        let summer = try #require(CalendarDate(iso: "2026-07-01"))
        #expect(summer.start(in: london).formatted(.iso8601) == "2026-06-30T23:00:00Z")
    }
}
