import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import PhotogateCore
import PhotogateFiles
import PhotogateServices

/// The app's Mustache templates, loaded once at start from the module's resources. Mustache
/// escapes every value written with `{{ }}`: a pupil named `<script>` shows as text.
struct Pages: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Pages {
        guard let folder = WebResources.folder("Templates") else {
            throw PhotogateError.integrity("the web app's templates are missing from its installation", code: "web.templates")
        }
        return Pages(library: try await MustacheLibrary(directory: folder))
    }

    /// A page: its template with the frame (title, menu, who is signed in, the form token) and
    /// its own content.
    func render(_ template: String, frame: PageFrame, content: some Sendable = [String: String](), status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(Page(frame: frame, content: content), withTemplate: template) ?? "<p>This page could not be shown.</p>"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A part of a page rendered on its own (escaped like any page), to be kept and written
    /// into pages with `{{{ }}}`.
    func fragment(_ template: String, _ object: some Sendable) -> String {
        library.render(object, withTemplate: template) ?? ""
    }
}

/// What a template sees: `frame` for the parts every page shares, `content` for its own.
struct Page<Content>: Sendable where Content: Sendable {
    var frame: PageFrame
    var content: Content
}

/// The parts of every page: the school, the title, who is signed in, what they may open,
/// the form token, and a message to show once.
struct PageFrame: Sendable {
    struct MenuItem: Sendable {
        var label: String
        var href: String
        var current: Bool
    }

    var school: String
    var title: String
    var userName: String?
    var roles: String
    var menu: [MenuItem]
    var csrf: String
    var notice: String?
    /// Seconds after which the page loads itself again (a batch being checked).
    var refreshSeconds: Int?

    /// The menu offers only what the person's roles allow (the domain's `Permission` table, and
    /// the approval chain of `settings`); every route checks again. Without settings (they
    /// could not be read) the page names no school and offers no queue.
    init(title: String, settings: Settings?, user: SignedInUser?, csrf: String, path: String, notice: String? = nil) {
        school = settings?.school ?? "Photogate"
        let approvalRoles = Set(settings?.approvalChain.steps ?? [])
        self.title = title
        userName = user?.name
        roles = user?.roles.sorted().map(\.rawValue).joined(separator: ", ") ?? ""
        self.csrf = csrf
        self.notice = notice
        guard let user, !user.mayOnlyChangePassword else {
            menu = []
            return
        }
        var items: [(String, String)] = [("Home", "/")]
        if user.may(.ingest) { items.append(("Batches", "/batches")) }
        if user.may(.checkPhotos) { items.append(("Posts", "/posts")) }
        if !user.roles.isDisjoint(with: approvalRoles) { items.append(("Approval queue", "/queue")) }
        if user.may(.publishPosts) { items.append(("Publish", "/publish")) }
        if user.may(.viewTakedowns) { items.append(("Takedowns", "/takedowns")) }
        // Staff hold the phones whose photos must be deleted; the admin and auditor read the register.
        if user.may(.ingest) || user.may(.viewDeletions) { items.append(("Deletions", "/deletions")) }
        if user.may(.readAudit) { items.append(("Audit log", "/audit")) }
        // The registers: kept by the admin, read by the auditor; the head approves phones.
        if user.may(.importConsent) { items.append(("Consent", "/consent")) }
        if user.may(.manageUsers) { items.append(("Users", "/users")) }
        if user.may(.addDevice) || user.may(.approveDevice) || user.may(.readAudit) { items.append(("Devices", "/devices")) }
        if user.may(.manageChannels) || user.may(.readAudit) { items.append(("Channels", "/channels")) }
        if user.may(.changeSettings) || user.may(.readAudit) { items.append(("Settings", "/settings")) }
        menu = items.map { MenuItem(label: $0.0, href: $0.1, current: $0.1 == "/" ? path == "/" : path.hasPrefix($0.1)) }
    }
}

// Named lookups instead of Mustache's reflection on what every page reads (see PostView).
extension Page: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": frame
        case "content": content
        default: nil
        }
    }
}

extension PageFrame: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "school": school
        case "title": title
        case "userName": userName
        case "roles": roles
        case "menu": menu
        case "csrf": csrf
        case "notice": notice
        case "refreshSeconds": refreshSeconds
        default: nil
        }
    }
}

extension PageFrame.MenuItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "href": href
        case "current": current
        default: nil
        }
    }
}

/// Where the module's resources (templates, static files) are: next to the binary when
/// installed (`Scripts/install`), else SwiftPM's bundle.
enum WebResources {
    static func folder(_ name: String) -> String? {
        if let installed = InstalledFiles.path("web/\(name)"), FileManager.default.fileExists(atPath: installed) { return installed }
        guard let bundled = Bundle.module.resourceURL?.appendingPathComponent(name).path,
              FileManager.default.fileExists(atPath: bundled) else { return nil }
        return bundled
    }
}
