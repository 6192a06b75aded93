import GRDB

/// The rows a decision reads, named as the state ledger groups them: whole covered tables
/// (the small registers), or only the groups of a table that belong to given photos or
/// posts. Checking a scope against the log costs what its rows cost, not what the home's
/// whole state does.
public struct StateScope: Sendable, Equatable {
    /// Covered table → the values of its first group column to check, or nil for all of it.
    var tables: [String: [DatabaseValue]?] = [:]

    public init() {}

    /// Everything a decision about a photo reads besides the photo itself: the settings, the
    /// users and their roles, the channels, the devices, the consent list, and staff's tags
    /// (a tag moved from one photo to another changes both).
    public static let registers: StateScope = {
        var scope = StateScope()
        for table in ["setting", "user", "channel", "device", "consentVersion", "consentPerson", "tag"] { scope.tables[table] = .some(nil) }
        return scope
    }()

    /// The photos' own rows: each photo, its sidecars and the faces found in it.
    public static func photos(_ sha256s: [String]) -> StateScope {
        var scope = StateScope()
        for table in ["photo", "sidecar", "faceDetection"] { scope.tables[table] = .some(sha256s.map(\.databaseValue)) }
        return scope
    }

    /// The posts' own rows: each post, its photos and its approvals.
    public static func posts(_ ids: [Int64]) -> StateScope {
        var scope = StateScope()
        for table in ["post", "postPhoto", "postApproval"] { scope.tables[table] = .some(ids.map(\.databaseValue)) }
        return scope
    }

    /// Both scopes' rows.
    public func union(_ other: StateScope) -> StateScope {
        var scope = self
        for (table, values) in other.tables {
            switch (scope.tables[table], values) {
            case (nil, _): scope.tables[table] = values
            case let (mine??, theirs?): scope.tables[table] = .some(mine + theirs)
            default: scope.tables[table] = .some(nil)
            }
        }
        return scope
    }
}

extension StateLedger {
    /// Every difference between the rows in `scope` and what the log last recorded of them
    /// (see `differences(expected:current:)`). Only the events that record a group of a
    /// scoped table are read, by SQLite in one pass, and only the scoped rows are digested.
    static func differences(in scope: StateScope, _ db: Database) throws -> [Difference] {
        guard try coversState(db) else { return [] }
        var current: [Group: String] = [:]
        var prefilters: [String] = [], conditions: [String] = []
        var prefilterArguments = StatementArguments(), arguments = StatementArguments()
        for table in tables {
            guard let filter = scope.tables[table.name] else { continue }
            try state(of: table, filter: filter, into: &current, db)
            // The stored form is `table` then the group's `json_array`; SQLite writes both sides.
            prefilters.append("instr(e.state, ?) > 0")
            _ = prefilterArguments.append(contentsOf: ["\"\(table.name) ["])
            guard let filter else {
                conditions.append("substr(j.key, 1, length(?)) = ?")
                _ = arguments.append(contentsOf: StatementArguments(["\(table.name) [", "\(table.name) ["]))
                continue
            }
            for value in filter {
                if table.groupColumns.count == 1 {
                    conditions.append("j.key = ? || json_array(?)")
                    _ = arguments.append(contentsOf: StatementArguments(["\(table.name) ", value]))
                } else {
                    conditions.append("substr(j.key, 1, length(? || rtrim(json_array(?), ']') || ',')) = ? || rtrim(json_array(?), ']') || ','")
                    _ = arguments.append(contentsOf: StatementArguments(["\(table.name) ", value, "\(table.name) ", value]))
                }
            }
        }
        var expected = Expected()
        guard !conditions.isEmpty else { return differences(expected: expected, current: current) }
        // One pass over the log: SQLite skips the events that record no scoped table, and
        // reads the JSON only of those that might.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.id AS eventID, j.key AS stored, j.value AS digest FROM event e, json_each(e.state) j
            WHERE e.state IS NOT NULL AND (\(prefilters.joined(separator: " OR "))) AND (\(conditions.joined(separator: " OR "))) ORDER BY e.id
            """, arguments: prefilterArguments + arguments)
        while let row = try rows.next() {
            guard let group = Group(stored: row["stored"]) else { throw DatabaseError(message: "event \(row["eventID"] as Int64) records an unreadable group") }
            expected.groups[group] = (row["digest"], row["eventID"])
        }
        return differences(expected: expected, current: current)
    }

    /// The digest of each group of `table` now (only those whose first group column is in
    /// `filter`, when given).
    static func state(of table: Table, filter: [DatabaseValue]?, into state: inout [Group: String], _ db: Database) throws {
        var condition = ""
        if let filter {
            guard !filter.isEmpty else { return }
            condition = "WHERE \"\(table.groupColumns[0])\" IN (" + filter.map { _ in "?" }.joined(separator: ", ") + ")"
        }
        let columns = table.groupColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let order = try db.primaryKey(table.name).columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT json_array(\(columns)) AS stateGroupKey, * FROM "\(table.name)" \(condition) ORDER BY \(columns), \(order)
            """, arguments: StatementArguments(filter ?? []))
        var current: (key: String, form: RowCanonicalForm)?
        func finish() {
            if let current, let digest = current.form.digest { state[Group(table: table.name, key: current.key)] = digest }
        }
        while let row = try rows.next() {
            let key: String = row["stateGroupKey"]
            if current?.key != key {
                finish()
                current = (key, RowCanonicalForm(table: table.name))
            }
            current!.form.add(row, skippingFirstColumn: true)
        }
        finish()
    }
}
