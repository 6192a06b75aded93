import Foundation

/// A device in the school's register: the device, and who added, approved or revoked it
/// and when.
public struct RegisteredDevice: Sendable, Equatable, Codable {
    public var id: String
    public var kind: Device.Kind
    public var make: String
    public var model: String
    public var serial: String?
    public var imei: String?
    public var holder: String?
    public var status: Device.Status
    public var addedAt: Date
    public var addedBy: String
    public var approvedAt: Date?
    public var approvedBy: String?
    public var revokedAt: Date?
    public var revokedBy: String?
    public var revokeReason: String?

    public init(_ device: Device, addedAt: Date, addedBy: String) {
        id = device.id
        kind = device.kind
        make = device.make
        model = device.model
        serial = device.serial
        imei = device.imei
        holder = device.holder
        status = device.status
        self.addedAt = addedAt
        self.addedBy = addedBy
    }

    /// The domain's view of the device.
    public var device: Device {
        Device(id: id, kind: kind, make: make, model: model, serial: serial, imei: imei, holder: holder, status: status)
    }

    /// An approver lets a personal device be used.
    public mutating func approve(by user: String, at time: Date) throws(PhotogateError) {
        switch status {
        case .active: throw .conflict("device \(id) is already in use", code: "device.active")
        case .revoked: throw .conflict("device \(id) was revoked; add it again to use it", code: "device.revoked")
        case .awaitingApproval: break
        }
        status = .active
        approvedAt = time
        approvedBy = user
    }

    /// No more photos are taken from it.
    public mutating func revoke(by user: String, reason: String, at time: Date) throws(PhotogateError) {
        guard status != .revoked else { throw .conflict("device \(id) is already revoked", code: "device.revoked") }
        status = .revoked
        revokedAt = time
        revokedBy = user
        revokeReason = reason
    }
}
