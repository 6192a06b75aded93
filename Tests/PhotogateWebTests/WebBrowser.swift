import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PhotogateSchoolSupport
import PhotogateWeb
import Testing

/// One browser talking to a real Photogate server on a test school: it keeps its session
/// cookie, reads each page's form token as a browser would, and says where it comes from
/// (`Sec-Fetch-Site`) on every form it sends.
final class WebBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookie: String?

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
        var html: String { String(buffer: body) }
        /// The form token on the page (every form carries the same one).
        var csrf: String? {
            guard let range = html.range(of: #"name="csrf" value="([0-9a-f]{64})""#, options: .regularExpression) else { return nil }
            return String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
        }
        var location: String? { headers[.location] }
    }

    @discardableResult
    func get(_ uri: String, headers extra: HTTPFields = [:]) async throws -> Page {
        try await send(uri, method: .get, headers: extra)
    }

    /// Sends a form as a page of this site would, with this session's token unless `csrf`
    /// says otherwise.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil, site: String = "same-origin") async throws -> Page {
        let token: String
        if let csrf {
            token = csrf
        } else if let onHome = try await get("/").csrf {
            token = onHome
        } else {
            token = try await get("/login").csrf ?? ""
        }
        let body = ([("csrf", token)] + fields).map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .secFetchSiteHeader: site],
                              body: ByteBuffer(string: body))
    }

    /// Sends a `multipart/form-data` upload as the batch form does: its fields first (this
    /// session's token unless `csrf` says otherwise), then the files.
    @discardableResult
    func upload(_ uri: String, _ fields: [(String, String)], files: [(name: String, bytes: [UInt8])], field: String = "photos",
                csrf: String? = nil) async throws -> Page {
        let token = if let csrf { csrf } else { try await get("/").csrf ?? "" }
        let boundary = "----photogate-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in [("csrf", token)] + fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(file.name)\"\r\n")
            body.writeString("Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return try await send(uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .secFetchSiteHeader: "same-origin"],
                              body: body)
    }

    /// Loads a page again until it says `text` (a batch at work), for at most `seconds`.
    func waitFor(_ text: String, on uri: String, seconds: Double = 120) async throws -> Page {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let page = try await get(uri)
            if page.html.contains(text) || Date() > deadline { return page }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    func signIn(_ name: String, password: String? = nil) async throws -> Page {
        let form = try await get("/login")
        let page = try await post("/login", [("username", name), ("password", password ?? ServiceSchool.passwords[name] ?? "")], csrf: form.csrf)
        return page
    }

    private func send(_ uri: String, method: HTTPRequest.Method, headers extra: HTTPFields, body: ByteBuffer? = nil) async throws -> Page {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        if let set = response.headers[.setCookie], let pair = set.split(separator: ";").first { cookie = String(pair) }
        return Page(status: response.status, headers: response.headers, body: response.body)
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension HTTPField.Name {
    static var secFetchSiteHeader: Self { .init("Sec-Fetch-Site")! }
    static var frameOptions: Self { .init("X-Frame-Options")! }
    static var referrer: Self { .init("Referrer-Policy")! }
}

/// A test school with its web app, served for real on a free port.
struct WebSchool {
    let school: ServiceSchool
    let outbox: String

    static func make() async throws -> WebSchool {
        let school = try await ServiceSchool.make("web")
        return WebSchool(school: school, outbox: school.folder.path + "/outbox")
    }

    /// Runs `body` against the server with a fresh browser for each `browser()` call.
    func serve<Value: Sendable>(uploadLimits: UploadLimits = .standard,
                                _ body: @Sendable (_ browser: @Sendable () -> WebBrowser) async throws -> Value) async throws -> Value {
        let app = try await WebApp.application(home: school.home, engine: ServiceSchool.engine,
                                               options: WebOptions(host: "127.0.0.1", port: 0, outbox: outbox, uploadLimits: uploadLimits))
        return try await app.test(.live) { client in
            try await body { WebBrowser(client) }
        }
    }
}
