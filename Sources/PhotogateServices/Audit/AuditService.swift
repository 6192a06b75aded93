import Foundation
import PhotogateCore
import PhotogateStore

/// What auditors do with the record: verify the chain and the state it records, read it,
/// export it.
public struct AuditService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// Recomputes the chain and the state. With `expectedHead`, a hash an auditor noted
    /// earlier (the whole hash, or its first 16 characters or more), also checks that event
    /// is still in the chain (a log rewritten from scratch would not have it).
    public func verify(expectedHead: String? = nil) async throws -> AuditLog.Verification {
        try user.require(.verifyAudit)
        var noted: String?
        if let expectedHead {
            let head = expectedHead.lowercased().filter { !$0.isWhitespace && $0 != "…" }
            guard head.count >= 16, head.count <= 64, head.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
                throw PhotogateError.invalid("the head hash you noted must be given whole, or at least its first 16 characters", code: "head.malformed")
            }
            noted = head
        }
        let verification = try await home.audit.verify()
        guard case .intact = verification, let noted else { return verification }
        guard try await home.audit.containsEvent(hashStartingWith: noted) else {
            return .broken(eventID: 0, reason: "the head you noted (\(noted.prefix(16))…) is not in the log: it was rewritten or replaced")
        }
        return verification
    }

    /// The hash of the log's latest event: what an auditor notes to prove later that nothing
    /// before it changed.
    public func head() async throws -> String? {
        try user.require(.readAudit)
        return try await home.audit.latestEvent()?.hash
    }

    public func events(since: Date? = nil) async throws -> [AuditEvent] {
        try user.require(.readAudit)
        return try await home.audit.events(since: since)
    }

    /// Which events to read: each field set narrows the log. Actor, action and subject match
    /// when they contain the text given, in any case.
    public struct Filter: Sendable, Equatable {
        public var from: Date?
        public var before: Date?
        public var actor: String?
        public var action: String?
        public var subject: String?

        public init(from: Date? = nil, before: Date? = nil, actor: String? = nil, action: String? = nil, subject: String? = nil) {
            self.from = from
            self.before = before
            self.actor = actor
            self.action = action
            self.subject = subject
        }

        public func matches(_ event: AuditEvent) -> Bool {
            if let before, let at = Timestamp.date(event.at), at >= before { return false }
            for (wanted, value) in [(actor, event.actor), (action, event.action), (subject, event.subject)] {
                if let wanted, value.range(of: wanted, options: [.caseInsensitive, .diacriticInsensitive]) == nil { return false }
            }
            return true
        }
    }

    /// The events `filter` keeps, oldest first.
    public func events(_ filter: Filter) async throws -> [AuditEvent] {
        try await events(since: filter.from).filter(filter.matches)
    }

    public enum ExportFormat: String, CaseIterable, Sendable {
        case csv, json
    }

    /// The log (or the part `filter` keeps) as a file's bytes, for a front end to save or send. CSV cells are
    /// neutralised so no spreadsheet runs them as formulas.
    public func export(_ format: ExportFormat, _ filter: Filter = Filter()) async throws -> (bytes: [UInt8], events: Int) {
        let events = try await events(filter)
        switch format {
        case .csv:
            return (try SpreadsheetText.csv(
                header: ["id", "at", "actor", "action", "subject", "details", "previous_hash", "hash", "state"],
                rows: events.map { [String($0.id), $0.at, $0.actor, $0.action, $0.subject, $0.details, $0.previousHash, $0.hash, $0.state ?? ""] }
            ), events.count)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return (Array(try encoder.encode(events)), events.count)
        }
    }
}

extension AuditLog.Verification {
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    /// What the result means, in one sentence for the people who read it.
    public var plainWords: String {
        let more = { (count: Int) in count > 1 ? " (and \(count - 1) more)" : "" }
        return switch self {
        case let .intact(events, _): "The audit log is intact: \(events) events, every link checked."
        case let .broken(_, reason): "The audit log has been tampered with: \(reason)."
        case let .stateDiffers(first, count): "The database was edited behind the audit log's back: \(first.description)\(more(count))."
        case let .schemaAltered(first, count):
            "The database holds something Photogate did not make, which could change its records behind the audit log's back: \(first)\(more(count))."
        }
    }
}
