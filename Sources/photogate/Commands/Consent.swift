import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateServices

struct Consent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The consent list of pupils and staff.",
        subcommands: [Import.self, List.self, Show.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the consent list from the MIS as CSV (admin). Each import is a new version.",
            discussion: """
            Columns (names from SIMS, Arbor and other MIS exports are understood too): person_id, \
            first_name, last_name, preferred_name, kind (pupil or staff), year_group, one yes/no column \
            per purpose (website, social_media, newsletter, press, display by default), names (consent \
            to be named), expires (a date like 2027-08-31), exclude (yes = must never appear). A blank \
            cell means no. A file with any problem is refused whole, with every problem by line.
            """
        )

        @OptionGroup var session: SessionOptions

        @Argument(help: "The CSV file.")
        var file: String

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let bytes = try NamedFile.read(file, maxBytes: ConsentService.maxFileBytes)
            let result = try await ConsentService(home: home, user: user).importSheet(bytes, named: (file as NSString).lastPathComponent)
            if json {
                JSONOutput.print(ConsentImportJSON(result))
                return
            }
            Terminal.line("Imported \(result.people) people as version \(result.version) of the consent list.")
            for line in ConsentDiffText.lines(result.diff) { Terminal.line("  \(line)") }
            for post in result.returnedPosts {
                Terminal.line("  ⚠ Post \(post) went back to its preparer: someone in it no longer has consent.")
            }
            if !result.takedowns.isEmpty {
                let posts = result.takedownPosts.map(String.init).joined(separator: ", ")
                Terminal.line("  ⚠ Published posts to take down: \(posts). See `photogate takedowns`.")
            }
            if result.formulaCells > 0 {
                let who = result.formulaCells == 1 ? "1 person has" : "\(result.formulaCells) people have"
                Terminal.line("  ⚠ \(who) cells that look like spreadsheet formulas; they are kept as plain text and neutralised in exports.")
            }
            for group in result.lookAlikeNames {
                let people = group.map { "\($0.personID) (\($0.fullName))" }.joined(separator: ", ")
                let why = "a photo tagged with any of these names goes to review until the names are corrected in the MIS"
                Terminal.line("  ⚠ \(people) have names that look the same but are written with different letters; \(why).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the consent list in force.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let service = ConsentService(home: home, user: user)
            let people = try await service.list()
            let purposes = try await service.purposes()
            let today = CalendarDate(Date())
            if json {
                JSONOutput.print(people.map { ConsentJSON($0, purposes: purposes, today: today) })
                return
            }
            guard !people.isEmpty else {
                Terminal.line("The consent list is empty. An admin imports it with `photogate consent import FILE.csv`.")
                return
            }
            let header = ["ID", "NAME", "KIND", "YEAR"] + purposes.map { Purposes.plainName($0).uppercased() } + ["NAMED", "EXPIRES"]
            Terminal.line(TextTable.render(header: header, rows: people.map { person in
                let marks = purposes.map { purpose -> String in
                    switch person.status(for: purpose, on: today) {
                    case .granted: "yes"
                    case .notGiven: "-"
                    case .expired: "expired"
                    case .excluded: "NEVER"
                    }
                }
                return [person.personID, person.fullName, person.kind.rawValue, person.yearGroup ?? ""] + marks
                    + [person.names ? "yes" : "-", person.expires?.description ?? ""]
            }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person's consent.")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The person's id.")
        var id: String

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let service = ConsentService(home: home, user: user)
            let person = try await service.show(id)
            let purposes = try await service.purposes()
            let today = CalendarDate(Date())
            if json {
                JSONOutput.print(ConsentJSON(person, purposes: purposes, today: today))
                return
            }
            Terminal.line("\(person.fullName) (\(person.personID)), \(person.kind.rawValue)\(person.yearGroup.map { ", year \($0)" } ?? "")")
            if person.excluded { Terminal.line("  ⚠ Must never appear in any photo (safeguarding).") }
            for purpose in purposes {
                let text: String = switch person.status(for: purpose, on: today) {
                case .granted: "yes"
                case .notGiven: "no"
                case let .expired(date): "expired on \(date)"
                case .excluded: "never"
                }
                Terminal.line("  \(Purposes.plainName(purpose).capitalized): \(text)")
            }
            Terminal.line("  May be named: \(person.mayBeNamed(on: today) ? "yes" : "no")")
            if let expires = person.expires { Terminal.line("  Consent valid until: \(expires)") }
        }
    }
}

/// The difference between consent versions, in sentences.
enum ConsentDiffText {
    static func lines(_ diff: ConsentDiff) -> [String] {
        var lines: [String] = []
        func list(_ ids: [String]) -> String { ids.prefix(20).joined(separator: ", ") + (ids.count > 20 ? " and \(ids.count - 20) more" : "") }
        func changes(_ items: [ConsentDiff.Change]) -> String {
            list(items.map { "\($0.personID) (\(Purposes.plainName($0.purpose)))" })
        }
        if !diff.added.isEmpty { lines.append("Added \(diff.added.count): \(list(diff.added))") }
        if !diff.removed.isEmpty { lines.append("Removed \(diff.removed.count): \(list(diff.removed))") }
        if !diff.granted.isEmpty { lines.append("Consent granted: \(changes(diff.granted))") }
        if !diff.withdrawn.isEmpty { lines.append("⚠ Consent withdrawn: \(changes(diff.withdrawn))") }
        if !diff.expired.isEmpty { lines.append("⚠ Consent expired: \(list(diff.expired))") }
        if !diff.exclusionsAdded.isEmpty { lines.append("⚠ Must never appear from now on: \(list(diff.exclusionsAdded))") }
        if !diff.namesGranted.isEmpty { lines.append("May now be named: \(list(diff.namesGranted))") }
        if !diff.namesWithdrawn.isEmpty { lines.append("⚠ May no longer be named: \(list(diff.namesWithdrawn))") }
        if lines.isEmpty { lines.append("No changes since the previous version.") }
        return lines
    }
}

struct ConsentJSON: JSONRecord {
    var person_id: String
    var first_name: String
    var last_name: String
    var preferred_name: String?
    var kind: String
    var year_group: String?
    var purposes: [String: String]
    var names: Bool
    var expires: String?
    var excluded: Bool

    init(_ record: ConsentRecord, purposes: [String], today: CalendarDate) {
        person_id = record.personID
        first_name = record.firstName
        last_name = record.lastName
        preferred_name = record.preferredName
        kind = record.kind.rawValue
        year_group = record.yearGroup
        self.purposes = Dictionary(uniqueKeysWithValues: purposes.map { ($0, record.status(for: $0, on: today).code) })
        names = record.names
        expires = record.expires?.description
        excluded = record.excluded
    }
}

struct ConsentImportJSON: JSONRecord {
    var version: Int64
    var people: Int
    var added: [String]
    var removed: [String]
    var granted: [[String: String]]
    var withdrawn: [[String: String]]
    var expired: [String]
    var exclusions_added: [String]
    var names_granted: [String]
    var names_withdrawn: [String]
    var formula_cells: Int
    var look_alike_names: [[String]]
    var returned_posts: [Int64]
    var takedowns: [Int64]

    init(_ result: ConsentService.ImportResult) {
        version = result.version
        people = result.people
        added = result.diff.added
        removed = result.diff.removed
        granted = result.diff.granted.map { ["person_id": $0.personID, "purpose": $0.purpose] }
        withdrawn = result.diff.withdrawn.map { ["person_id": $0.personID, "purpose": $0.purpose] }
        expired = result.diff.expired
        exclusions_added = result.diff.exclusionsAdded
        names_granted = result.diff.namesGranted
        names_withdrawn = result.diff.namesWithdrawn
        formula_cells = result.formulaCells
        look_alike_names = result.lookAlikeNames.map { $0.map(\.personID) }
        returned_posts = result.returnedPosts
        takedowns = result.takedownPosts
    }
}
