import Foundation
import Hummingbird
import PhotogateCore
import PhotogateServices

/// The registers the admin keeps: the approved devices (the head approves personal phones
/// here) and the school's official channels. Each action is the command line's service; a
/// refusal is shown on the page with what was typed kept.
struct RegisterRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/devices", use: devices)
        router.post("/devices", use: addDevice)
        router.post("/devices/{id}/approve") { request, context in
            try await deviceAction(request, context, done: "approved") { service, id, _ in try await service.approve(id) }
        }
        router.post("/devices/{id}/revoke") { request, context in
            try await deviceAction(request, context, done: "revoked") { service, id, form in try await service.revoke(id, reason: form.text("reason") ?? "") }
        }
        router.get("/channels", use: channels)
        router.post("/channels", use: addChannel)
        router.post("/channels/{id}/close", use: closeChannel)
    }

    // MARK: Devices

    struct DevicesContent: Sendable {
        var devices: [DeviceView]
        var mayAdd: Bool
        var kinds: [String]
        var problem: String?
        var typed: [String: String]
    }

    struct DeviceView: Sendable {
        var id: String
        var kind: String
        var camera: String
        var serial: String?
        var imei: String?
        var holder: String?
        var status: String
        var statusWord: String
        var added: String
        var approved: String?
        var revoked: String?
        var mayApprove: Bool
        var mayRevoke: Bool
    }

    @Sendable func devices(_ request: Request, context: WebContext) async throws -> Response {
        try await renderDevices(context, notice: request.uri.queryParameters.get("done").flatMap { Self.notice($0, of: "Device") })
    }

    private func renderDevices(_ context: WebContext, notice: String? = nil, problem: String? = nil, typed: [String: String] = [:],
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let devices = try await DeviceService(home: environment.home, user: user).list().map { device in
            DeviceView(id: device.id, kind: device.kind.rawValue, camera: "\(device.make) \(device.model)", serial: device.serial, imei: device.imei,
                       holder: device.holder, status: device.status.rawValue, statusWord: Self.word(device.status),
                       added: "\(PageDate.text(device.addedAt)) by \(device.addedBy)",
                       approved: device.approvedAt.map { "\(PageDate.text($0)) by \(device.approvedBy ?? "")" },
                       revoked: device.revokedAt.map { "\(PageDate.text($0)) by \(device.revokedBy ?? ""): \(device.revokeReason ?? "")" },
                       mayApprove: device.status == .awaitingApproval && user.may(.approveDevice),
                       mayRevoke: device.status != .revoked && user.may(.revokeDevice))
        }
        let content = DevicesContent(devices: devices, mayAdd: user.may(.addDevice), kinds: Device.Kind.allCases.map(\.rawValue),
                                     problem: problem, typed: typed)
        return environment.pages.render("devices", frame: await environment.frame("Devices", context, path: "/devices", notice: notice),
                                        content: content, status: status)
    }

    @Sendable func addDevice(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let form = try await FormFields.read(request, context: context)
        let fields = ["id", "kind", "make", "model", "serial", "imei", "holder"]
        let typed = Dictionary(uniqueKeysWithValues: fields.map { ($0, form.text($0) ?? "") })
        do {
            guard let kind = Device.Kind(rawValue: typed["kind"] ?? "") else {
                throw PhotogateError.invalid("choose whether the device is the trust's or someone's own", code: "device.kind")
            }
            let new = DeviceService.NewDevice(id: typed["id"] ?? "", kind: kind, make: typed["make"] ?? "", model: typed["model"] ?? "",
                                              serial: form.text("serial"), imei: form.text("imei"), holder: form.text("holder"))
            let added = try await DeviceService(home: environment.home, user: user).add(new)
            return .redirect(to: "/devices?done=added-\(Self.queryValue(added.id))")
        } catch let refusal as PhotogateError where refusal.kind == .invalid || refusal.kind == .conflict || refusal.kind == .notFound {
            return try await renderDevices(context, problem: refusal.message, typed: typed, status: .badRequest)
        }
    }

    private func deviceAction(_ request: Request, _ context: WebContext, done: String,
                              _ action: (DeviceService, String, FormFields) async throws -> RegisteredDevice) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let id = try context.parameters.require("id")
        let form = try await FormFields.read(request, context: context)
        do {
            let device = try await action(DeviceService(home: environment.home, user: user), id, form)
            return .redirect(to: "/devices?done=\(done)-\(Self.queryValue(device.id))")
        } catch let refusal as PhotogateError where refusal.kind == .invalid {
            return try await renderDevices(context, problem: "\(id): \(refusal.message)", status: .badRequest)
        }
    }

    static func word(_ status: Device.Status) -> String {
        switch status {
        case .active: "In use"
        case .awaitingApproval: "Waiting for the head's approval"
        case .revoked: "Revoked"
        }
    }

    // MARK: Channels

    struct ChannelsContent: Sendable {
        var channels: [ChannelView]
        var mayManage: Bool
        var purposes: [String]
        var problem: String?
        var typed: [String: String]
    }

    struct ChannelView: Sendable {
        var id: String
        var label: String
        var adminRole: String?
        var posters: String
        var opened: String
        var closed: String?
    }

    @Sendable func channels(_ request: Request, context: WebContext) async throws -> Response {
        try await renderChannels(context, notice: request.uri.queryParameters.get("done").flatMap { Self.notice($0, of: "Channel") })
    }

    private func renderChannels(_ context: WebContext, notice: String? = nil, problem: String? = nil, typed: [String: String] = [:],
                                status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let channels = try await ChannelService(home: environment.home, user: user).list().map { channel in
            ChannelView(id: channel.id, label: ChannelLabel.text(channel), adminRole: channel.adminRole,
                        posters: channel.posters.joined(separator: ", "), opened: "\(PageDate.text(channel.openedAt)) by \(channel.openedBy)",
                        closed: channel.closedAt.map { "\(PageDate.text($0)) by \(channel.closedBy ?? "")" })
        }
        let purposes = (try? await environment.home.settings.current().purposes) ?? []
        let content = ChannelsContent(channels: channels, mayManage: user.may(.manageChannels), purposes: purposes, problem: problem, typed: typed)
        return environment.pages.render("channels", frame: await environment.frame("Channels", context, path: "/channels", notice: notice),
                                        content: content, status: status)
    }

    @Sendable func addChannel(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let form = try await FormFields.read(request, context: context)
        let fields = ["id", "platform", "account", "purpose", "admin_role", "posters"]
        let typed = Dictionary(uniqueKeysWithValues: fields.map { ($0, form.text($0) ?? "") })
        do {
            let posters = (typed["posters"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let new = ChannelService.NewChannel(id: typed["id"] ?? "", platform: typed["platform"] ?? "", account: typed["account"] ?? "",
                                                purpose: typed["purpose"] ?? "", adminRole: form.text("admin_role"), posters: posters)
            let added = try await ChannelService(home: environment.home, user: user).add(new)
            return .redirect(to: "/channels?done=added-\(Self.queryValue(added.id))")
        } catch let refusal as PhotogateError where refusal.kind == .invalid || refusal.kind == .conflict || refusal.kind == .notFound {
            return try await renderChannels(context, problem: refusal.message, typed: typed, status: .badRequest)
        }
    }

    @Sendable func closeChannel(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let id = try context.parameters.require("id")
        let closed = try await ChannelService(home: environment.home, user: user).close(id)
        return .redirect(to: "/channels?done=closed-\(Self.queryValue(closed.id))")
    }

    // MARK: Both

    /// The message after an action, from the redirect's `done`; only an id is echoed.
    static func notice(_ done: String, of thing: String) -> String? {
        let parts = done.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, (1...64).contains(parts[1].utf8.count),
              parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else { return nil }
        switch parts[0] {
        case "added", "approved", "revoked", "closed": return "\(thing) \(parts[1]) \(parts[0])."
        default: return nil
        }
    }

    private static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}
