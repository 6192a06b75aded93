import Foundation
import GRDB
import PhotogateFiles

/// One entry of the audit log: who did what to what, when, and the hashes that chain it to
/// the entry before.
public struct AuditEvent: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "event"

    public var id: Int64
    /// UTC, ISO 8601 with milliseconds.
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    /// Details as JSON text (an object of strings).
    public var details: String
    public var previousHash: String
    public var hash: String
    /// The digest of every group of covered rows this event's change created (JSON: group →
    /// digest, or null for a group left with no rows). Nil in events written before the log
    /// covered state.
    public var state: String?

    public var detailValues: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
    }

    static func encodeState(_ state: [StateLedger.Group: String?]) throws -> String {
        var object: [String: Any] = [:]
        for (group, digest) in state { object[group.stored] = digest ?? NSNull() }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeState(_ text: String) throws -> [String: String?] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw DatabaseError(message: "an event's recorded state is not a JSON object")
        }
        return object.mapValues { $0 as? String }
    }
}

/// The append-only, hash-chained record of every state change. Each event's hash covers its
/// own content and the previous event's hash, so altering, removing or inserting an event
/// breaks the chain from that point; database triggers refuse UPDATE and DELETE outright.
public enum AuditLog {
    /// The "previous hash" of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// Every home's log starts with this action (`photogate init`).
    public static let firstAction = "home.created"

    /// The triggers that make the event table append-only, by name; verification checks
    /// they are still there, word for word, with the rest of the schema (`SchemaIntegrity`).
    static let guardTriggers = [
        "event_append_only_update": """
            CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event \
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only: they cannot be changed'); END
            """,
        "event_append_only_delete": """
            CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event \
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only: they cannot be deleted'); END
            """,
    ]

    /// Appends an event inside the caller's write transaction, so the change and its record
    /// commit together or not at all. The event records the digest of every group of covered
    /// rows the transaction changed since its previous event (see `StateLedger`).
    @discardableResult
    public static func append(_ db: Database, actor: String, action: String, subject: String,
                              details: [String: String] = [:], at time: Date = Date()) throws -> AuditEvent {
        try append(db, actor: actor, action: action, subject: subject, details: details,
                   state: try StateLedger.takeTouched(db), at: time)
    }

    @discardableResult
    static func append(_ db: Database, actor: String, action: String, subject: String, details: [String: String],
                       state: [StateLedger.Group: String?], at time: Date) throws -> AuditEvent {
        let last = try AuditEvent.order(Column("id").desc).fetchOne(db)
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0
        let id = max(last?.id ?? 0, sequence) + 1
        var event = AuditEvent(
            id: id, at: Timestamp.string(time), actor: actor, action: action, subject: subject,
            details: try canonicalJSON(details), previousHash: last?.hash ?? genesis, hash: "",
            state: try AuditEvent.encodeState(state)
        )
        event.hash = hash(of: event)
        try event.insert(db)
        return event
    }

    /// The hash of an event's content and its link to the previous event. The canonical form
    /// is a version line then each field as `name=length:value` on its own line, so no value
    /// can imitate another field. Events that record state (v2) hash it too.
    public static func hash(of event: AuditEvent) -> String {
        var fields: [(String, String)] = [
            ("id", String(event.id)), ("at", event.at), ("actor", event.actor), ("action", event.action),
            ("subject", event.subject), ("details", event.details), ("previous", event.previousHash),
        ]
        if let state = event.state { fields.append(("state", state)) }
        var canonical = event.state == nil ? "photogate-audit-v1\n" : "photogate-audit-v2\n"
        for (name, value) in fields {
            canonical += "\(name)=\(value.utf8.count):\(value)\n"
        }
        return Digest.sha256(Array(canonical.utf8))
    }

    static func canonicalJSON(_ details: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(details), as: UTF8.self)
    }

    /// Why the end of the log does not hold, in words, or nil: events removed from its end,
    /// or its last event altered or not following the one before. The cheap part of
    /// `verify`, for decisions that rely on the latest events.
    static func endProblem(_ db: Database) throws -> String? {
        let last = try AuditEvent.order(Column("id").desc).limit(2).fetchAll(db)
        if let problem = try removedFromTheEnd(lastID: last.first?.id, db) { return problem }
        let newest = last[0]
        if last.count > 1, last[1].id != newest.id - 1 {
            return "event \(newest.id - 1) is missing: events were removed before event \(newest.id)"
        }
        return problem(with: newest, following: last.count > 1 ? last[1].hash : genesis)
    }

    /// Why `event` does not hold where it stands, after the event whose hash is `previous`.
    private static func problem(with event: AuditEvent, following previous: String) -> String? {
        if event.previousHash != previous {
            return "event \(event.id) does not follow event \(event.id - 1): an event before it was altered, removed or inserted"
        }
        if hash(of: event) != event.hash { return "event \(event.id) was altered: its content no longer matches its hash" }
        return nil
    }

    /// Why the log's end does not hold, given the id of its last event (nil when it has none):
    /// SQLite remembers the highest id it ever gave, so events cut from the end are seen.
    private static func removedFromTheEnd(lastID: Int64?, _ db: Database) throws -> String? {
        guard let lastID else { return "the log is empty, but every home's log starts with its creation: events were removed" }
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0
        return sequence > lastID ? "events \(lastID + 1) to \(sequence) were removed from the end of the log" : nil
    }

    /// The result of recomputing the chain and the state it records.
    public enum Verification: Sendable, Equatable {
        case intact(events: Int, head: String)
        /// An event was altered, removed or inserted.
        case broken(eventID: Int64, reason: String)
        /// The chain holds, but the tables are not in the state the events recorded: they were
        /// edited behind Photogate's back. `first` is the earliest difference of `count`.
        case stateDiffers(first: StateLedger.Difference, count: Int)
        /// The database holds something Photogate did not make, or lacks or changed something
        /// it did (`SchemaIntegrity`): a planted trigger or view can change records inside
        /// Photogate's own transactions, where the events would record its work as
        /// Photogate's. `first` (in words) is the first of `count`.
        case schemaAltered(first: String, count: Int)
    }

    /// Recomputes every hash and link, in order, and names the first event that does not
    /// hold; then checks the schema is Photogate's own; then replays the state the events
    /// recorded and compares it with the tables.
    public static func verify(_ db: Database) throws -> Verification {
        try verify(db, migrator: Schema.migrator)
    }

    /// `verify(_:)` of a database made by `migrator` (the store's tests play later versions).
    static func verify(_ db: Database, migrator: DatabaseMigrator) throws -> Verification {
        var previous = genesis
        var expectedID: Int64 = 1
        var count = 0
        var expected = StateLedger.Expected()
        let cursor = try AuditEvent.order(Column("id")).fetchCursor(db)
        while let event = try cursor.next() {
            if event.id == 1, event.action != firstAction {
                return .broken(eventID: 1, reason: "event 1 is not the creation of the home: the start of the log was replaced")
            }
            if event.id != expectedID {
                return .broken(eventID: expectedID, reason: "event \(expectedID) is missing: events were removed before event \(event.id)")
            }
            if let problem = problem(with: event, following: previous) { return .broken(eventID: event.id, reason: problem) }
            if expected.coversState, event.state == nil {
                return .broken(eventID: event.id, reason: "event \(event.id) does not record the state it created, as every event after the first that does must")
            }
            do {
                try expected.apply(event)
            } catch {
                return .broken(eventID: event.id, reason: "the state recorded by event \(event.id) cannot be read")
            }
            previous = event.hash
            expectedID += 1
            count += 1
        }
        if let problem = try removedFromTheEnd(lastID: count == 0 ? nil : Int64(count), db) {
            return .broken(eventID: Int64(count) + 1, reason: problem)
        }
        if let problem = try Schema.upgradeProblem(db, migrator: migrator) {
            return .schemaAltered(first: problem, count: 1)
        }
        let schema = try SchemaIntegrity(for: db, migrator: migrator).differences(in: db)
        if let first = schema.first {
            return .schemaAltered(first: first, count: schema.count)
        }
        let differences = StateLedger.differences(expected: expected, current: try StateLedger.currentState(db))
        if let first = differences.first {
            return .stateDiffers(first: first, count: differences.count)
        }
        return .intact(events: count, head: previous)
    }
}

/// Times as the record stores them: UTC, ISO 8601 with milliseconds.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    public static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
