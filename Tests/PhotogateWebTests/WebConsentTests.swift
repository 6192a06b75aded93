import Foundation
import HTTPTypes
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateWeb
import Testing

@Suite("The consent list in the browser: browsing it, and an import seen before it is confirmed")
struct WebConsentTests {
    static let withdrawn = ServiceSchool.consent(replacing: "P003,Clara,Oswald,pupil,yes,", with: "P003,Clara,Oswald,pupil,no,")

    @Test("the admin sees what a new list changes, published posts to take down included, before confirming it; nothing changes until then")
    func previewAndConfirm() async throws {
        let web = try await WebSchool.make()
        let post = try await web.school.approvedPost()
        try await web.serve { browser in
            let admin = browser()
            _ = try await admin.signIn("admin")
            let list = try await admin.get("/consent?q=clara")
            #expect(list.status == .ok && list.html.contains("id=\"person-P003\"") && !list.html.contains("id=\"person-P001\"")
                    && list.html.contains("1 of 8 people"), "found by name")
            let clara = try await admin.get("/consent/P003")
            #expect(clara.html.contains("Clara Oswald") && clara.html.contains("<td>1</td>") && clara.html.contains("social media, website; not named"))
            #expect(clara.html.contains("href=\"/posts/\(post)\""), "the post she is tagged in")

            let head = browser()
            _ = try await head.signIn("head")
            #expect(try await head.post("/posts/\(post)/publish", []).status == .seeOther)
            let before = try await web.school.actions()

            let preview = try await admin.upload("/consent/import", [], files: [("mis-export.csv", Self.withdrawn)], field: "file")
            #expect(preview.status == .ok)
            #expect(preview.html.contains("Clara Oswald (P003) no longer has social media consent"))
            #expect(preview.html.contains("Published posts that must come down") && preview.html.contains("href=\"/posts/\(post)\""))
            #expect(try await web.school.actions() == before, "nothing is recorded or changed by the preview")
            let token = try #require(preview.html.firstMatch(of: /action="\/consent\/import\/([0-9a-f]{32})\/confirm"/)?.1)

            let confirmed = try await admin.post("/consent/import/\(token)/confirm", [])
            #expect(confirmed.status == .seeOther && confirmed.location == "/consent?imported=2")
            #expect(try await admin.get("/consent?imported=2").html.contains("The consent list is now version 2."))
            #expect(try await head.get("/takedowns").html.contains("id=\"takedown-\(post)\""), "the takedown is listed")
            #expect(try await admin.post("/consent/import/\(token)/confirm", []).status == .notFound, "a preview imports once")
            let after = try await admin.get("/consent/P003").html
            #expect(after.contains("<td>2</td>") && after.contains("<td>website; not named</td>"), "her history shows the withdrawal")
        }
    }

    @Test("a refused file says what is wrong on each line; a confirm after another import is refused as stale; only the admin imports")
    func refusedStaleAndRoles() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let admin = browser()
            _ = try await admin.signIn("admin")
            let bad = Array("person_id,first_name,last_name,kind\nP1,,Smith,pupil\nP2,Ann,Lee,alien\n".utf8)
            let refused = try await admin.upload("/consent/import", [], files: [("bad.csv", bad)], field: "file")
            #expect(refused.status == .badRequest && refused.html.contains("line 2") && refused.html.contains("line 3"))

            let first = try await admin.upload("/consent/import", [], files: [("a.csv", Self.withdrawn)], field: "file")
            let second = try await admin.upload("/consent/import", [], files: [("b.csv", ServiceSchool.consent(replacing: "P005,River,Song,pupil,yes,", with: "P005,River,Song,pupil,no,"))], field: "file")
            let token = { (page: WebBrowser.Page) in page.html.firstMatch(of: /action="\/consent\/import\/([0-9a-f]{32})\/confirm"/).map { String($0.1) } ?? "" }
            #expect(try await admin.post("/consent/import/\(token(first))/confirm", []).status == .seeOther)
            let stale = try await admin.post("/consent/import/\(token(second))/confirm", [])
            #expect(stale.status == .conflict && stale.html.contains("changed since this preview"))
            #expect(try await admin.upload("/consent/import", [], files: [("a.csv", Self.withdrawn)], field: "file", csrf: String(repeating: "0", count: 64)).status == .forbidden)

            let amy = browser()
            _ = try await amy.signIn("amy")
            let read = try await amy.get("/consent")
            #expect(read.status == .ok && !read.html.contains("action=\"/consent/import\""), "staff read the list, the admin imports it")
            #expect(try await amy.upload("/consent/import", [], files: [("a.csv", Self.withdrawn)], field: "file").status == .forbidden)
            #expect(try await amy.post("/consent/import/\(token(second))/confirm", []).status == .forbidden)
            let audrey = browser()
            _ = try await audrey.signIn("audrey")
            #expect(try await audrey.get("/consent").status == .forbidden)
        }
    }
}
