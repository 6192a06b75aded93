import Foundation

/// A distinct photo in the vault, with what ingest learned about it.
public struct StoredPhoto: Sendable, Equatable, Codable {
    public var sha256: String
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    public var size: Int
    public var make: String?
    public var model: String?
    public var serial: String?
    public var capturedAt: String?
    public var hadGPS: Bool
    public var firstBatchId: Int64
    public var storedAt: Date

    public init(sha256: String, format: ImageFormat, width: Int, height: Int, size: Int, make: String?, model: String?,
                serial: String?, capturedAt: String?, hadGPS: Bool, firstBatchId: Int64, storedAt: Date) {
        self.sha256 = sha256
        self.format = format
        self.width = width
        self.height = height
        self.size = size
        self.make = make
        self.model = model
        self.serial = serial
        self.capturedAt = capturedAt
        self.hadGPS = hadGPS
        self.firstBatchId = firstBatchId
        self.storedAt = storedAt
    }
}

/// An XMP sidecar that came with a photo (`IMG_1.JPG.xmp`): its bytes, or why it could not
/// be read (then who is in the photo stays unknown whenever it is checked).
public struct StoredSidecar: Sendable, Equatable, Codable {
    public var sha256: String
    /// The sidecar's file name.
    public var name: String
    public var xmp: Data?
    /// Why the sidecar could not be read, in words after its name; nil when it was read.
    public var problem: String?
    public var storedAt: Date

    public init(sha256: String, name: String, xmp: Data?, problem: String?, storedAt: Date) {
        self.sha256 = sha256
        self.name = name
        self.xmp = xmp
        self.problem = problem
        self.storedAt = storedAt
    }
}

/// A tag added by staff: who is in a photo, and where (pixels of the upright photo).
public struct StaffTag: Sendable, Equatable, Codable {
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

    public var box: Box? {
        guard let x, let y, let width, let height else { return nil }
        return Box(x: x, y: y, width: width, height: height)
    }

    /// The tag as a decision reads it.
    public var tag: PhotoTag { PhotoTag(person: person, box: box, source: .staff) }

    /// Says the same as `other`: the same person, in the same place.
    public func says(sameAs other: StaffTag) -> Bool {
        Identifier.same(person, other.person) && box == other.box
    }
}
