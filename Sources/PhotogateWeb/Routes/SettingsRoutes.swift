import Foundation
import Hummingbird
import PhotogateCore
import PhotogateServices
import PhotogateStore

/// The school's settings, each changed on its own with the words the command line accepts
/// (`photogate config set`); every change is audited with its old and new value, and the
/// page lists the changes made so far.
struct SettingsRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/settings", use: page)
        router.post("/settings", use: change)
    }

    struct SettingsContent: Sendable {
        var settings: [SettingView]
        var mayChange: Bool
        var changes: [ChangeView]
        var problem: String?
    }

    struct SettingView: Sendable {
        var key: String
        var label: String
        var value: String
        var hint: String
    }

    struct ChangeView: Sendable {
        var at: String
        var actor: String
        var key: String
        var from: String
        var to: String
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        let changed = request.uri.queryParameters.get("changed").flatMap(SettingKey.init(rawValue:)).map { "\(Self.label($0)) changed." }
        return try await render(context, notice: changed)
    }

    @Sendable func change(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let form = try await FormFields.read(request, context: context)
        guard let key = form.value("key").flatMap(SettingKey.init(rawValue:)) else {
            throw PhotogateError.invalid("there is no such setting", code: "setting.unknown")
        }
        do {
            _ = try await SettingsService(home: environment.home, user: user).set(key, to: form.value("value") ?? "")
        } catch let refusal as PhotogateError where refusal.kind == .invalid {
            return try await render(context, problem: "\(Self.label(key)): \(refusal.message)", status: .badRequest)
        }
        return .redirect(to: "/settings?changed=\(key.rawValue)")
    }

    private func render(_ context: WebContext, notice: String? = nil, problem: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let settings = try await SettingsService(home: environment.home, user: user).show()
        let views = SettingKey.allCases.map { SettingView(key: $0.rawValue, label: Self.label($0), value: settings.text(for: $0), hint: Self.hint($0)) }
        // The history of changes, for those who may read the log.
        let changes = user.may(.readAudit)
            ? try await AuditService(home: environment.home, user: user).events(AuditService.Filter(action: "settings.changed")).reversed().map { event in
                ChangeView(at: PageDate.text(Timestamp.date(event.at) ?? Date()), actor: event.actor, key: event.subject,
                           from: event.detailValues["from"] ?? "", to: event.detailValues["to"] ?? "")
            }
            : []
        return environment.pages.render("settings", frame: await environment.frame("Settings", context, path: "/settings", notice: notice),
                                        content: SettingsContent(settings: views, mayChange: user.may(.changeSettings), changes: changes, problem: problem),
                                        status: status)
    }

    static func label(_ key: SettingKey) -> String {
        switch key {
        case .school: "The school's name"
        case .purposes: "What photos may be used for"
        case .deletionDeadlineHours: "Hours to delete photos from a personal phone"
        case .faceThreshold: "Face detection threshold"
        case .redaction: "How faces are hidden"
        case .redactionGrow: "How much a face's box grows before it is hidden"
        case .subjectShare: "Share of the frame that makes a face the photo's subject"
        case .approvalChain: "Who approves a post, in order"
        case .sessionIdleMinutes: "Minutes before an idle browser session ends"
        case .sessionHours: "Hours before any browser session ends"
        case .consentWarningDays: "Days ahead that ending consent is flagged"
        case .textReading: "Read photos for names"
        case .textNames: "A readable name without consent"
        case .textFirstNames: "When a first name alone counts"
        case .textNameCards: "Text that cannot be read but looks like a name card"
        }
    }

    static func hint(_ key: SettingKey) -> String {
        switch key {
        case .school: "As it appears on every page."
        case .purposes: "Words joined by underscores, separated by commas: website,social_media,prospectus."
        case .deletionDeadlineHours: "0 to 720."
        case .faceThreshold: "0.01 to 0.9; lower finds more faces (and more that are not faces)."
        case .redaction: "pixelate or solid."
        case .redactionGrow: "0 to 1: 0.3 grows each box by 30% before hiding it."
        case .subjectShare: "Above 0 and at most 1: 0.05 is 5%."
        case .approvalChain: "Roles separated by commas, e.g. approver or approver,approver."
        case .sessionIdleMinutes: "5 to 240."
        case .sessionHours: "1 to 24."
        case .consentWarningDays: "1 to 365: the office asks parents again in time."
        case .textReading: "on or off: certificates, work and badges are read for pupils' names."
        case .textNames: "blur (hidden like a face) or review (a person decides)."
        case .textFirstNames: "tagged-or-unique, tagged or any."
        case .textNameCards: "review or ignore."
        }
    }
}
