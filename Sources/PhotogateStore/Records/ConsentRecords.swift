import Foundation
import GRDB
import PhotogateCore

/// One import of the consent list. Earlier versions are kept; the newest is in force.
public struct ConsentVersionRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "consentVersion"

    public var id: Int64?
    public var importedAt: Date
    public var importedBy: String
    public var fileName: String
    public var fileSHA256: String
    public var peopleCount: Int

    public init(importedAt: Date, importedBy: String, fileName: String, fileSHA256: String, peopleCount: Int) {
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.peopleCount = peopleCount
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public static func latest(in db: Database) throws -> ConsentVersionRecord? {
        try ConsentVersionRecord.order(Column("id").desc).fetchOne(db)
    }
}

/// A person's entry in one version of the consent list (the domain record, as JSON).
struct ConsentPersonRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "consentPerson"

    var versionId: Int64
    var personId: String
    var record: String
}

/// Reading and writing whole versions of the consent list.
public enum ConsentStore {
    public static func save(_ records: [ConsentRecord], as version: inout ConsentVersionRecord, in db: Database) throws {
        try version.insert(db)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for record in records {
            let json = String(decoding: try encoder.encode(record), as: UTF8.self)
            try ConsentPersonRecord(versionId: version.id!, personId: record.personID, record: json).insert(db)
        }
    }

    /// The people of a version, in id order.
    public static func people(ofVersion id: Int64, in db: Database) throws -> [ConsentRecord] {
        let decoder = JSONDecoder()
        return try ConsentPersonRecord.filter(Column("versionId") == id).order(Column("personId")).fetchAll(db)
            .map { try decoder.decode(ConsentRecord.self, from: Data($0.record.utf8)) }
    }

    /// The list in force: the newest version's people (empty before the first import).
    public static func current(in db: Database) throws -> [ConsentRecord] {
        guard let latest = try ConsentVersionRecord.latest(in: db) else { return [] }
        return try people(ofVersion: latest.id!, in: db)
    }
}
