import Foundation
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

    public func add(_ new: NewDevice, now: Date = Date()) async throws -> RegisteredDevice {
        try user.require(.addDevice)
        let make = try OutsideText.typed(new.make, field: "the make"), model = try OutsideText.typed(new.model, field: "the model")
        let serial = try OutsideText.typed(new.serial, field: "the serial number")
        let problems = Device.problems(id: new.id, kind: new.kind, make: make, model: model, imei: new.imei, holder: new.holder)
        if let refusal = Device.refusal(problems) { throw refusal }
        let device = Device(id: new.id, kind: new.kind, make: make, model: model, serial: serial, imei: new.imei,
                            holder: new.holder, status: Device.initialStatus(for: new.kind))
        return try await home.devices.add(device, by: user.name, at: now)
    }

    public func approve(_ id: String, now: Date = Date()) async throws -> RegisteredDevice {
        try user.require(.approveDevice)
        return try await home.devices.approve(id: id, by: user.name, at: now)
    }

    public func revoke(_ id: String, reason: String, now: Date = Date()) async throws -> RegisteredDevice {
        try user.require(.revokeDevice)
        let reason = try OutsideText.typed(reason, field: "the reason")
        guard !reason.isEmpty else { throw PhotogateError.invalid("say why the device is revoked", code: "reason.missing") }
        return try await home.devices.revoke(id: id, reason: reason, by: user.name, at: now)
    }

    public func list() async throws -> [RegisteredDevice] {
        try user.require(.viewDevices)
        return try await home.devices.all()
    }

    /// A device by id, or why there is none.
    public func device(_ id: String) async throws -> RegisteredDevice {
        try user.require(.viewDevices)
        guard let device = try await home.devices.device(id: id) else {
            throw PhotogateError.notFound("there is no device \(id)", code: "device.unknown")
        }
        return device
    }
}
