import Foundation
import HTTPTypes
import PhotogateCore
import PhotogateMedia
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("The web app: sign-in, forms and their tokens, headers, and who may use what")
struct WebRouteTests {
    @Test("signing in starts a new session with a strict, script-proof cookie; a wrong password says only that it was wrong")
    func signIn() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let visitor = browser()
            let form = try await visitor.get("/login")
            #expect(form.status == .ok && form.csrf != nil)
            let anonymousCookie = visitor.cookie

            let wrong = try await visitor.signIn("amy", password: "not-her-password")
            let unknown = try await browser().signIn("nobody-here", password: "not-her-password")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.html.contains("name or password") && wrong.html.replacingOccurrences(of: "amy", with: "nobody-here") == unknown.html
                        .replacingOccurrences(of: unknown.csrf ?? "-", with: wrong.csrf ?? "-"),
                    "the refusal never says whether the name exists")

            let signedIn = try await visitor.signIn("amy")
            #expect(signedIn.status == .seeOther && signedIn.location == "/")
            let cookie = try #require(signedIn.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(visitor.cookie != anonymousCookie, "signing in never keeps the visitor's session")
            let home = try await visitor.get("/")
            #expect(home.status == .ok && home.html.contains("Hello, amy"))
        }
    }

    @Test("every page carries the security headers, and pages are never cached")
    func headers() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            for path in ["/login", "/", "/posts", "/no-such-page"] {
                let page = try await amy.get(path)
                let csp = page.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(page.headers[.frameOptions] == "DENY" && page.headers[.referrer] == "no-referrer", "\(path)")
                #expect(page.headers[.xContentTypeOptions] == "nosniff" && page.headers[.cacheControl] == "no-store", "\(path)")
            }
        }
    }

    @Test("a form without this session's token, or sent from another site, is refused with 403 and changes nothing")
    func forgedForms() async throws {
        let web = try await WebSchool.make()
        let post = try await web.school.queuedPost()
        try await web.serve { browser in
            let head = browser()
            _ = try await head.signIn("head")
            let missing = try await head.post("/posts/\(post)/approve", [("note", "ok")], csrf: "")
            let wrong = try await head.post("/posts/\(post)/approve", [("note", "ok")], csrf: String(repeating: "0", count: 64))
            let crossSite = try await head.post("/posts/\(post)/approve", [("note", "ok")], site: "cross-site")
            #expect(missing.status == .forbidden && wrong.status == .forbidden && crossSite.status == .forbidden)
            let details = try await PostService(home: web.school.home, user: web.school.head).show(post)
            #expect(details.post.state == .queued && details.approvals.isEmpty, "nothing changed")
        }
    }

    @Test("each role sees only its own pages: others answer 403, and the menu does not offer them")
    func roleMatrix() async throws {
        let web = try await WebSchool.make()
        let post = try await web.school.queuedPost()
        // What each person may open (the domain's Permission table and the approval chain).
        let offices: [String: [String: HTTPResponse.Status]] = [
            "amy": ["/posts": .ok, "/posts/new": .ok, "/queue": .forbidden, "/publish": .forbidden, "/posts/\(post)": .ok,
                    "/takedowns": .forbidden, "/deletions": .ok, "/deletions.csv": .forbidden, "/audit": .forbidden, "/audit/export.csv": .forbidden],
            "head": ["/posts": .ok, "/posts/new": .forbidden, "/queue": .ok, "/publish": .ok, "/posts/\(post)": .ok,
                     "/takedowns": .ok, "/deletions": .ok, "/deletions.csv": .forbidden, "/audit": .forbidden, "/audit/export.json": .forbidden],
            "audrey": ["/posts": .forbidden, "/posts/new": .forbidden, "/queue": .forbidden, "/publish": .forbidden, "/posts/\(post)": .forbidden,
                       "/takedowns": .ok, "/deletions": .ok, "/deletions.csv": .ok, "/audit": .ok, "/audit/export.csv": .ok],
            "admin": ["/posts": .ok, "/posts/new": .forbidden, "/queue": .forbidden, "/publish": .forbidden, "/posts/\(post)": .ok,
                      "/takedowns": .ok, "/deletions": .ok, "/deletions.csv": .ok, "/audit": .ok, "/audit/export.json": .ok],
        ]
        // The registers: the admin keeps them, the auditor reads them, the head approves phones.
        let registers: [String: [String: HTTPResponse.Status]] = [
            "amy": ["/users": .forbidden, "/devices": .ok, "/channels": .ok, "/settings": .ok, "/consent": .ok, "/consent/P001": .ok],
            "head": ["/users": .forbidden, "/devices": .ok, "/channels": .ok, "/settings": .ok, "/consent": .ok, "/consent/P001": .ok],
            "audrey": ["/users": .forbidden, "/devices": .ok, "/channels": .ok, "/settings": .ok, "/consent": .forbidden, "/consent/P001": .forbidden],
            "admin": ["/users": .ok, "/devices": .ok, "/channels": .ok, "/settings": .ok, "/consent": .ok, "/consent/P001": .ok],
        ]
        let expected = offices.merging(registers) { $0.merging($1) { first, _ in first } }
        try await web.serve { browser in
            for (name, pages) in expected {
                let person = browser()
                _ = try await person.signIn(name)
                let menu = try await person.get("/").html
                for (path, status) in pages {
                    #expect(try await person.get(path).status == status, "\(name) \(path)")
                    if ["/queue", "/publish", "/posts/new", "/takedowns", "/audit", "/users", "/consent"].contains(path), status == .forbidden {
                        #expect(!menu.contains("href=\"\(path)\""), "\(name)'s menu offers \(path)")
                    }
                }
                // Acting needs the role too, whatever the form says.
                if name != "head" {
                    let approve = try await person.post("/posts/\(post)/approve", [("note", "")])
                    #expect(approve.status == .forbidden, "\(name) approving")
                    let publish = try await person.post("/posts/\(post)/publish", [])
                    #expect(publish.status == .forbidden || publish.status == .conflict, "\(name) publishing: \(publish.status)")
                }
            }
            let nobody = browser()
            let page = try await nobody.get("/queue")
            #expect(page.status == .seeOther && page.location?.hasPrefix("/login") == true, "not signed in: to the sign-in form")
            #expect(try await nobody.get("/images/\(web.school.groupPhoto)/thumb.jpg").status == .seeOther)
        }
        let details = try await PostService(home: web.school.home, user: web.school.head).show(post)
        #expect(details.post.state == .queued)
    }

    @Test("the head approves in the queue, the post is published to the outbox and downloads as a ZIP of what was approved")
    func approveAndPublish() async throws {
        let web = try await WebSchool.make()
        let post = try await web.school.queuedPost(caption: "Fish & chips <b>Friday</b>")
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let queuePage = try await amy.get("/queue")
            #expect(queuePage.status == .forbidden)

            let head = browser()
            _ = try await head.signIn("head")
            let queue = try await head.get("/queue")
            #expect(queue.status == .ok && queue.html.contains("Approve post \(post)"))
            #expect(queue.html.contains("Fish &amp; chips &lt;b&gt;Friday&lt;/b&gt;") && !queue.html.contains("<b>Friday"), "the caption is text, never markup")
            #expect(queue.html.contains("redacted") && queue.html.contains("no social media consent for P002"), "each photo's verdict and each face's reason are shown")
            #expect(queue.html.contains("id=\"faces-\(post)-1\"") && queue.html.contains("<svg class=\"face-boxes overlay\" viewBox=\"0 0 ")
                    && queue.html.contains("<rect class=\"box blur\""), "the toggle draws each face's box over the photo, in its upright size")
            // The rendered queue is kept until anything changes: a post queued meanwhile (as from
            // the command line) is on the next load, and an approved one is gone from it.
            let second = try await web.school.queuedPost(caption: "Second post")
            // Another session of the same person is never sent the first one's kept page.
            let otherSession = browser()
            _ = try await otherSession.signIn("head")
            let changed = try await head.get("/queue")
            #expect(changed.html.contains("Approve post \(second)"), "a kept queue page is dropped when the queue changes")
            let otherQueue = try await otherSession.get("/queue")
            let tokens = Set(otherQueue.html.matches(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) })
            #expect(tokens.count == 1 && tokens != Set([changed.csrf ?? ""]), "each session's forms carry its own token")

            let rejectedWithoutReason = try await head.post("/posts/\(post)/reject", [("reason", "  ")])
            #expect(rejectedWithoutReason.status == .badRequest)
            let approved = try await head.post("/posts/\(post)/approve", [("note", "Lovely")])
            #expect(approved.status == .seeOther && approved.location == "/queue?done=approved-\(post)")
            let afterApproval = try await head.get("/queue?done=approved-\(post)").html
            #expect(afterApproval.contains("Post \(post) approved.") && !afterApproval.contains("Approve post \(post)<")
                    && afterApproval.contains("Approve post \(second)<"))

            let publishPage = try await head.get("/publish")
            #expect(publishPage.html.contains("Publish post \(post)"))
            let published = try await head.post("/posts/\(post)/publish", [])
            #expect(published.status == .seeOther)
            let outboxFiles = try FileManager.default.contentsOfDirectory(atPath: web.outbox + "/\(post)").sorted()
            #expect(outboxFiles.contains("manifest.json") && outboxFiles.contains("01.jpg"), "\(outboxFiles)")

            let zip = try await head.get("/posts/\(post).zip")
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let bytes = Array(zip.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a ZIP archive")
            let approvedImage = try #require(FileManager.default.contents(atPath: web.outbox + "/\(post)/01.jpg").map { [UInt8]($0) })
            #expect(bytes.firstRange(of: approvedImage) != nil, "the ZIP holds the approved image byte for byte")
        }
    }

    @Test("a refused post form shows every reason and keeps what was typed; nothing is stored")
    func refusedForm() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let form = try await amy.get("/posts/new?channel=facebook&photos=\(web.school.groupPhoto)")
            #expect(form.status == .ok && form.html.contains("value=\"\(web.school.groupPhoto)\" checked"))
            let refused = try await amy.post("/posts", [("channel", "facebook"), ("caption", "Well done Rory Williams"),
                                                        ("photos", web.school.groupPhoto), ("offered", web.school.groupPhoto),
                                                        ("checklist", "consent")])
            #expect(refused.status == .badRequest)
            #expect(refused.html.contains("Well done Rory Williams</textarea>"), "the caption typed is kept")
            #expect(refused.html.contains("P002") && refused.html.contains("checked twice"), "the name and the unticked checklist are both reasons")
            #expect(try await PostService(home: web.school.home, user: web.school.amy).list().isEmpty, "no draft left behind")

            let sent = try await amy.post("/posts", [("channel", "facebook"), ("caption", "Sports day"), ("photos", web.school.groupPhoto)]
                                              + ServiceSchool.checklist.map { ("checklist", $0) })
            #expect(sent.status == .seeOther && sent.location?.hasSuffix("?sent=1") == true)
            let mine = try await amy.get("/posts")
            #expect(mine.html.contains("Waiting for approval") && mine.html.contains("Sports day"))
        }
    }

    @Test("images are screen-size clean JPEGs with a strong entity tag; an original is never sent")
    func images() async throws {
        let web = try await WebSchool.make()
        let original = try web.school.home.vault.read(web.school.groupPhoto)
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let thumb = try await amy.get("/images/\(web.school.groupPhoto)/thumb.jpg")
            #expect(thumb.status == .ok && thumb.headers[.contentType] == "image/jpeg")
            let bytes = Array(thumb.body.readableBytesView)
            try CleanJPEGVerifier.verify(bytes, expectedSize: (width: 320, height: 222))
            let file = web.school.folder.path + "/thumb.jpg"
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            #expect(try Exiftool.leftoverMetadata(in: file).isEmpty)
            #expect(bytes != original)
            let tag = try #require(thumb.headers[.eTag])
            let again = try await amy.get("/images/\(web.school.groupPhoto)/thumb.jpg", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(try await amy.get("/images/\(String(repeating: "a", count: 64))/view.jpg").status == .notFound)
            #expect(try await amy.get("/images/\(web.school.groupPhoto)/original.jpg").status == .notFound)
        }
    }
}
