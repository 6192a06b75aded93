import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateServices
import PhotogateStore

extension Device.Kind: ExpressibleByArgument {}

struct Devices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "The register of cameras and phones photos may come from.",
        subcommands: [Add.self, Approve.self, Revoke.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a trust device (usable at once) or a personal one (usable once an approver approves it). Admin."
        )

        @OptionGroup var session: SessionOptions

        @Argument(help: "A short id for the device, e.g. office-camera or amy-iphone.")
        var id: String

        @Option(help: "trust or personal.")
        var kind: Device.Kind

        @Option(help: "The maker, as the photos record it (e.g. Apple, Canon).")
        var make: String

        @Option(help: "The model, as the photos record it (e.g. iPhone 12).")
        var model: String

        @Option(help: "The camera's serial number, when known.")
        var serial: String?

        @Option(help: "A phone's IMEI (15 digits; dial *#06# to see it).")
        var imei: String?

        @Option(help: "The member of staff whose personal device it is.")
        var holder: String?

        func run() async throws {
            let (home, user) = try session.signIn()
            let device = try DeviceService(home: home, user: user).add(.init(
                id: id, kind: kind, make: make, model: model, serial: serial, imei: imei, holder: holder
            ))
            if device.status == .awaitingApproval {
                Terminal.line("Added personal device \(device.id) (\(device.make) \(device.model), held by \(device.holder ?? "?")). An approver must approve it before photos from it are accepted.")
            } else {
                Terminal.line("Added trust device \(device.id) (\(device.make) \(device.model)). Photos from it can be ingested now.")
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a personal device in advance of its use (approver).")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The device's id.")
        var id: String

        func run() async throws {
            let (home, user) = try session.signIn()
            let device = try DeviceService(home: home, user: user).approve(id)
            Terminal.line("Approved \(device.id). Photos taken on it can now be ingested; they must be deleted from it afterwards.")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop accepting photos from a device (admin or approver).")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The device's id.")
        var id: String

        @Option(help: "Why, in a few words.")
        var reason: String

        func run() async throws {
            let (home, user) = try session.signIn()
            let device = try DeviceService(home: home, user: user).revoke(id, reason: reason)
            Terminal.line("Revoked \(device.id). Photos from it are no longer accepted.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List devices and whether photos from them are accepted.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try session.signIn()
            let devices = try DeviceService(home: home, user: user).list()
            if json {
                JSONOutput.print(devices.map(DeviceJSON.init))
            } else if devices.isEmpty {
                Terminal.line("No devices yet. An admin adds them with `photogate device add`.")
            } else {
                Terminal.line(TextTable.render(header: ["DEVICE", "KIND", "MAKE AND MODEL", "HOLDER", "STATUS"], rows: devices.map {
                    [$0.id, $0.kind, "\($0.make) \($0.model)", $0.holder ?? "-", $0.status]
                }))
            }
        }
    }
}

struct DeviceJSON: Encodable {
    let record: DeviceRecord

    init(_ record: DeviceRecord) {
        self.record = record
    }

    enum Key: String, CodingKey {
        case id, kind, make, model, serial, imei, holder, status
        case addedAt = "added_at", addedBy = "added_by", approvedAt = "approved_at", approvedBy = "approved_by"
        case revokedAt = "revoked_at", revokedBy = "revoked_by", revokeReason = "revoke_reason"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(record.id, forKey: .id)
        try c.encode(record.kind, forKey: .kind)
        try c.encode(record.make, forKey: .make)
        try c.encode(record.model, forKey: .model)
        try c.encode(record.serial, forKey: .serial)
        try c.encode(record.imei, forKey: .imei)
        try c.encode(record.holder, forKey: .holder)
        try c.encode(record.status, forKey: .status)
        try c.encode(Timestamp.string(record.addedAt), forKey: .addedAt)
        try c.encode(record.addedBy, forKey: .addedBy)
        try c.encode(record.approvedAt.map(Timestamp.string), forKey: .approvedAt)
        try c.encode(record.approvedBy, forKey: .approvedBy)
        try c.encode(record.revokedAt.map(Timestamp.string), forKey: .revokedAt)
        try c.encode(record.revokedBy, forKey: .revokedBy)
        try c.encode(record.revokeReason, forKey: .revokeReason)
    }
}
