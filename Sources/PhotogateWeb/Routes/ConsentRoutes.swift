import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import PhotogateCore
import PhotogateServices
import PhotogateStore

/// The consent list: browse and search it; the admin uploads the MIS export, sees everything
/// it would change (people, consent, and the posts that would go back or come down) before
/// anything changes, and confirms it as a new version.
struct ConsentRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/consent", use: list)
        router.get("/consent/{person}", use: person)
        router.post("/consent/import", use: preview)
        router.post("/consent/import/{token}/confirm", use: confirm)
    }

    struct ListContent: Sendable {
        var query: String
        var purposes: [String]
        var people: [PersonView]
        var shown: Int
        var total: Int
        var mayImport: Bool
    }

    struct PersonView: Sendable {
        struct Purpose: Sendable {
            var purpose: String
            var granted: Bool
        }

        var id: String
        var name: String
        var kind: String
        var yearGroup: String?
        var purposes: [Purpose]
        var names: Bool
        var expires: String?
        /// Ends within the settings' warning days (`ConsentExpiry`), or has ended.
        var endsSoon: Bool
        var ended: Bool
        var excluded: Bool
    }

    @Sendable func list(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let service = ConsentService(home: environment.home, user: user)
        let everyone = try await service.list()
        let purposes = try await service.purposes()
        let query = String((request.uri.queryParameters.get("q") ?? "").prefix(100)).trimmingCharacters(in: .whitespaces)
        let settings = try await environment.home.settings.current()
        let shown = everyone.filter { Self.matches($0, query) }.map { PersonView($0, purposes: purposes, warningDays: settings.consentWarningDays) }
        let notice = request.uri.queryParameters.get("imported").flatMap(Int64.init).map { "The consent list is now version \($0)." }
        return environment.pages.render("consent", frame: await environment.frame("Consent list", context, path: "/consent", notice: notice),
                                        content: ListContent(query: query, purposes: purposes.map { $0.replacingOccurrences(of: "_", with: " ") },
                                                             people: shown, shown: shown.count, total: everyone.count,
                                                             mayImport: user.may(.importConsent)))
    }

    struct PersonContent: Sendable {
        struct Version: Sendable {
            var version: Int64
            var imported: String
            var fileName: String
            var consent: String
        }

        struct PostLine: Sendable {
            var id: Int64
            var caption: String
            var state: String
            var stateWord: String
        }

        var person: PersonView
        var history: [Version]
        var posts: [PostLine]
    }

    @Sendable func person(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let service = ConsentService(home: environment.home, user: user)
        let record = try await service.show(try context.parameters.require("person"))
        let settings = try await environment.home.settings.current()
        let history = try await service.history(of: record.personID).reversed().map { version, record in
            PersonContent.Version(version: version.id ?? 0, imported: "\(PageDate.text(version.importedAt)) by \(version.importedBy)",
                                  fileName: version.fileName, consent: record.map(Self.summary) ?? "not on the list")
        }
        let posts = try await service.posts(showing: record.personID).map {
            PersonContent.PostLine(id: $0.id ?? 0, caption: $0.caption, state: $0.state.rawValue, stateWord: PostView.word($0.state))
        }
        let content = PersonContent(person: PersonView(record, purposes: try await service.purposes(), warningDays: settings.consentWarningDays),
                                    history: history, posts: posts)
        return environment.pages.render("consent-person", frame: await environment.frame(record.fullName, context, path: "/consent"), content: content)
    }

    /// A version's record in a line: "social media, website; may be named; ends 2027-08-31".
    static func summary(_ record: ConsentRecord) -> String {
        if record.excluded { return "must not be photographed" }
        let purposes = record.purposes.sorted().map { $0.replacingOccurrences(of: "_", with: " ") }
        return [purposes.isEmpty ? "no consent" : purposes.joined(separator: ", "),
                record.names ? "may be named" : "not named",
                record.expires.map { "ends \($0)" }].compactMap { $0 }.joined(separator: "; ")
    }

    struct PreviewContent: Sendable {
        struct Line: Sendable {
            var words: String
        }

        struct AffectedPost: Sendable {
            var id: Int64
            var state: String
            var caption: String
            var reasons: [String]
        }

        var token: String
        var fileName: String
        var people: Int
        var changes: [Line]
        var returned: [AffectedPost]
        var takedowns: [AffectedPost]
        var nothingChanges: Bool
    }

    struct RefusedContent: Sendable {
        var fileName: String
        var problems: [String]
    }

    /// The upload answers the preview: nothing changes until it is confirmed.
    @Sendable func preview(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        try user.require(.importConsent)
        let upload = try await SingleFileUpload.receive(request, context: context, maxBytes: ConsentService.maxFileBytes)
        do {
            let preview = try await ConsentService(home: environment.home, user: user).preview(upload.bytes, named: upload.fileName)
            let name = { (id: String) in preview.names[id].map { "\($0) (\(id))" } ?? id }
            let affected = { (items: [(post: Post, losses: [ConsentConsequences.Loss])]) in
                items.map { item in
                    PreviewContent.AffectedPost(id: item.post.id ?? 0, state: PostView.word(item.post.state), caption: item.post.caption,
                                                reasons: item.losses.map { "\(name($0.personID)): \($0.reason)" })
                }
            }
            let changes = Self.lines(preview.preview.diff, name: name)
            let content = PreviewContent(token: preview.token, fileName: preview.fileName, people: preview.people, changes: changes,
                                         returned: affected(preview.preview.returned), takedowns: affected(preview.preview.takedowns),
                                         nothingChanges: changes.isEmpty)
            return environment.pages.render("consent-preview", frame: await environment.frame("Check the consent list", context, path: "/consent"),
                                            content: content)
        } catch let refused as FileRefused {
            return environment.pages.render("consent-refused", frame: await environment.frame("Consent list refused", context, path: "/consent"),
                                            content: RefusedContent(fileName: refused.file, problems: refused.problems.map(\.description)), status: .badRequest)
        }
    }

    @Sendable func confirm(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let token = try context.parameters.require("token")
        let imported = try await ConsentService(home: environment.home, user: user).confirm(token)
        return .redirect(to: "/consent?imported=\(imported.version)")
    }

    /// The difference in plain words, one change a line.
    static func lines(_ diff: ConsentDiff, name: (String) -> String) -> [PreviewContent.Line] {
        let purpose = { (text: String) in text.replacingOccurrences(of: "_", with: " ") }
        return diff.added.map { .init(words: "\(name($0)) is added to the list") }
            + diff.removed.map { .init(words: "\(name($0)) is no longer on the list") }
            + diff.granted.map { .init(words: "\(name($0.personID)) now has \(purpose($0.purpose)) consent") }
            + diff.withdrawn.map { .init(words: "\(name($0.personID)) no longer has \(purpose($0.purpose)) consent") }
            + diff.expired.map { .init(words: "\(name($0))'s consent has expired") }
            + diff.exclusionsAdded.map { .init(words: "\(name($0)) must not be photographed at all") }
            + diff.namesGranted.map { .init(words: "\(name($0)) may now be named") }
            + diff.namesWithdrawn.map { .init(words: "\(name($0)) may no longer be named") }
    }

    static func matches(_ record: ConsentRecord, _ query: String) -> Bool {
        guard !query.isEmpty else { return true }
        return [record.personID, record.firstName, record.lastName, record.preferredName ?? "", record.fullName, record.yearGroup ?? ""]
            .contains { $0.range(of: query, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }
}

extension ConsentRoutes.PersonView {
    init(_ record: ConsentRecord, purposes: [String], warningDays: Int) {
        id = record.personID
        name = record.fullName
        kind = record.kind.rawValue
        yearGroup = record.yearGroup
        self.purposes = purposes.map { .init(purpose: $0.replacingOccurrences(of: "_", with: " "), granted: record.purposes.contains($0)) }
        names = record.names
        expires = record.expires?.description
        endsSoon = ConsentExpiry.endsSoon(record, warningDays: warningDays, now: Date())
        ended = ConsentExpiry.hasEnded(record, now: Date())
        excluded = record.excluded
    }
}

/// A form with one small file (the consent list), read whole into memory up to a limit, its
/// token checked before the file is kept.
struct SingleFileUpload {
    var fileName: String
    var bytes: [UInt8]

    static func receive(_ request: Request, context: WebContext, maxBytes: Int) async throws -> SingleFileUpload {
        guard let type = request.headers[.contentType], let boundary = BatchUpload.boundary(of: type) else {
            throw HTTPError(.badRequest, message: "The file was not sent as a form upload.")
        }
        let body = try await request.body.collect(upTo: maxBytes + 64 * 1024)
        var fields: [String: String] = [:]
        var file: SingleFileUpload?
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in current.writeBuffer(&buffer) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            let name = BatchUpload.parameter("name", in: disposition) ?? ""
            if let fileName = BatchUpload.parameter("filename", in: disposition), name == "file" {
                file = SingleFileUpload(fileName: fileName.isEmpty ? "consent.csv" : fileName, bytes: Array(current.readableBytesView))
            } else {
                fields[name] = String(buffer: current)
            }
            headers = []
            current.clear()
        }
        try parser.execute(body)
        try CSRFMiddleware.check(fields["csrf"], context: context)
        guard let file, !file.bytes.isEmpty else { throw HTTPError(.badRequest, message: "Choose the file exported from the MIS.") }
        return file
    }
}
