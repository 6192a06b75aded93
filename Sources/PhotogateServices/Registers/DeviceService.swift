import Foundation
import GRDB
import PhotogateCore
import PhotogateStore

/// The register of cameras and phones photos may come from.
public struct DeviceService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct NewDevice: Sendable {
        public var id: String
        public var kind: Device.Kind
        public var make: String
        public var model: String
        public var serial: String?
        public var imei: String?
        public var holder: String?

        public init(id: String, kind: Device.Kind, make: String, model: String, serial: String? = nil, imei: String? = nil, holder: String? = nil) {
            self.id = id
            self.kind = kind
            self.make = make
            self.model = model
            self.serial = serial
            self.imei = imei
            self.holder = holder
        }
    }

    public func add(_ new: NewDevice, now: Date = Date()) throws -> Device {
        try user.require(.addDevice)
        let make = try OutsideText.typed(new.make, field: "the make"), model = try OutsideText.typed(new.model, field: "the model")
        let serial = try OutsideText.typed(new.serial, field: "the serial number")
        let problems = Device.problems(id: new.id, kind: new.kind, make: make, model: model, imei: new.imei, holder: new.holder)
        if let refusal = Device.refusal(problems) { throw refusal }
        return try home.database.write { db in
            if try DeviceRecord.find(new.id, in: db) != nil { throw PhotogateError.invalid("there is already a device \(new.id)") }
            var holder: String?
            if let name = new.holder {
                guard let record = try UserRecord.named(name, in: db) else {
                    throw PhotogateError.notFound("there is no user \(name) to hold device \(new.id)", code: "user.unknown")
                }
                holder = record.name
            }
            let device = Device(id: new.id, kind: new.kind, make: make, model: model, serial: serial, imei: new.imei,
                                holder: holder, status: Device.initialStatus(for: new.kind))
            try DeviceRecord(device, addedAt: now, addedBy: user.name).insert(db)
            var details = ["kind": device.kind.rawValue, "make": device.make, "model": device.model, "status": device.status.rawValue]
            details["serial"] = device.serial
            details["imei"] = device.imei
            details["holder"] = device.holder
            try AuditLog.append(db, actor: user.name, action: "device.added", subject: device.id, details: details, at: now)
            return device
        }
    }

    public func approve(_ id: String, now: Date = Date()) throws -> Device {
        try user.require(.approveDevice)
        return try home.database.write { db in
            var record = try existing(id, db)
            switch record.device.status {
            case .active: throw PhotogateError.invalid("device \(record.id) is already in use")
            case .revoked: throw PhotogateError.invalid("device \(record.id) was revoked; add it again to use it")
            case .awaitingApproval: break
            }
            record.status = Device.Status.active.rawValue
            record.approvedAt = now
            record.approvedBy = user.name
            try record.update(db)
            try AuditLog.append(db, actor: user.name, action: "device.approved", subject: record.id,
                                details: ["holder": record.holder ?? ""], at: now)
            return record.device
        }
    }

    public func revoke(_ id: String, reason: String, now: Date = Date()) throws -> Device {
        try user.require(.revokeDevice)
        let reason = try OutsideText.typed(reason, field: "the reason")
        guard !reason.isEmpty else { throw PhotogateError.invalid("say why the device is revoked", code: "reason.missing") }
        return try home.database.write { db in
            var record = try existing(id, db)
            guard record.device.status != .revoked else { throw PhotogateError.invalid("device \(record.id) is already revoked") }
            record.status = Device.Status.revoked.rawValue
            record.revokedAt = now
            record.revokedBy = user.name
            record.revokeReason = reason
            try record.update(db)
            try AuditLog.append(db, actor: user.name, action: "device.revoked", subject: record.id, details: ["reason": reason], at: now)
            return record.device
        }
    }

    public func list() throws -> [DeviceRecord] {
        try user.require(.viewDevices)
        return try home.database.read { try DeviceRecord.order(Column("id")).fetchAll($0) }
    }

    private func existing(_ id: String, _ db: Database) throws -> DeviceRecord {
        guard let record = try DeviceRecord.find(id, in: db) else { throw PhotogateError.invalid("there is no device \(id)") }
        return record
    }
}
