import Foundation
import GRDB
import PhotogateFiles

/// Makes the tables that decide publication provable from the audit log.
///
/// The rows of every covered table fall into *groups* (a user, a setting, a consent version's
/// people, a post's photos...). Whenever Photogate changes a group, the audit event appended
/// in the same transaction records the group's digest: a SHA-256 of its rows, every column,
/// or `null` once it has no rows. Replaying the log gives the digest each group must have
/// now; `audit verify` recomputes them from the tables and names the first that differs, so
/// an edit made behind Photogate's back (a consent value, an exclusion, a role, a setting, a
/// cached detection, a render's hash) is found, not only an edit of the log itself.
///
/// Groups are noticed, not declared: temporary triggers on Photogate's own connection note
/// each group a statement touches, and `AuditLog.append` records them. A transaction that
/// changes a covered table after its last event cannot commit (`StateGuard`).
public enum StateLedger {
    /// A covered table, the columns whose values name a group of its rows, and how a group
    /// is named to an auditor.
    struct Table: Sendable {
        var name: String
        var groupColumns: [String]
        var plainName: @Sendable ([String]) -> String
    }

    /// Every table of the schema that decides what may be published, ingested or approved.
    static let tables: [Table] = [
        Table(name: "setting", groupColumns: ["key"]) { "the settings (\($0[0]))" },
        Table(name: "user", groupColumns: ["name"]) { "user \($0[0])" },
        Table(name: "device", groupColumns: ["id"]) { "device \($0[0])" },
        Table(name: "channel", groupColumns: ["id"]) { "channel \($0[0])" },
        Table(name: "consentVersion", groupColumns: ["id"]) { "consent list version \($0[0])" },
        Table(name: "consentPerson", groupColumns: ["versionId"]) { "the people in consent list version \($0[0])" },
        Table(name: "photo", groupColumns: ["sha256"]) { "photo \($0[0].prefix(12))" },
        Table(name: "sidecar", groupColumns: ["sha256"]) { "the sidecar tags of photo \($0[0].prefix(12))" },
        Table(name: "batch", groupColumns: ["id"]) { "ingest batch \($0[0])" },
        Table(name: "batchFile", groupColumns: ["id"]) { "file \($0[0]) of an ingest batch" },
        Table(name: "tag", groupColumns: ["id"]) { "tag \($0[0])" },
        Table(name: "faceDetection", groupColumns: ["sha256", "settings"]) { "the faces or text found in photo \($0[0].prefix(12))" },
        Table(name: "post", groupColumns: ["id"]) { "post \($0[0])" },
        Table(name: "postPhoto", groupColumns: ["postId"]) { "the photos of post \($0[0])" },
        Table(name: "postApproval", groupColumns: ["postId"]) { "the approvals of post \($0[0])" },
        Table(name: "takedown", groupColumns: ["id"]) { "takedown \($0[0])" },
    ]

    /// Tables that hold no state deciding publication: the log itself, SQLite's and GRDB's
    /// bookkeeping, and browser sessions (every request re-reads the user a session names). Every other table must be covered (a test holds the schema to it).
    static let uncoveredTables: Set<String> = ["event", "grdb_migrations", "sqlite_sequence", "webSession"]

    static let coveredNames = Set(tables.map(\.name))

    /// One group of rows: a table and the values of its group columns.
    public struct Group: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var table: String
        /// The group columns' values as a JSON array, exactly as SQLite's `json_array` writes it.
        public var key: String

        /// The form stored in an event's state: `table ["value", 2]`.
        var stored: String { "\(table) \(key)" }

        init(table: String, key: String) {
            self.table = table
            self.key = key
        }

        init?(stored: String) {
            guard let space = stored.firstIndex(of: " ") else { return nil }
            table = String(stored[..<space])
            key = String(stored[stored.index(after: space)...])
        }

        /// "user amy", "the people in consent list version 3", "the faces or text found in photo 1f2e…".
        public var description: String {
            let values = ((try? JSONSerialization.jsonObject(with: Data(key.utf8)) as? [Any]) ?? []).map { "\($0)" }
            guard let table = StateLedger.tables.first(where: { $0.name == self.table }),
                  values.count == table.groupColumns.count else { return "\(self.table) \(key)" }
            return table.plainName(values)
        }

        public static func < (lhs: Group, rhs: Group) -> Bool {
            (lhs.table, lhs.key) < (rhs.table, rhs.key)
        }
    }

    // MARK: Noticing changes

    /// Creates, on Photogate's own write connection, the temporary table and triggers that
    /// note every group a statement touches. Temporary objects live only on this connection:
    /// nothing is added to the schema, and an editor with another connection is not helped.
    static func install(on db: Database) throws {
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS stateTouched (tableName TEXT NOT NULL, key TEXT NOT NULL, UNIQUE (tableName, key))")
        for table in tables {
            func key(_ row: String) -> String { "json_array(" + table.groupColumns.map { "\(row).\($0)" }.joined(separator: ", ") + ")" }
            // Not `INSERT OR IGNORE`: the conflict clause of the statement that fired the
            // trigger (an upsert's, say) would override it.
            func note(_ row: String) -> String {
                "INSERT INTO stateTouched SELECT '\(table.name)', \(key(row)) WHERE NOT EXISTS "
                    + "(SELECT 1 FROM stateTouched WHERE tableName = '\(table.name)' AND key = \(key(row)));"
            }
            let triggers = [
                ("insert", "AFTER INSERT", note("NEW")),
                ("update", "AFTER UPDATE", note("OLD") + " " + note("NEW")),
                ("delete", "AFTER DELETE", note("OLD")),
            ]
            for (suffix, timing, body) in triggers {
                try db.execute(sql: "CREATE TEMP TRIGGER IF NOT EXISTS state_\(table.name)_\(suffix) \(timing) ON main.\"\(table.name)\" BEGIN \(body) END")
            }
        }
    }

    /// The groups touched since the last call, with their digests now; forgets them.
    static func takeTouched(_ db: Database) throws -> [Group: String?] {
        guard try db.tableExists("stateTouched", in: "temp") else {
            throw DatabaseError(message: "the state ledger is not installed on this connection")
        }
        let groups = try Row.fetchAll(db, sql: "SELECT tableName, key FROM temp.stateTouched").map {
            Group(table: $0["tableName"], key: $0["key"])
        }
        try db.execute(sql: "DELETE FROM temp.stateTouched")
        var digests: [Group: String?] = [:]
        for group in groups { digests[group] = try digest(of: group, db) }
        return digests
    }

    // MARK: Digests

    /// The digest of one group's rows now, or nil when it has none.
    static func digest(of group: Group, _ db: Database) throws -> String? {
        guard let table = tables.first(where: { $0.name == group.table }),
              let values = try JSONSerialization.jsonObject(with: Data(group.key.utf8)) as? [Any],
              values.count == table.groupColumns.count else {
            throw DatabaseError(message: "\(group) is not a group of a covered table")
        }
        let conditions = table.groupColumns.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
        let arguments = StatementArguments(values.map(databaseValue))
        let order = try db.primaryKey(table.name).columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \"\(table.name)\" WHERE \(conditions) ORDER BY \(order)", arguments: arguments)
        var canonical = RowCanonicalForm(table: table.name)
        while let row = try rows.next() { canonical.add(row) }
        return canonical.digest
    }

    /// Every group in the covered tables with its digest, table by table.
    static func currentState(_ db: Database) throws -> [Group: String] {
        var state: [Group: String] = [:]
        for table in tables { try self.state(of: table, filter: nil, into: &state, db) }
        return state
    }

    private static func databaseValue(_ json: Any) -> DatabaseValue {
        switch json {
        case let number as NSNumber:
            // JSON integers come back as whole NSNumbers; group columns hold ids, never reals.
            number.doubleValue == Double(number.int64Value) ? number.int64Value.databaseValue : number.doubleValue.databaseValue
        case let text as String: text.databaseValue
        default: .null
        }
    }

    // MARK: Replaying the log

    /// The state the log says the covered tables are in: each group's last recorded digest,
    /// and the event that recorded it.
    struct Expected {
        var groups: [Group: (digest: String?, eventID: Int64)] = [:]
        /// True once any event has recorded state (every home after the ledger was added).
        var coversState = false

        mutating func apply(_ event: AuditEvent) throws {
            guard let state = event.state else { return }
            coversState = true
            for (stored, digest) in try AuditEvent.decodeState(state) {
                guard let group = Group(stored: stored) else { throw DatabaseError(message: "event \(event.id) records an unreadable group") }
                groups[group] = (digest, event.id)
            }
        }
    }

    /// One way the tables differ from what the log says.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// The group's rows are not what the event recorded.
            case changed
            /// The event recorded rows that are gone.
            case removed
            /// Rows that no event recorded.
            case added
        }

        public var group: Group
        public var kind: Kind
        /// The event whose record no longer holds (nil for rows no event recorded).
        public var eventID: Int64?

        public var description: String {
            switch kind {
            case .changed: "\(group) was changed outside Photogate: it no longer matches what event \(eventID!) recorded"
            case .removed: "\(group) was removed outside Photogate: event \(eventID!) recorded it"
            case .added: "\(group) was added outside Photogate: no event records it"
            }
        }
    }

    /// Every difference between the tables and the log, the earliest recorded first, then
    /// rows no event recorded.
    static func differences(expected: Expected, current: [Group: String]) -> [Difference] {
        var differences: [Difference] = []
        for (group, recorded) in expected.groups {
            switch (recorded.digest, current[group]) {
            case let (digest?, now?) where digest == now: continue
            case (nil, nil): continue
            case (_?, _?), (nil, _?): differences.append(Difference(group: group, kind: .changed, eventID: recorded.eventID))
            case (_?, nil): differences.append(Difference(group: group, kind: .removed, eventID: recorded.eventID))
            }
        }
        for group in current.keys where expected.groups[group] == nil {
            differences.append(Difference(group: group, kind: .added, eventID: nil))
        }
        return differences.sorted { ($0.eventID ?? .max, $0.group) < ($1.eventID ?? .max, $1.group) }
    }
}

/// A group's rows in a canonical form: every column by name, with its SQLite storage class,
/// so that any change to any value, a new column, or a row more or less changes the digest.
struct RowCanonicalForm {
    private var bytes: [UInt8]
    private var rows = 0

    init(table: String) {
        bytes = Array("photogate-state-v1\n\(table)\n".utf8)
    }

    mutating func add(_ row: Row, skippingFirstColumn: Bool = false) {
        rows += 1
        var fields: [(String, DatabaseValue)] = Array(zip(row.columnNames, row.databaseValues))
        if skippingFirstColumn { fields.removeFirst() }
        bytes += Array("row\n".utf8)
        for (name, value) in fields.sorted(by: { $0.0 < $1.0 }) {
            let encoded: String = switch value.storage {
            case .null: "n"
            case let .int64(number): "i\(number)"
            case let .double(number): "d\(number.bitPattern)"
            case let .string(text): "s\(text.utf8.count):\(text)"
            case let .blob(data): "b\(data.count):\(Digest.sha256(data))"
            }
            bytes += Array("\(name.utf8.count):\(name)=\(encoded)\n".utf8)
        }
    }

    var digest: String? {
        rows == 0 ? nil : Digest.sha256(bytes)
    }
}

/// Refuses to commit a transaction that changed a covered table after its last audit event:
/// every change to the state that decides publication is on the record, or does not happen.
final class StateGuard: TransactionObserver, @unchecked Sendable {
    /// The covered table changed since the last event, if any. Touched only on the writer's queue.
    private var unrecorded: String?

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "event" || StateLedger.coveredNames.contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        unrecorded = event.tableName == "event" ? nil : event.tableName
    }

    func databaseWillCommit() throws {
        if let table = unrecorded {
            unrecorded = nil
            throw DatabaseError(message: "a change to \(table) has no audit event; nothing was saved")
        }
    }

    func databaseDidCommit(_ db: Database) { unrecorded = nil }
    func databaseDidRollback(_ db: Database) { unrecorded = nil }
}

extension StateLedger {
    /// Keeps the record whole across a schema upgrade. A migration may add columns or rewrite
    /// rows of covered tables; afterwards one `home.upgraded` event records the state the
    /// migrations made. When the log already covered state, that happens only if the tables
    /// matched the log before the upgrade, so an upgrade never hides an earlier edit. A home
    /// from before the log covered state gets its first full record this way.
    struct Upgrade {
        private let pending: [String]
        private let recordable: Bool

        init(before pool: DatabasePool, migrator: DatabaseMigrator) throws {
            (pending, recordable) = try pool.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let pending = migrator.migrations.filter { !applied.contains($0) }
                guard !pending.isEmpty, try db.tableExists("event"), try AuditEvent.fetchCount(db) > 0 else { return (pending, false) }
                guard try db.columns(in: "event").contains(where: { $0.name == "state" }) else { return (pending, true) }
                return (pending, try !StateLedger.coversState(db) || StateLedger.drift(db).isEmpty)
            }
        }

        func record(_ pool: DatabasePool, migrator: DatabaseMigrator) throws {
            guard recordable else { return }
            try pool.write { db in
                let drift = try StateLedger.drift(db)
                try AuditLog.append(db, actor: "photogate", action: "home.upgraded", subject: "home",
                                    details: ["migrations": pending.joined(separator: "\n")],
                                    state: drift.mapValues(\.digestNow), at: Date())
            }
        }
    }

    /// A group whose rows differ from what the log recorded, with its digest now.
    struct Drift {
        var digestNow: String?
    }

    /// Every group whose rows differ from what the log recorded (all of them, when the log
    /// has never recorded state).
    static func drift(_ db: Database) throws -> [Group: Drift] {
        var expected = Expected()
        let events = try AuditEvent.order(Column("id")).fetchCursor(db)
        while let event = try events.next() { try expected.apply(event) }
        let current = try currentState(db)
        var drift: [Group: Drift] = [:]
        for difference in differences(expected: expected, current: current) {
            drift[difference.group] = Drift(digestNow: current[difference.group])
        }
        return drift
    }

    static func coversState(_ db: Database) throws -> Bool {
        try AuditEvent.filter(Column("state") != nil).fetchCount(db) > 0
    }
}
