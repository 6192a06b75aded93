import Foundation
import GRDB
import PhotogateCore

/// Whether a home's database holds only what Photogate's own migrations made.
///
/// Anything else in the schema can change records behind the audit log's back: a trigger
/// planted with the sqlite3 shell fires inside Photogate's own transactions, so its edits
/// would be recorded as if Photogate had made them; a view with INSTEAD OF triggers, a
/// table rebuilt with other constraints or defaults, a virtual table, can all do the same.
/// So the schema is compared, object by object and word for word, with the one the same
/// migrations make in an empty database in memory. (SQLite's own planner statistics, which
/// change no data, are left out.)
struct SchemaIntegrity: Sendable {
    /// One object of the schema, as `sqlite_master` lists it.
    struct Object: Hashable, Sendable {
        var type: String
        var name: String
        var table: String
        /// Its SQL with runs of white space made one space; nil for SQLite's own indexes.
        var sql: String?

        /// "a trigger named zz_fix on consentPerson".
        var described: String {
            type == "table" || type == "view" ? "a \(type) named \(name)" : "a\(type == "index" ? "n" : "") \(type) named \(name) on \(table)"
        }
    }

    /// The objects the migrations make, by type and name.
    let expected: [String: Object]

    /// The schema `migrator` makes, up to and including `last` (none of it when nil).
    init(upTo last: String?, migrator: DatabaseMigrator = Schema.migrator) throws {
        let memory = try DatabaseQueue()
        if let last { try migrator.migrate(memory, upTo: last) }
        expected = Dictionary(uniqueKeysWithValues: try memory.read(Self.objects).map { ("\($0.type) \($0.name)", $0) })
    }

    /// The schema that should be in `db` for the migrations it records as applied (which
    /// `Schema.upgradeProblem` has found to be Photogate's, in order).
    init(for db: Database, migrator: DatabaseMigrator = Schema.migrator) throws {
        try self.init(upTo: try Schema.lastApplied(db, migrator: migrator), migrator: migrator)
    }

    /// Every way `db`'s schema differs from the expected one, in plain words: what Photogate
    /// did not make first, then what was changed, then what is missing.
    func differences(in db: Database) throws -> [String] {
        let actual = Dictionary(uniqueKeysWithValues: try Self.objects(db).map { ("\($0.type) \($0.name)", $0) })
        var foreign: [String] = [], changed: [String] = [], missing: [String] = []
        for (key, object) in actual.sorted(by: { $0.key < $1.key }) {
            guard let made = expected[key] else {
                foreign.append("\(object.described) that Photogate did not make")
                continue
            }
            if made != object { changed.append(Self.isGuard(object) ? Self.guardsChanged : "\(object.described) was changed") }
        }
        for (key, object) in expected.sorted(by: { $0.key < $1.key }) where actual[key] == nil {
            missing.append(Self.isGuard(object) ? Self.guardsChanged : "\(object.described) is missing")
        }
        var seen = Set<String>()
        return (foreign + changed + missing).filter { seen.insert($0).inserted }
    }

    static let guardsChanged = "the database triggers that keep the log append-only were removed or changed"

    private static func isGuard(_ object: Object) -> Bool {
        object.type == "trigger" && AuditLog.guardTriggers[object.name] != nil
    }

    private static func objects(_ db: Database) throws -> [Object] {
        try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'").map { row in
            let sql: String? = row["sql"]
            return Object(type: row["type"], name: row["name"], table: row["tbl_name"],
                          sql: sql.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") })
        }
    }
}

/// Keeps every write of Photogate's own connection off a schema that is not Photogate's: at
/// the start of each write transaction (which holds the database's write lock, so nothing
/// can change the schema until it ends), the schema is compared again whenever SQLite says
/// it changed since the last time. A home found altered stays refused for this run.
final class SchemaGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var integrity: SchemaIntegrity?
    private var checkedVersion: Int64?
    private var refusal: PhotogateError?
    private let root: String

    /// `expected`, when known, is the schema of a home whose upgrades are all made.
    init(root: String, expected: SchemaIntegrity?) {
        self.root = root
        integrity = expected
    }

    /// The refusal for a home whose schema differs from Photogate's: it says what, and that
    /// nothing is changed.
    static func refusal(root: String, differences: [String]) -> PhotogateError {
        let others = differences.count > 1 ? " (and \(differences.count - 1) more)" : ""
        return PhotogateError.integrity(
            "the database of the home at \(root) holds something Photogate did not make (\(differences[0])\(others)), which could change "
                + "its records behind the audit log's back; nothing is changed until it is looked into", code: "home.schema")
    }

    /// Refuses every write from now on.
    func refuse(_ refusal: PhotogateError) {
        lock.withLock { self.refusal = refusal }
    }

    /// Throws unless the schema is still Photogate's; called inside a write transaction.
    func check(_ db: Database) throws {
        let version = try Int64.fetchOne(db, sql: "PRAGMA main.schema_version") ?? 0
        let (refusal, known, integrity) = lock.withLock { (self.refusal, self.checkedVersion, self.integrity) }
        if let refusal { throw refusal }
        guard known != version else { return }
        let current = try integrity ?? SchemaIntegrity(for: db)
        let differences = try current.differences(in: db)
        if !differences.isEmpty {
            let refused = Self.refusal(root: root, differences: differences)
            self.refuse(refused)
            throw refused
        }
        lock.withLock {
            self.integrity = current
            self.checkedVersion = version
        }
    }
}
