import Foundation
import GRDB
import PhotogateCore

/// A home's SQLite database, as the repositories use it. Reads and writes run on GRDB's own
/// queues while the calling task waits, so a server's cooperative threads never block on
/// SQLite. Every error leaves as a `PhotogateError`: a refusal passes through as it is, and
/// anything else the database says (a value this version cannot read, a broken file) is an
/// integrity failure, never a silent default.
struct SQLiteDatabase: Sendable {
    let pool: DatabasePool
    /// Checks, at the start of every write, that the schema is still Photogate's.
    let schemaGuard: SchemaGuard

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await translatingErrors { try await pool.read(body) }
    }

    /// One transaction: the change, its rules and its audit event commit together or not at
    /// all, and only on a schema that is Photogate's own (`SchemaGuard`).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let schemaGuard = schemaGuard
        return try await translatingErrors {
            try await pool.write { db in
                try schemaGuard.check(db)
                return try body(db)
            }
        }
    }

    private func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as PhotogateError {
            throw refusal
        } catch let refused as FileRefused {
            throw refused
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw PhotogateError.conflict("the home is busy with another change; try again in a moment", code: "home.busy")
        } catch {
            throw PhotogateError.integrity("the home's database could not be used: \(error)", code: "database")
        }
    }
}
