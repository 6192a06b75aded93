import Foundation
import GRDB
import PhotogateCore

/// A registered camera or phone, with who added, approved or revoked it and when.
public struct DeviceRecord: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"

    public var id: String
    public var kind: String
    public var make: String
    public var model: String
    public var serial: String?
    public var imei: String?
    public var holder: String?
    public var status: String
    public var addedAt: Date
    public var addedBy: String
    public var approvedAt: Date?
    public var approvedBy: String?
    public var revokedAt: Date?
    public var revokedBy: String?
    public var revokeReason: String?

    public init(_ device: Device, addedAt: Date, addedBy: String) {
        id = device.id
        kind = device.kind.rawValue
        make = device.make
        model = device.model
        serial = device.serial
        imei = device.imei
        holder = device.holder
        status = device.status.rawValue
        self.addedAt = addedAt
        self.addedBy = addedBy
    }

    /// The domain's view of the device.
    public var device: Device {
        Device(id: id, kind: Device.Kind(rawValue: kind) ?? .personal, make: make, model: model, serial: serial,
               imei: imei, holder: holder, status: Device.Status(rawValue: status) ?? .revoked)
    }

    public static func find(_ id: String, in db: Database) throws -> DeviceRecord? {
        try DeviceRecord.filter(sql: "id = ? COLLATE NOCASE", arguments: [id]).fetchOne(db)
    }
}
