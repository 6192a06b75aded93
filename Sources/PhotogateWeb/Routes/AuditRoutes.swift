import Foundation
import Hummingbird
import HummingbirdCore
import PhotogateCore
import PhotogateServices
import PhotogateStore

/// The auditor's record: the log newest first with filters, a verification of the chain and
/// the state it records (against a head hash noted earlier, if given), and exports. Nothing
/// here changes anything.
struct AuditRoutes {
    let environment: WebApp.Environment
    /// Events shown on one page; the export has them all.
    static let shown = 500

    func register(on router: Router<WebContext>) {
        router.get("/audit", use: page)
        router.post("/audit/verify", use: verify)
        router.get("/audit/export.csv") { request, context in try await export(.csv, request, context) }
        router.get("/audit/export.json") { request, context in try await export(.json, request, context) }
    }

    struct AuditContent: Sendable {
        var events: [EventView]
        var total: Int
        var truncated: Bool
        var head: String?
        var filter: FilterView
        var exportQuery: String
        var mayVerify: Bool
        var verification: VerificationView?
    }

    struct FilterView: Sendable {
        var from: String
        var to: String
        var actor: String
        var action: String
        var subject: String
    }

    struct EventView: Sendable {
        struct Detail: Sendable {
            var name: String
            var value: String
        }

        var id: Int64
        var at: String
        var actor: String
        var action: String
        var subject: String
        var details: [Detail]
        var hash: String
    }

    struct VerificationView: Sendable {
        var intact: Bool
        var words: String
        var head: String?
        var noted: String?
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        try await render(request, context, verification: nil)
    }

    @Sendable func verify(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let form = try await FormFields.read(request, context: context)
        let noted = form.text("expect_head")
        let result = try await AuditService(home: environment.home, user: user).verify(expectedHead: noted)
        var head: String?
        if case let .intact(_, found) = result { head = found }
        return try await render(request, context, verification: VerificationView(intact: result.isIntact, words: result.plainWords, head: head, noted: noted),
                                status: result.isIntact ? .ok : .conflict)
    }

    private func render(_ request: Request, _ context: WebContext, verification: VerificationView?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let query = request.uri.queryParameters
        let service = AuditService(home: environment.home, user: user)
        let events = try await service.events(try Self.filter(query))
        let newest = events.reversed().prefix(Self.shown).map(EventView.init)
        let content = AuditContent(
            events: Array(newest), total: events.count, truncated: events.count > Self.shown, head: try await service.head(),
            filter: FilterView(from: query.get("from") ?? "", to: query.get("to") ?? "", actor: query.get("actor") ?? "",
                               action: query.get("action") ?? "", subject: query.get("subject") ?? ""),
            exportQuery: request.uri.query.map { "?" + $0 } ?? "", mayVerify: user.may(.verifyAudit), verification: verification)
        return environment.pages.render("audit", frame: await environment.frame("Audit log", context, path: "/audit"), content: content, status: status)
    }

    private func export(_ format: AuditService.ExportFormat, _ request: Request, _ context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let (bytes, _) = try await AuditService(home: environment.home, user: user).export(format, try Self.filter(request.uri.queryParameters))
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/json"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"audit-log.\(format.rawValue)\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The filter from the page's query; dates are days, the end date counting in full.
    static func filter(_ query: FlatDictionary<Substring, Substring>) throws -> AuditService.Filter {
        func day(_ name: String) throws -> CalendarDate? {
            guard let text = query.get(name), !text.isEmpty else { return nil }
            guard let day = CalendarDate(iso: text) else {
                throw PhotogateError.invalid("the \(name) date must be a day like 2026-11-30", code: "filter.date")
            }
            return day
        }
        let text = { (name: String) -> String? in query.get(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : String($0.prefix(100)) } }
        return AuditService.Filter(from: try day("from")?.start(), before: try day("to")?.end(),
                                   actor: text("actor"), action: text("action"), subject: text("subject"))
    }
}

extension AuditRoutes.EventView {
    /// An event as people read it: its time in the school's words, each detail on its own line.
    init(_ event: AuditEvent) {
        id = event.id
        at = Timestamp.date(event.at).map(PageDate.text) ?? event.at
        actor = event.actor
        action = event.action
        subject = event.subject
        details = event.detailValues.sorted { $0.key < $1.key }.map { Detail(name: $0.key.replacingOccurrences(of: "_", with: " "), value: $0.value) }
        hash = event.hash
    }
}
