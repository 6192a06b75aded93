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
            let (home, user) = try await session.signIn()
            let device = try await DeviceService(home: home, user: user).add(.init(
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
            let (home, user) = try await session.signIn()
            let device = try await DeviceService(home: home, user: user).approve(id)
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
            let (home, user) = try await session.signIn()
            let device = try await DeviceService(home: home, user: user).revoke(id, reason: reason)
            Terminal.line("Revoked \(device.id). Photos from it are no longer accepted.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List devices and whether photos from them are accepted.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let devices = try await DeviceService(home: home, user: user).list()
            if json {
                JSONOutput.print(devices.map(DeviceJSON.init))
            } else if devices.isEmpty {
                Terminal.line("No devices yet. An admin adds them with `photogate device add`.")
            } else {
                Terminal.line(TextTable.render(header: ["DEVICE", "KIND", "MAKE AND MODEL", "HOLDER", "STATUS"], rows: devices.map {
                    [$0.id, $0.kind.rawValue, "\($0.make) \($0.model)", $0.holder ?? "-", $0.status.rawValue]
                }))
            }
        }
    }
}

struct DeviceJSON: JSONRecord {
    var id: String
    var kind: String
    var make: String
    var model: String
    var serial: String?
    var imei: String?
    var holder: String?
    var status: String
    var added_at: String
    var added_by: String
    var approved_at: String?
    var approved_by: String?
    var revoked_at: String?
    var revoked_by: String?
    var revoke_reason: String?

    init(_ record: RegisteredDevice) {
        id = record.id
        kind = record.kind.rawValue
        make = record.make
        model = record.model
        serial = record.serial
        imei = record.imei
        holder = record.holder
        status = record.status.rawValue
        added_at = Timestamp.string(record.addedAt)
        added_by = record.addedBy
        approved_at = record.approvedAt.map(Timestamp.string)
        approved_by = record.approvedBy
        revoked_at = record.revokedAt.map(Timestamp.string)
        revoked_by = record.revokedBy
        revoke_reason = record.revokeReason
    }
}
