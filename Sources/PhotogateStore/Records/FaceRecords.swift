import Foundation
import GRDB
import PhotogateCore

/// One of the school's official channels (QEGSMAT 5.3, Appendix 1): where posts may go and
/// for which purpose of the consent list.
public struct ChannelRecord: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "channel"

    public var id: String
    public var platform: String
    public var account: String
    public var purpose: String
    /// The role that holds the account's master admin rights (e.g. "CEO").
    public var adminRole: String?
    /// Comma-separated users approved to post on it.
    public var posters: String
    public var openedAt: Date
    public var openedBy: String
    public var closedAt: Date?
    public var closedBy: String?

    public init(id: String, platform: String, account: String, purpose: String, adminRole: String?, posters: [String],
                openedAt: Date, openedBy: String) {
        self.id = id
        self.platform = platform
        self.account = account
        self.purpose = purpose
        self.adminRole = adminRole
        self.posters = posters.joined(separator: ",")
        self.openedAt = openedAt
        self.openedBy = openedBy
    }

    public var posterList: [String] { posters.split(separator: ",").map(String.init) }
    public var isOpen: Bool { closedAt == nil }

    public static func find(_ id: String, in db: Database) throws -> ChannelRecord? {
        try ChannelRecord.filter(sql: "id = ? COLLATE NOCASE", arguments: [id]).fetchOne(db)
    }
}

/// A tag added by staff: who is in a photo, and where (pixels of the upright photo).
public struct TagRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "tag"

    public var id: Int64?
    public var sha256: String
    public var person: String
    public var x: Double?
    public var y: Double?
    public var width: Double?
    public var height: Double?
    public var addedAt: Date
    public var addedBy: String
    public var removedAt: Date?
    public var removedBy: String?

    public init(sha256: String, person: String, box: Box?, addedAt: Date, addedBy: String) {
        self.sha256 = sha256
        self.person = person
        x = box?.x
        y = box?.y
        width = box?.width
        height = box?.height
        self.addedAt = addedAt
        self.addedBy = addedBy
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var box: Box? {
        guard let x, let y, let width, let height else { return nil }
        return Box(x: x, y: y, width: width, height: height)
    }

    public var tag: PhotoTag { PhotoTag(person: person, box: box, source: .staff) }

    /// The tags in force on a photo.
    public static func current(for sha256: String, in db: Database) throws -> [TagRecord] {
        try TagRecord.filter(Column("sha256") == sha256 && Column("removedAt") == nil).order(Column("id")).fetchAll(db)
    }
}

/// An XMP sidecar that came with a photo at ingest (`IMG_1.JPG.xmp`): its bytes, or why it
/// could not be read (then who is in the photo stays unknown whenever it is checked).
public struct SidecarRecord: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sidecar"

    public var sha256: String
    /// The sidecar's file name.
    public var name: String
    public var xmp: Data?
    /// Why the sidecar could not be read, in words after its name; `nil` when it was read.
    public var problem: String?
    public var storedAt: Date

    public init(sha256: String, name: String, xmp: Data?, problem: String?, storedAt: Date) {
        self.sha256 = sha256
        self.name = name
        self.xmp = xmp
        self.problem = problem
        self.storedAt = storedAt
    }

    /// The sidecars stored with a photo, by name.
    public static func all(for sha256: String, in db: Database) throws -> [SidecarRecord] {
        try SidecarRecord.filter(Column("sha256") == sha256).order(Column("name")).fetchAll(db)
    }

    /// Replaces the sidecars stored with a photo: the newest ingest of it brings them all.
    public static func replace(for sha256: String, with sidecars: [SidecarRecord], in db: Database) throws {
        try SidecarRecord.filter(Column("sha256") == sha256).deleteAll(db)
        for sidecar in sidecars { try sidecar.insert(db) }
    }
}

/// Faces found in a photo with given detection settings, kept so a photo is searched once.
/// The faces are derived data (the photo and settings decide them), not a record of anyone's act.
public struct FaceDetectionRecord: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "faceDetection"

    public var sha256: String
    public var settings: String
    public var faces: String
    public var detectedAt: Date

    public init(sha256: String, settings: String, faces: [DetectedFace], detectedAt: Date) throws {
        self.sha256 = sha256
        self.settings = settings
        self.faces = String(decoding: try JSONEncoder().encode(faces), as: UTF8.self)
        self.detectedAt = detectedAt
    }

    public var detectedFaces: [DetectedFace]? {
        try? JSONDecoder().decode([DetectedFace].self, from: Data(faces.utf8))
    }
}
