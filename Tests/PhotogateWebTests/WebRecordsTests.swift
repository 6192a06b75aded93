import Foundation
import HTTPTypes
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateWeb
import Testing

@Suite("The records in the browser: deletions from phones, takedowns, and the auditor's log")
struct WebRecordsTests {
    @Test("a phone's holder confirms its deletion; the register shows it, filters it and downloads it as a spreadsheet")
    func deletions() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let mine = try await amy.get("/deletions")
            #expect(mine.status == .ok && mine.html.contains("I have deleted batch 1 from my phone"), "amy holds the phone of batch 1")
            #expect(!mine.html.contains("The deletion register"), "staff see their own duty, not the register")
            #expect(try await amy.get("/").html.contains("<span class=\"count\">1</span> batch to delete from your phone"), "and on their home page")

            let head = browser()
            _ = try await head.signIn("head")
            #expect(!(try await head.get("/deletions").html.contains("Waiting for you to delete")), "the head holds no phone")
            #expect(try await head.post("/deletions/1/confirm", [("method", "")]).status == .forbidden, "only the holder or an admin")
            #expect(try await head.get("/deletions.csv").status == .forbidden)

            let confirmed = try await amy.post("/deletions/1/confirm", [("method", "deleted in Photos and emptied Recently Deleted")])
            #expect(confirmed.status == .seeOther && confirmed.location == "/deletions?confirmed=1")
            let after = try await amy.get("/deletions?confirmed=1")
            #expect(after.html.contains("Batch 1 is recorded as deleted") && !after.html.contains("I have deleted batch 1"))
            #expect(try await amy.post("/deletions/1/confirm", [("method", "")]).status == .conflict, "once is enough")
            #expect(try await amy.get("/").html.contains("<span class=\"count\">0</span> batches to delete from your phone"))

            let audrey = browser()
            _ = try await audrey.signIn("audrey")
            let register = try await audrey.get("/deletions")
            #expect(register.html.contains("The deletion register") && register.html.contains("deleted in Photos and emptied Recently Deleted")
                    && register.html.contains("state done"))
            #expect(try await audrey.get("/deletions?status=overdue").html.contains("No batch matches."))
            #expect(try await audrey.get("/deletions?holder=amy&status=done").html.contains("<td>1</td>"))
            #expect(try await audrey.get("/deletions?from=30/11/2026").status == .badRequest, "a date is a day like 2026-11-30")
            let csv = try await audrey.get("/deletions.csv?holder=amy")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8"
                    && csv.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let lines = csv.html.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("batch,device,holder,photos,ingested_at") == true && lines.count == 2
                    && lines[1].contains(",amy,") && lines[1].contains("attested by amy in Photogate"), "\(lines)")
            #expect(try await audrey.post("/deletions/1/confirm", [("method", "")]).status == .forbidden, "the auditor changes nothing")
        }
    }

    @Test("a post showing a child whose consent ended is listed with its photo; the publisher confirms its takedown, the auditor only reads")
    func takedowns() async throws {
        let web = try await WebSchool.make()
        let post = try await web.school.approvedPost()
        try await web.serve { browser in
            let head = browser()
            _ = try await head.signIn("head")
            #expect(try await head.post("/posts/\(post)/publish", []).status == .seeOther)
            #expect(try await head.get("/takedowns").html.contains("Nothing has to be taken down"))
            // Clara (P003) withdraws social media consent.
            _ = try await web.school.importConsent(ServiceSchool.consent(replacing: "P003,Clara,Oswald,pupil,yes,", with: "P003,Clara,Oswald,pupil,no,"))

            #expect(try await head.get("/").html.contains("<li class=\"need urgent\"><a href=\"/takedowns\"><span class=\"count\">1</span> published post to take down"))
            let home = try await head.get("/")
            let published = home.html.firstMatch(of: /<li><span class="swatch published"><\/span>Photos published: ([0-9]+)<\/li>/).map { Int($0.1) ?? 0 }
            #expect(published == 1 && home.html.contains("<rect class=\"bar published\""), "the chart of the school year counts the photo published")
            #expect(try await head.get("/?year=1990").html.contains("The school year 2000-01"), "a year asked for is kept within reason")
            let listed = try await head.get("/takedowns")
            #expect(listed.html.contains("id=\"takedown-\(post)\"") && listed.html.contains("Clara Oswald (P003)"))
            #expect(listed.html.range(of: #"src="/images/[0-9a-f]{64}/thumb.jpg""#, options: .regularExpression) != nil, "the photo as published")
            let amy = browser()
            _ = try await amy.signIn("amy")
            #expect(try await amy.get("/takedowns").status == .forbidden)
            let audrey = browser()
            _ = try await audrey.signIn("audrey")
            let read = try await audrey.get("/takedowns")
            #expect(read.status == .ok && read.html.contains("P003") && !read.html.contains("is taken down</button>"), "read-only for the auditor")
            #expect(try await audrey.post("/takedowns/\(post)/confirm", [("note", "")]).status == .forbidden)

            let done = try await head.post("/takedowns/\(post)/confirm", [("note", "Removed from Facebook")])
            #expect(done.status == .seeOther && done.location == "/takedowns?confirmed=\(post)")
            #expect(try await head.get("/takedowns?confirmed=\(post)").html.contains("Post \(post) is recorded as taken down."))
            #expect(try await head.get("/takedowns").html.contains("Nothing has to be taken down"))
        }
        #expect(try await web.school.actions().contains("post.taken-down"), "the takedown is on the record")
    }

    @Test("the auditor reads the log newest first, filters and exports it, and verifies it against a noted head; an edit behind its back shows")
    func auditLog() async throws {
        let web = try await WebSchool.make()
        _ = try await web.school.queuedPost()
        try await web.serve { browser in
            let audrey = browser()
            _ = try await audrey.signIn("audrey")
            let log = try await audrey.get("/audit")
            #expect(log.status == .ok && log.html.contains("home.created") && log.html.contains("post.created"))
            let head = try #require(log.html.firstMatch(of: /id="head">([0-9a-f]{64})</)?.1)
            let ids = log.html.matches(of: /<tr id="event-([0-9]+)">/).compactMap { Int($0.1) }
            #expect(ids.count > 3 && ids == ids.sorted(by: >), "newest first")
            let filtered = try await audrey.get("/audit?action=post.created")
            #expect(filtered.html.matches(of: /<tr id="event-/).count == 1)
            #expect(filtered.html.firstMatch(of: /id="head">([0-9a-f]{64})</)?.1 == head, "the head is the log's, whatever the filter")
            #expect(try await audrey.get("/audit?to=2000-01-01").html.matches(of: /<tr id="event-/).isEmpty)

            let intact = try await audrey.post("/audit/verify", [("expect_head", String(head.prefix(16)))])
            #expect(intact.status == .ok && intact.html.contains("✓ Intact") && intact.html.contains("The audit log is intact"))
            let rewritten = try await audrey.post("/audit/verify", [("expect_head", String(repeating: "ab", count: 8))])
            #expect(rewritten.status == .conflict && rewritten.html.contains("is not in the log"))
            #expect(try await audrey.post("/audit/verify", [("expect_head", "not a hash")]).status == .badRequest)

            let csv = try await audrey.get("/audit/export.csv")
            #expect(csv.status == .ok && csv.html.hasPrefix("id,at,actor,action,subject,details"))
            let json = try await audrey.get("/audit/export.json?action=post")
            let events = try #require(try JSONSerialization.jsonObject(with: Data(json.html.utf8)) as? [[String: Any]])
            #expect(!events.isEmpty && events.allSatisfy { ($0["action"] as? String)?.contains("post") == true })

            let amy = browser()
            _ = try await amy.signIn("amy")
            #expect(try await amy.get("/audit").status == .forbidden)
            #expect(try await amy.post("/audit/verify", []).status == .forbidden)
            #expect(try await amy.get("/audit/export.json").status == .forbidden)

            try web.school.tamper("UPDATE post SET caption = 'Edited' WHERE id = 1")
            let edited = try await audrey.post("/audit/verify", [])
            #expect(edited.status == .conflict && edited.html.contains("✗ Not intact") && edited.html.contains("edited behind the audit log"), "\(edited.html)")
        }
    }
}
