import Foundation
import GRDB
import PhotogateCore

// The domain's values are the rows of their tables: each column is a property of the same
// name. Enums are stored as their raw values and lists as JSON (never joined with commas);
// a stored value this version cannot read fails the read (an integrity failure), never
// becomes a default. The domain module knows nothing of SQLite: the conformances live here.

extension UserAccount: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"
}

extension RegisteredDevice: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"
}

extension Channel: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "channel"
}

extension ConsentVersion: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "consentVersion"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension StoredPhoto: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "photo"
}

extension StoredSidecar: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sidecar"
}

extension StaffTag: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "tag"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Batch: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "batch"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension BatchFile: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "batchFile"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Post: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "post"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension PostPhoto: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "postPhoto"
}

extension PostApproval: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "postApproval"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Takedown: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "takedown"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A person's entry in one version of the consent list (the domain record, as JSON).
struct ConsentPersonRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "consentPerson"

    var versionId: Int64
    var personId: String
    var record: ConsentRecord
}

/// Faces found in a photo with given detection settings, kept so a photo is searched once.
struct FaceDetectionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "faceDetection"

    var sha256: String
    var settings: String
    var faces: [DetectedFace]
    var detectedAt: Date
}

/// Text read in a photo, kept in the same table as the faces found (the photo's analysis,
/// keyed by the reader's settings, which never equal a detection's).
struct TextReadingRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "faceDetection"

    var sha256: String
    var settings: String
    var regions: [TextRegion]
    var readAt: Date

    enum CodingKeys: String, CodingKey {
        case sha256, settings
        case regions = "faces"
        case readAt = "detectedAt"
    }
}

/// The settings, kept as one JSON document under one key.
struct SettingRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "setting"
    static let settingsKey = "settings"

    var key: String
    var value: Settings
}
