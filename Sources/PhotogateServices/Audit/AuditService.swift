import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
import PhotogateStore

/// What auditors do with the record: verify the chain, read it, export it.
public struct AuditService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// Recomputes the chain. With `expectedHead`, a hash an auditor noted earlier (the whole
    /// hash, or its first 16 characters or more), also checks that event is still in the
    /// chain (a log rewritten from scratch would not have it).
    public func verify(expectedHead: String? = nil) throws -> AuditLog.Verification {
        try user.require(.verifyAudit)
        return try home.database.read { db in
            let verification = try AuditLog.verify(db)
            guard case .intact = verification, let expectedHead else { return verification }
            let noted = expectedHead.lowercased().filter { !$0.isWhitespace && $0 != "…" }
            guard noted.count >= 16, noted.allSatisfy(\.isHexDigit) else {
                throw PhotogateError.invalid("the head hash you noted must be given whole, or at least its first 16 characters", code: "head.malformed")
            }
            guard try AuditEvent.filter(Column("hash").like(noted + "%")).fetchCount(db) == 1 else {
                return .broken(eventID: 0, reason: "the head you noted (\(noted.prefix(16))…) is not in the log: it was rewritten or replaced")
            }
            return verification
        }
    }

    public func events(since: Date? = nil) throws -> [AuditEvent] {
        try user.require(.readAudit)
        return try home.database.read { db in
            var request = AuditEvent.order(Column("id"))
            if let since { request = request.filter(Column("at") >= Timestamp.string(since)) }
            return try request.fetchAll(db)
        }
    }

    public enum ExportFormat: String, CaseIterable, Sendable {
        case csv, json
    }

    /// Writes the whole log to a file (atomically). CSV cells are neutralised so no
    /// spreadsheet runs them as formulas.
    public func export(_ format: ExportFormat, to path: String) throws -> Int {
        let events = try events()
        let bytes: [UInt8]
        switch format {
        case .csv:
            bytes = try SpreadsheetText.csv(
                header: ["id", "at", "actor", "action", "subject", "details", "previous_hash", "hash", "state"],
                rows: events.map { [String($0.id), $0.at, $0.actor, $0.action, $0.subject, $0.details, $0.previousHash, $0.hash, $0.state ?? ""] }
            )
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            bytes = Array(try encoder.encode(events))
        }
        do {
            try AtomicFile(destination: path, permissions: 0o600).write(bytes)
        } catch {
            throw PhotogateError.invalid("cannot write \(path): \(error)")
        }
        return events.count
    }
}
