import Foundation
import HTTPTypes
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateWeb
import Testing

@Suite("The admin's registers in the browser: users, devices, channels and settings")
struct WebAdminTests {
    @Test("the admin adds someone, changes their roles, resets their password and disables them, which ends their session at once")
    func users() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let admin = browser()
            _ = try await admin.signIn("admin")
            let page = try await admin.get("/users")
            #expect(page.status == .ok && page.html.contains("id=\"user-amy\"") && page.html.contains("Disable amy"))
            #expect(!page.html.contains("Disable admin"), "nobody is offered disabling themselves")

            let weak = try await admin.post("/users", [("name", "olivia"), ("roles", "staff"), ("password", "short")])
            #expect(weak.status == .badRequest && weak.html.contains("at least 12 characters") && weak.html.contains("value=\"olivia\""),
                    "the refusal is on the form, keeping the name typed")
            #expect(try await admin.post("/users", [("name", "olivia"), ("roles", "boss"), ("password", "long-enough-password-1")]).status == .badRequest)
            let added = try await admin.post("/users", [("name", "olivia"), ("roles", "staff"), ("password", "river-stone-lamp-42")])
            #expect(added.status == .seeOther && added.location == "/users?done=added-olivia")
            #expect(try await admin.get("/users?done=added-olivia").html.contains("olivia can sign in now"))

            let olivia = browser()
            #expect(try await olivia.signIn("olivia", password: "river-stone-lamp-42").status == .seeOther)
            #expect(try await olivia.get("/batches/new").status == .ok, "staff may start a batch")
            #expect(try await admin.post("/users/olivia/roles", [("roles", "staff"), ("roles", "publisher")]).status == .seeOther)
            #expect(try await olivia.get("/publish").status == .ok, "the new role counts at her next request")

            #expect(try await admin.post("/users/olivia/disable", []).status == .seeOther)
            let afterDisable = try await olivia.get("/batches/new")
            #expect(afterDisable.status == .seeOther && afterDisable.location?.hasPrefix("/login") == true, "her session ended at once")
            #expect(try await admin.post("/users/olivia/enable", []).status == .seeOther)
            #expect(try await admin.post("/users/olivia/reset-password", [("password", "temporary-pass-2026")]).status == .seeOther)
            let back = browser()
            _ = try await back.signIn("olivia", password: "temporary-pass-2026")
            let forced = try await back.get("/batches/new")
            #expect(forced.status == .seeOther && forced.location == "/password", "a reset password is changed first")

            let amy = browser()
            _ = try await amy.signIn("amy")
            #expect(try await amy.get("/users").status == .forbidden)
            #expect(try await amy.post("/users", [("name", "mallory"), ("roles", "admin"), ("password", "river-stone-lamp-42")]).status == .forbidden)
            #expect(try await amy.post("/users/admin/disable", []).status == .forbidden)
            // Only the two uploads take multipart forms; any other form sent that way is refused.
            #expect(try await admin.upload("/users/amy/disable", [], files: []).status == .forbidden, "no token checked means no change")
            #expect(try await admin.get("/users").html.contains("Disable amy"), "amy can still sign in")
        }
        let actions = try await web.school.actions()
        #expect(Set(["user.added", "user.roles-changed", "user.disabled", "user.enabled", "user.password-reset"]).isSubset(of: Set(actions)),
                "every change is on the record")
    }

    @Test("the admin adds a personal phone, the head approves it, and either may revoke it with a reason; the auditor only reads")
    func devices() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let admin = browser()
            _ = try await admin.signIn("admin")
            let badIMEI = try await admin.post("/devices", [("id", "rory-phone"), ("kind", "personal"), ("make", "Apple"), ("model", "iPhone 13"),
                                                           ("imei", "490154203237519"), ("holder", "amy")])
            #expect(badIMEI.status == .badRequest && badIMEI.html.contains("IMEI") && badIMEI.html.contains("value=\"rory-phone\""))
            let added = try await admin.post("/devices", [("id", "rory-phone"), ("kind", "personal"), ("make", "Apple"), ("model", "iPhone 13"),
                                                         ("imei", "490154203237518"), ("holder", "amy")])
            #expect(added.status == .seeOther, "\(added.html)")
            let waiting = try await admin.get("/devices")
            #expect(waiting.html.contains("Waiting for the head&#39;s approval") || waiting.html.contains("Waiting for the head's approval"))
            #expect(!waiting.html.contains("Approve rory-phone"), "the admin does not approve phones")

            let head = browser()
            _ = try await head.signIn("head")
            #expect(try await head.get("/devices").html.contains("Approve rory-phone"))
            #expect(try await head.post("/devices/rory-phone/approve", []).location == "/devices?done=approved-rory-phone")
            #expect(try await head.post("/devices/rory-phone/revoke", [("reason", " ")]).status == .badRequest, "a reason is needed")
            #expect(try await head.post("/devices/rory-phone/revoke", [("reason", "Lost on the school trip")]).status == .seeOther)
            #expect(try await head.get("/devices").html.contains("Lost on the school trip"))

            let audrey = browser()
            _ = try await audrey.signIn("audrey")
            let read = try await audrey.get("/devices")
            #expect(read.status == .ok && !read.html.contains("Add a device") && !read.html.contains("Revoke "))
            #expect(try await audrey.post("/devices/amy-phone/revoke", [("reason", "testing")]).status == .forbidden)
            #expect(try await audrey.post("/devices", [("id", "x"), ("kind", "trust"), ("make", "Canon"), ("model", "EOS")]).status == .forbidden)
        }
    }

    @Test("the admin opens and closes a channel; a closed channel takes no post; settings change with their old value kept")
    func channelsAndSettings() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let admin = browser()
            _ = try await admin.signIn("admin")
            let unknownPoster = try await admin.post("/channels", [("id", "school-x"), ("platform", "X"), ("account", "@roselane"),
                                                                  ("purpose", "social_media"), ("posters", "nobody-here")])
            #expect(unknownPoster.status == .badRequest && unknownPoster.html.contains("nobody-here") && unknownPoster.html.contains("value=\"@roselane\""),
                    "a poster who is not a user is refused, keeping what was typed")
            let added = try await admin.post("/channels", [("id", "school-x"), ("platform", "X"), ("account", "@roselane"), ("purpose", "social_media"),
                                                          ("posters", "amy")])
            #expect(added.status == .seeOther)
            #expect(try await admin.get("/channels").html.contains("X: @roselane (social media)"))
            #expect(try await admin.post("/channels/school-x/close", []).status == .seeOther)
            #expect(try await admin.get("/channels").html.contains("Close school-x") == false, "closed once")
            let duplicate = try await admin.post("/channels", [("id", "school-x"), ("platform", "X"), ("account", "@roselane"), ("purpose", "social_media")])
            #expect(duplicate.status == .badRequest)

            let settings = try await admin.get("/settings")
            #expect(settings.html.contains("id=\"setting-deletion-deadline-hours\"") && settings.html.contains("value=\"24\""))
            let refused = try await admin.post("/settings", [("key", "deletion-deadline-hours"), ("value", "9999")])
            #expect(refused.status == .badRequest && refused.html.contains("0 to 720"))
            #expect(try await admin.post("/settings", [("key", "deletion-deadline-hours"), ("value", "48")]).location == "/settings?changed=deletion-deadline-hours")
            let changed = try await admin.get("/settings")
            #expect(changed.html.contains("value=\"48\"") && changed.html.contains("<td>24</td><td>48</td>"), "the change and its old value")
            #expect(try await admin.post("/settings", [("key", "nonsense"), ("value", "1")]).status == .badRequest)

            let audrey = browser()
            _ = try await audrey.signIn("audrey")
            let read = try await audrey.get("/settings")
            #expect(read.status == .ok && !read.html.contains("action=\"/settings\"") && read.html.contains("<td>24</td><td>48</td>"))
            #expect(try await audrey.post("/settings", [("key", "deletion-deadline-hours"), ("value", "1")]).status == .forbidden)
            #expect(try await audrey.post("/channels/facebook/close", []).status == .forbidden)
            let amy = browser()
            _ = try await amy.signIn("amy")
            #expect(try await amy.post("/settings", [("key", "school"), ("value", "Hacked")]).status == .forbidden)
        }
        #expect(try await web.school.home.settings.current().deletionDeadlineHours == 48)
    }

    @Test("the admin's forms answer 403 to staff, the head and the auditor, and change nothing")
    func adminFormsByRole() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let forms: [(String, [(String, String)])] = [
                ("/users", [("name", "mallory"), ("roles", "admin"), ("password", "river-stone-lamp-42")]),
                ("/users/amy/roles", [("roles", "admin")]), ("/users/amy/disable", []), ("/users/audrey/enable", []),
                ("/users/amy/reset-password", [("password", "river-stone-lamp-42")]),
                ("/devices", [("id", "x"), ("kind", "trust"), ("make", "Canon"), ("model", "EOS")]),
                ("/channels", [("id", "x"), ("platform", "X"), ("account", "@x"), ("purpose", "website")]), ("/channels/facebook/close", []),
                ("/settings", [("key", "school"), ("value", "Elsewhere")]),
                ("/consent/import/\(String(repeating: "0", count: 32))/confirm", []),
            ]
            for name in ["amy", "head", "audrey"] {
                let person = browser()
                _ = try await person.signIn(name)
                let before = try await web.school.actions()
                for (path, fields) in forms {
                    #expect(try await person.post(path, fields).status == .forbidden, "\(name) sending \(path)")
                }
                #expect(try await person.upload("/consent/import", [], files: [("a.csv", Array(ServiceSchool.consent.utf8))], field: "file").status == .forbidden,
                        "\(name) uploading the consent list")
                #expect(try await web.school.actions() == before, "\(name) changed nothing")
            }
            // The head approves phones and may revoke them; staff may do neither.
            let amy = browser()
            _ = try await amy.signIn("amy")
            #expect(try await amy.post("/devices/amy-phone/revoke", [("reason", "lost")]).status == .forbidden)
            #expect(try await amy.post("/devices/amy-phone/approve", []).status == .forbidden)
        }
    }

    @Test("the auditor changes nothing: every state-changing form is refused with 403, and the record shows no change but the sign-in")
    func auditorChangesNothing() async throws {
        let web = try await WebSchool.make()
        let post = try await web.school.queuedPost()
        try await web.serve { browser in
            let audrey = browser()
            _ = try await audrey.signIn("audrey")
            let before = try await web.school.actions()
            let forms: [(String, [(String, String)])] = [
                ("/users", [("name", "mallory"), ("roles", "admin"), ("password", "river-stone-lamp-42")]),
                ("/users/amy/roles", [("roles", "admin")]), ("/users/amy/disable", []), ("/users/amy/enable", []),
                ("/users/amy/reset-password", [("password", "river-stone-lamp-42")]),
                ("/devices", [("id", "x"), ("kind", "trust"), ("make", "Canon"), ("model", "EOS")]),
                ("/devices/amy-phone/approve", []), ("/devices/amy-phone/revoke", [("reason", "no")]),
                ("/channels", [("id", "x"), ("platform", "X"), ("account", "@x"), ("purpose", "website")]), ("/channels/facebook/close", []),
                ("/settings", [("key", "school"), ("value", "Elsewhere")]),
                ("/deletions/1/confirm", []), ("/takedowns/\(post)/confirm", []),
                ("/posts/\(post)/approve", []), ("/posts/\(post)/reject", [("reason", "no")]), ("/posts/\(post)/publish", []),
                ("/consent/import/\(String(repeating: "0", count: 32))/confirm", []),
                ("/photos/\(web.school.groupPhoto)/tags", [("person", "P001"), ("face", "0"), ("channel", "facebook")]),
            ]
            for (path, fields) in forms {
                #expect(try await audrey.post(path, fields).status == .forbidden, "the auditor sending \(path)")
            }
            #expect(try await audrey.upload("/consent/import", [], files: [("a.csv", Array(ServiceSchool.consent.utf8))], field: "file").status == .forbidden)
            #expect(try await audrey.post("/audit/verify", []).status == .ok, "verifying changes nothing, and is hers to do")
            #expect(try await web.school.actions() == before, "nothing was recorded")
        }
    }
}
