import Foundation

/// Reads the consent list as a school's MIS exports it: one row per person, one yes/no
/// column per purpose. Column names are matched loosely (case, spaces and common MIS names:
/// `UPN`, `Forename`, `Surname`, `Photo consent - Website`...). A sheet with any problem is
/// refused whole, with every problem listed by line, so nothing is half-imported.
public struct ConsentSheet: Sendable {
    /// The purposes this school uses (configuration).
    public let purposes: [String]

    public init(purposes: [String]) {
        self.purposes = purposes
    }

    public typealias Problem = LineProblem

    enum Column: Hashable {
        case personID, firstName, lastName, preferredName, kind, yearGroup, names, expires, exclude
        case purpose(String)
    }

    /// Names MIS exports use for each column, already normalised (see `normalise`).
    private static let aliases: [String: Column] = {
        var table: [String: Column] = [:]
        let groups: [(Column, [String])] = [
            (.personID, ["person_id", "id", "person", "pupil_id", "student_id", "staff_id", "upn", "adno",
                         "admission_number", "admission_no", "mis_id", "reference"]),
            (.firstName, ["first_name", "firstname", "forename", "first", "given_name", "legal_forename", "legal_first_name"]),
            (.lastName, ["last_name", "lastname", "surname", "last", "family_name", "legal_surname", "legal_last_name"]),
            (.preferredName, ["preferred_name", "preferred_forename", "preferred_first_name", "known_as", "chosen_name"]),
            (.kind, ["kind", "type", "person_type", "role", "category"]),
            (.yearGroup, ["year_group", "year", "nc_year", "yeargroup", "curriculum_year"]),
            (.names, ["names", "name_consent", "names_consent", "consent_to_name", "may_be_named"]),
            (.expires, ["expires", "expiry", "expiry_date", "expires_on", "consent_expires", "valid_until", "end_date"]),
            (.exclude, ["exclude", "excluded", "do_not_photograph", "no_photos", "safeguarding", "never_photograph"]),
        ]
        for (column, names) in groups {
            for name in names { table[name] = column }
        }
        return table
    }()

    /// Lowercase, with every run of other characters turned into one underscore.
    static func normalise(_ header: String) -> String {
        header.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .joined(separator: "_")
    }

    func column(for header: String) -> Column? {
        let name = Self.normalise(header)
        if let column = Self.aliases[name] { return column }
        // "Photo consent - Website", "Website consent", "Consent: social media"...
        var stripped = name
        for prefix in ["photo_consent_", "photograph_consent_", "consent_", "photos_", "photo_"] where stripped.hasPrefix(prefix) {
            stripped = String(stripped.dropFirst(prefix.count))
        }
        for suffix in ["_consent", "_photos", "_photo"] where stripped.hasSuffix(suffix) {
            stripped = String(stripped.dropLast(suffix.count))
        }
        let purposeAliases: [String: String] = ["web": "website", "school_website": "website", "social": "social_media",
                                                "socialmedia": "social_media", "newsletters": "newsletter",
                                                "media": "press", "newspaper": "press", "local_press": "press",
                                                "displays": "display", "school_display": "display"]
        let purpose = purposeAliases[stripped] ?? stripped
        return purposes.contains(purpose) ? .purpose(purpose) : nil
    }

    /// Interprets a parsed sheet: the header row and the data rows, in file order.
    public func read(header: [String], rows: [[String]]) -> Result<[ConsentRecord], ConsentSheetErrors> {
        var problems: [Problem] = []
        var columns: [Column?] = []
        var seen: [Column: String] = [:]
        for raw in header {
            let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let column = column(for: title) else {
                let known = (["person_id", "first_name", "last_name", "preferred_name", "kind", "year_group"] + purposes
                    + ["names", "expires", "exclude"]).joined(separator: ", ")
                problems.append(Problem(line: 1, message: "unknown column \"\(title)\" (columns are \(known))"))
                columns.append(nil)
                continue
            }
            if let earlier = seen[column] {
                problems.append(Problem(line: 1, message: "columns \"\(earlier)\" and \"\(title)\" both mean the same thing"))
            }
            seen[column] = title
            columns.append(column)
        }
        for (required, name) in [(Column.personID, "person_id"), (.firstName, "first_name"), (.lastName, "last_name"), (.kind, "kind")]
            where seen[required] == nil {
            problems.append(Problem(line: 1, message: "the \(name) column is missing"))
        }
        guard problems.isEmpty else { return .failure(ConsentSheetErrors(problems: problems)) }

        var records: [ConsentRecord] = []
        var firstLine: [String: (line: Int, id: String)] = [:]
        for (index, row) in rows.enumerated() {
            let line = index + 2
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard row.count == columns.count else {
                problems.append(Problem(line: line, message: "has \(row.count) cells but the header has \(columns.count)"))
                continue
            }
            var record = ConsentRecord(personID: "", firstName: "", lastName: "", kind: .pupil)
            for (column, rawCell) in zip(columns, row) {
                // A name is shown to staff and checked against captions: it must read as it is.
                // A refused cell is read on without its hidden character, so that it is not
                // also reported as missing.
                let cell: String
                do {
                    cell = try OutsideText.checked(rawCell, field: "the \(seen[column!]!) cell", fix: "remove it in the MIS and export again")
                } catch {
                    problems.append(Problem(line: line, message: error.description))
                    cell = OutsideText.cleaned(rawCell).trimmingCharacters(in: .whitespacesAndNewlines)
                }
                switch column! {
                case .personID: record.personID = cell
                case .firstName: record.firstName = cell
                case .lastName: record.lastName = cell
                case .preferredName: record.preferredName = cell.isEmpty ? nil : cell
                case .yearGroup: record.yearGroup = cell.isEmpty ? nil : cell
                case .kind:
                    switch Self.normalise(cell) {
                    case "pupil", "student", "child", "learner": record.kind = .pupil
                    case "staff", "teacher", "employee", "adult", "volunteer": record.kind = .staff
                    case "": problems.append(Problem(line: line, message: "the kind is missing (pupil or staff)"))
                    default: problems.append(Problem(line: line, message: "kind \"\(cell)\" is neither pupil nor staff"))
                    }
                case .names, .exclude, .purpose:
                    guard let value = YesNo.parse(cell) else {
                        problems.append(Problem(line: line, message: "\"\(cell)\" in column \(seen[column!]!) is not yes or no"))
                        continue
                    }
                    switch column! {
                    case .names: record.names = value
                    case .exclude: record.excluded = value
                    case let .purpose(purpose): if value { record.purposes.insert(purpose) }
                    default: break
                    }
                case .expires:
                    guard !cell.isEmpty else { continue }
                    guard let date = CalendarDate(iso: cell) else {
                        problems.append(Problem(line: line, message: "expiry \"\(cell)\" is not a date like 2027-08-31"))
                        continue
                    }
                    record.expires = date
                }
            }
            if record.personID.isEmpty {
                problems.append(Problem(line: line, message: "the person id is missing"))
            } else if let problem = Identifier.problem(record.personID, naming: "a person id") {
                problems.append(Problem(line: line, message: "\(problem), not \"\(record.personID)\""))
            } else if let earlier = firstLine[Identifier.key(record.personID)] {
                // Ids are one person whatever their letter case, so d777 and D777 clash.
                let same = earlier.id == record.personID ? "" : " as \(earlier.id) (letter case does not make another person)"
                problems.append(Problem(line: line, message: "person id \(record.personID) already appears on line \(earlier.line)\(same)"))
            } else {
                firstLine[Identifier.key(record.personID)] = (line, record.personID)
            }
            if record.firstName.isEmpty || record.lastName.isEmpty {
                problems.append(Problem(line: line, message: "the first or last name is missing"))
            }
            records.append(record)
        }
        return problems.isEmpty ? .success(records) : .failure(ConsentSheetErrors(problems: problems))
    }

    /// Spreadsheet programs save CSV with commas, or semicolons where the comma is the decimal
    /// mark; the header line tells which.
    public static func delimiter(ofHeaderLine line: Substring) -> Character {
        let semicolons = line.filter { $0 == ";" }.count
        let commas = line.filter { $0 == "," }.count
        let tabs = line.filter { $0 == "\t" }.count
        if tabs > commas, tabs > semicolons { return "\t" }
        return semicolons > commas ? ";" : ","
    }
}

/// Every problem of a refused consent sheet.
public struct ConsentSheetErrors: Error, Sendable, Equatable {
    public var problems: [ConsentSheet.Problem]
}

/// The yes/no answers consent sheets use. A blank cell means no.
public enum YesNo {
    public static func parse(_ cell: String) -> Bool? {
        switch cell.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "yes", "y", "true", "1", "x", "✓", "✔", "granted", "consented", "given", "agreed": true
        case "", "no", "n", "false", "0", "refused", "withdrawn", "declined", "not given": false
        default: nil
        }
    }
}
