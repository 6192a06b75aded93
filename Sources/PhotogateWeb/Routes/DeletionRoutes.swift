import Foundation
import Hummingbird
import HummingbirdCore
import PhotogateCore
import PhotogateServices

/// Deletion from personal phones: the holder confirms each batch they still have to delete
/// (as `photogate deletion confirm` does); the admin and the auditor read the register, filter
/// it and download it as a spreadsheet.
struct DeletionRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/deletions", use: page)
        router.get("/deletions.csv", use: spreadsheet)
        router.post("/deletions/{batch}/confirm", use: confirm)
    }

    struct DeletionsContent: Sendable {
        /// Whether the page has a "waiting for you" part: for staff, who hold the phones,
        /// and anyone holding a phone with photos still on it.
        var showMine: Bool
        var mine: [DeletionView]
        var mayViewRegister: Bool
        var register: [DeletionView]
        var filter: FilterView
        var csvHref: String
    }

    struct FilterView: Sendable {
        var holder: String
        var device: String
        var from: String
        var to: String
        var statuses: [Choice]
    }

    struct Choice: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let service = DeletionService(home: environment.home, user: user)
        let query = request.uri.queryParameters
        let filter = try Self.filter(query)
        let mayViewRegister = user.may(.viewDeletions)
        let register = mayViewRegister ? try await service.report(filter).map(DeletionView.init) : []
        let confirmed = query.get("confirmed").flatMap(Int64.init).map { "Batch \($0) is recorded as deleted from the phone. Thank you." }
        let mine = try await service.waitingForMe().map(DeletionView.init)
        let content = DeletionsContent(
            showMine: !mine.isEmpty || user.may(.ingest), mine: mine, mayViewRegister: mayViewRegister, register: register,
            filter: FilterView(holder: query.get("holder") ?? "", device: query.get("device") ?? "", from: query.get("from") ?? "",
                               to: query.get("to") ?? "",
                               statuses: [Choice(value: "", label: "Any", selected: filter.status == nil)]
                                   + [DeletionObligation.Status.open, .overdue, .done].map {
                                       Choice(value: $0.rawValue, label: DeletionView.word($0), selected: filter.status == $0)
                                   }),
            csvHref: "/deletions.csv" + (request.uri.query.map { "?" + $0 } ?? ""))
        return environment.pages.render("deletions", frame: await environment.frame("Deletions", context, path: "/deletions", notice: confirmed),
                                        content: content)
    }

    @Sendable func spreadsheet(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let rows = try await DeletionService(home: environment.home, user: user).report(try Self.filter(request.uri.queryParameters))
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"deletions.csv\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: try DeletionService.csv(rows))))
    }

    @Sendable func confirm(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let batch = try context.parameters.require("batch", as: Int64.self)
        let form = try await FormFields.read(request, context: context)
        _ = try await DeletionService(home: environment.home, user: user).confirm(batch: batch, method: form.text("method"))
        return .redirect(to: "/deletions?confirmed=\(batch)")
    }

    /// The register's filter from the page's query: dates as the browser's date fields send
    /// them (`2026-11-30`), the end date counting in full.
    static func filter(_ query: FlatDictionary<Substring, Substring>) throws -> DeletionService.Filter {
        func day(_ name: String) throws -> CalendarDate? {
            guard let text = query.get(name), !text.isEmpty else { return nil }
            guard let day = CalendarDate(iso: text) else {
                throw PhotogateError.invalid("the \(name) date must be a day like 2026-11-30", code: "filter.date")
            }
            return day
        }
        let status = try query.get("status").flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let status = DeletionObligation.Status(rawValue: text) else {
                throw PhotogateError.invalid("there is no deletion status \(text.prefix(20))", code: "filter.status")
            }
            return status
        }
        let blankIsNil = { (text: String?) in text.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        return DeletionService.Filter(holder: blankIsNil(query.get("holder")), device: blankIsNil(query.get("device")), status: status,
                                      ingestedFrom: try day("from")?.start(), ingestedBefore: try day("to")?.end())
    }
}

/// One batch's deletion as people read it: its status as colour and word, late marked.
struct DeletionView: Sendable {
    var batch: Int64
    var device: String
    var holder: String
    var files: Int
    var ingested: String
    var ingestedBy: String
    var deadline: String
    var status: String
    var statusWord: String
    var late: Bool
    var done: String?
    var doneBy: String?
    var method: String?
    var verification: String?

    init(_ row: DeletionService.Row) {
        batch = row.batch
        device = row.device
        holder = row.holder ?? "nobody"
        files = row.files
        ingested = PageDate.text(row.ingestedAt)
        ingestedBy = row.ingestedBy
        deadline = PageDate.text(row.deadline)
        status = row.wasLate ? "late" : row.status.rawValue
        statusWord = row.wasLate ? "Deleted late" : Self.word(row.status)
        late = row.wasLate
        done = row.doneAt.map(PageDate.text)
        doneBy = row.doneBy
        method = row.method
        verification = row.verification
    }

    static func word(_ status: DeletionObligation.Status) -> String {
        switch status {
        case .open: "Still on the phone"
        case .overdue: "Overdue"
        case .done: "Deleted"
        }
    }
}
