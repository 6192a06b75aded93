import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateServices
import PhotogateStore

extension AuditService.ExportFormat: ExpressibleByArgument {}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The tamper-evident record, for auditors (auditor or admin).",
        subcommands: [Deletions.self, Verify.self, Log.self, Export.self]
    )

    struct Deletions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whether photos from personal devices were deleted, batch by batch.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Only batches past their deadline.")
        var overdue = false

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let rows = try await DeletionService(home: home, user: user).report(DeletionService.Filter(status: overdue ? .overdue : nil))
            if json {
                JSONOutput.print(rows.map(DeletionJSON.init))
                return
            }
            guard !rows.isEmpty else {
                Terminal.line(overdue ? "No batch is overdue." : "No photos have come from personal devices.")
                return
            }
            Terminal.line(TextTable.render(
                header: ["BATCH", "DEVICE", "HOLDER", "FILES", "INGESTED", "DEADLINE", "DELETED", "BY", "HOW", "STATUS"],
                rows: rows.map { row in
                    [String(row.batch), row.device, row.holder ?? "-", String(row.files), HumanTime.string(row.ingestedAt),
                     HumanTime.string(row.deadline), row.doneAt.map(HumanTime.string) ?? "-", row.doneBy ?? "-",
                     row.method ?? "-", row.status == .overdue ? "OVERDUE" : row.status.rawValue]
                }
            ))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the chain of events; exit 4 naming the first event that was altered, removed or inserted.",
            discussion: "Note the head hash it prints; pass it later with --expect-head to prove the log was not rewritten since."
        )

        @OptionGroup var session: SessionOptions

        @Option(help: "A head hash noted earlier, which must still be in the log.")
        var expectHead: String?

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let verification = try await AuditService(home: home, user: user).verify(expectedHead: expectHead)
            switch verification {
            case let .intact(events, head):
                if json {
                    JSONOutput.print(AuditVerifyJSON(intact: true, events: events, head: head, first_bad_event: nil, reason: nil, state_differences: 0))
                } else {
                    Terminal.line("\(verification.plainWords)")
                    Terminal.line("Head hash: \(head)")
                    Terminal.line("Note it down (the first 16 characters are enough): `photogate audit verify --expect-head \(head.prefix(16))` proves later that nothing before it changed.")
                }
            case let .broken(eventID, reason):
                if json {
                    JSONOutput.print(AuditVerifyJSON(intact: false, events: nil, head: nil, first_bad_event: eventID, reason: reason, state_differences: nil))
                } else {
                    Terminal.error("✗ \(verification.plainWords)")
                }
                throw ExitStatus.integrity
            case let .stateDiffers(first, count):
                if json {
                    JSONOutput.print(AuditVerifyJSON(intact: false, events: nil, head: nil, first_bad_event: first.eventID,
                                                     reason: first.description, state_differences: count))
                } else {
                    Terminal.error("✗ \(verification.plainWords)")
                }
                throw ExitStatus.integrity
            case let .schemaAltered(first, count):
                if json {
                    JSONOutput.print(AuditVerifyJSON(intact: false, events: nil, head: nil, first_bad_event: nil, reason: first, state_differences: nil,
                                                     schema_differences: count))
                } else {
                    Terminal.error("✗ \(verification.plainWords)")
                    Terminal.error("  Nothing can be changed or published until it is looked into. What was recorded while it was there may have been changed by it, though the log shows it as Photogate's own work.")
                }
                throw ExitStatus.integrity
            }
        }
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the events, oldest first.")

        @OptionGroup var session: SessionOptions

        @Option(help: "Only events from this date on (e.g. 2026-09-01).")
        var since: String?

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            var sinceDate: Date?
            if let since {
                guard let date = CalendarDate(iso: since) else { throw ValidationError("--since takes a date like 2026-09-01.") }
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .current
                sinceDate = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
            }
            let (home, user) = try await session.signIn()
            let events = try await AuditService(home: home, user: user).events(since: sinceDate)
            if json {
                JSONOutput.print(events.map(AuditEventJSON.init))
                return
            }
            for event in events {
                let when = Timestamp.date(event.at).map(HumanTime.string) ?? event.at
                let details = event.detailValues.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty }
                    .map { "\($0.key)=\($0.value.replacingOccurrences(of: "\n", with: ", "))" }.joined(separator: " ")
                Terminal.line("#\(event.id) \(when) \(event.actor) \(event.action) \(event.subject)\(details.isEmpty ? "" : "  " + details)")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the whole log to a CSV or JSON file.")

        @OptionGroup var session: SessionOptions

        @Option(help: "csv or json.")
        var format: AuditService.ExportFormat

        @Option(help: "The file to write (a new file: an existing file is never replaced).")
        var out: String

        func run() async throws {
            let output = NewOutputFile(path: out, what: "an export")
            try output.requireFree()
            let (home, user) = try await session.signIn()
            let (bytes, count) = try await AuditService(home: home, user: user).export(format)
            try output.write(bytes, permissions: 0o600)
            Terminal.line("Wrote \(count) events to \(out).")
        }
    }
}

struct AuditVerifyJSON: JSONRecord {
    var intact: Bool
    var events: Int?
    var head: String?
    var first_bad_event: Int64?
    var reason: String?
    /// How many groups of rows differ from what the log recorded.
    var state_differences: Int?
    /// How many things in the database's schema are not what Photogate made.
    var schema_differences: Int? = nil
}

struct AuditEventJSON: JSONRecord {
    var id: Int64
    var at: String
    var actor: String
    var action: String
    var subject: String
    var details: [String: String]
    var previous_hash: String
    var hash: String
    /// The digests of the state the event created, exactly as hashed (null before the log covered state).
    var state: String?

    init(_ event: AuditEvent) {
        id = event.id
        at = event.at
        actor = event.actor
        action = event.action
        subject = event.subject
        details = event.detailValues
        previous_hash = event.previousHash
        hash = event.hash
        state = event.state
    }
}

struct DeletionJSON: JSONRecord {
    var batch: Int64
    var device: String
    var holder: String?
    var files: Int
    var deleted_by_photogate: Int
    var ingested_at: String
    var ingested_by: String
    var deadline: String
    var done_at: String?
    var done_by: String?
    var method: String?
    var status: String

    init(_ row: DeletionService.Row) {
        batch = row.batch
        device = row.device
        holder = row.holder
        files = row.files
        deleted_by_photogate = row.deletedByPhotogate
        ingested_at = Timestamp.string(row.ingestedAt)
        ingested_by = row.ingestedBy
        deadline = Timestamp.string(row.deadline)
        done_at = row.doneAt.map(Timestamp.string)
        done_by = row.doneBy
        method = row.method
        status = row.status.rawValue
    }
}
