import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
import PhotogateStore

/// The school's consent list of pupils and staff: imported from the MIS as CSV, each import
/// a new version, the difference told in plain words.
public struct ConsentService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct ImportResult: Sendable {
        public var version: Int64
        public var people: Int
        public var diff: ConsentDiff
        /// People whose cells looked like spreadsheet formulas (kept as text).
        public var formulaCells: Int
        /// Queued or approved posts sent back to their preparers: someone in them lost consent.
        public var returnedPosts: [Int64]
        /// Published posts to take down.
        public var takedowns: [TakedownRecord]

        /// The posts with something to take down, each once.
        public var takedownPosts: [Int64] {
            Set(takedowns.map(\.postId)).sorted()
        }
    }

    /// A sheet refused whole, with every problem by line.
    public static let maxFileBytes: Int64 = 20_000_000

    public func importSheet(_ path: String, now: Date = Date()) throws -> ImportResult {
        try user.require(.importConsent)
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(path, maxBytes: Self.maxFileBytes)
        } catch let error as FileSystemError {
            throw PhotogateError.invalid("\(path): \(error.kind == .tooLarge ? "larger than 20 MB" : error.detail)")
        }
        let (header, rows) = try SpreadsheetText.rows(of: bytes)
        return try home.database.write { db in
            let settings = try Settings.load(db)
            let records: [ConsentRecord]
            switch ConsentSheet(purposes: settings.purposes).read(header: header, rows: rows) {
            case let .success(read): records = read
            case let .failure(errors): throw FileRefused(file: path, problems: errors.problems)
            }
            let previous = try ConsentVersionRecord.latest(in: db)
            let old = try previous.map { try ConsentStore.people(ofVersion: $0.id!, in: db) } ?? []
            let today = CalendarDate(now)
            let diff = ConsentDiff(from: old, importedOn: previous.map { CalendarDate($0.importedAt) }, to: records, on: today)
            var version = ConsentVersionRecord(importedAt: now, importedBy: user.name, fileName: OutsideText.cleaned((path as NSString).lastPathComponent),
                                               fileSHA256: Digest.sha256(bytes), peopleCount: records.count)
            try ConsentStore.save(records, as: &version, in: db)
            try AuditLog.append(db, actor: user.name, action: "consent.imported", subject: "version \(version.id!)", details: [
                "file": version.fileName, "sha256": version.fileSHA256, "people": String(records.count),
                "added": diff.added.joined(separator: ","), "removed": diff.removed.joined(separator: ","),
                "granted": diff.granted.map { "\($0.personID):\($0.purpose)" }.joined(separator: ","),
                "withdrawn": diff.withdrawn.map { "\($0.personID):\($0.purpose)" }.joined(separator: ","),
                "expired": diff.expired.joined(separator: ","), "excluded": diff.exclusionsAdded.joined(separator: ","),
            ], at: now)
            let formulas = records.filter { record in
                [record.personID, record.firstName, record.lastName, record.preferredName ?? "", record.yearGroup ?? ""]
                    .contains(where: SpreadsheetCell.looksLikeFormula)
            }.count
            let consequences = try PostConsequences.consentChanged(records, actor: user.name, db: db, now: now)
            return ImportResult(version: version.id!, people: records.count, diff: diff, formulaCells: formulas,
                                returnedPosts: consequences.returned, takedowns: consequences.takedowns)
        }
    }

    public func list() throws -> [ConsentRecord] {
        try user.require(.viewConsent)
        return try home.database.read { try ConsentStore.current(in: $0) }
    }

    public func show(_ personID: String) throws -> ConsentRecord {
        guard let record = try list().first(where: { Identifier.same($0.personID, personID) }) else {
            throw PhotogateError.invalid("there is no one with id \(personID) on the consent list")
        }
        return record
    }

    public func purposes() throws -> [String] {
        try home.database.read { try Settings.load($0).purposes }
    }
}
