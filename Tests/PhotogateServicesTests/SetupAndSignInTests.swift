import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

/// Creating a home, signing in with a password, and resuming a session: the ways a
/// `SignedInUser` comes to be.
@Suite("Setting up a home, signing in and resuming a session")
struct SetupAndSignInTests {
    let folder = TemporaryFolder("setup")
    var root: String { folder.path + "/home" }

    @Test("a new home has its settings, its first admin, and both on the record; the admin signs in with their password")
    func initialize() async throws {
        let home = try await SetupService.initialize(at: root, school: "Rose Lane Primary", admin: "Head-Office", password: "brisk-heron-meadow-53")
        #expect(try await home.settings.current().school == "Rose Lane Primary")
        let events = try await home.audit.events(since: nil)
        #expect(events.map(\.action) == [AuditLog.firstAction, "user.added"])
        #expect(events.first?.subject == "Rose Lane Primary")

        let entrance = try HomeEntrance.open(at: root)
        let admin = try await SignedInUser.signIn("head-office", password: "brisk-heron-meadow-53", at: entrance)
        #expect(admin.name == "Head-Office", "the name as the home spells it")
        #expect(admin.roles == [.admin] && !admin.mayOnlyChangePassword)
        guard case .intact(events: 2, _) = try await AuditService(home: home, user: admin).verify() else {
            Issue.record("a new home's log holds")
            return
        }
    }

    @Test("sign-in refuses a wrong password, a missing name or password, and a home that is not there")
    func signInRefusals() async throws {
        _ = try await SetupService.initialize(at: root, school: "Rose Lane Primary", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        let entrance = try HomeEntrance.open(at: root)
        let wrong = await expectRefusal(.unauthenticated, code: "signin.refused") {
            try await SignedInUser.signIn("admin", password: "copper-kettle-lantern-49", at: entrance)
        }
        await expectRefusal(.unauthenticated, code: "signin.refused") {
            try await SignedInUser.signIn("nobody", password: ServiceSchool.passwords["admin"]!, at: entrance)
        }
        #expect(wrong?.message == "wrong user name or password", "the same words whether the name exists or not")
        await expectRefusal(.unauthenticated, code: "signin.no-name") { try await SignedInUser.signIn(nil, password: "x", at: entrance) }
        await expectRefusal(.unauthenticated, code: "signin.no-name") { try await SignedInUser.signIn("", password: "x", at: entrance) }
        await expectRefusal(.unauthenticated, code: "signin.no-password") { try await SignedInUser.signIn("admin", password: nil, at: entrance) }
        await expectRefusal(.notFound, code: "home.missing") { try HomeEntrance.open(at: folder.path + "/elsewhere") }
    }

    @Test("a home is made only in a new or empty folder, with a school name and a strong password")
    func setupRefusals() async throws {
        _ = try await SetupService.initialize(at: root, school: "Rose Lane Primary", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        await expectRefusal(.conflict, code: "home.exists") {
            try await SetupService.initialize(at: root, school: "Rose Lane Primary", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        }
        folder.write("documents/letter.txt", [1])
        await expectRefusal(.conflict, code: "home.not-empty") {
            try await SetupService.initialize(at: folder.path + "/documents", school: "Rose Lane Primary", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        }
        #expect(folder.list("documents") == ["letter.txt"], "nothing was added to it")
        let file = folder.write("a-file", [1])
        await expectRefusal(.invalid, code: "home.not-a-folder") {
            try await SetupService.initialize(at: file, school: "Rose Lane Primary", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        }
        await expectRefusal(.invalid, code: "school.missing") {
            try await SetupService.initialize(at: folder.path + "/new", school: "  ", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        }
        await expectRefusal(.invalid) {
            try await SetupService.initialize(at: folder.path + "/new", school: "Rose Lane", admin: "admin", password: "short")
        }
        await expectRefusal(.invalid) {
            try await SetupService.initialize(at: folder.path + "/new", school: "Rose Lane", admin: "no spaces please", password: ServiceSchool.passwords["admin"]!)
        }
        await expectRefusal(.invalid) {
            try await SetupService.initialize(at: folder.path + "/new", school: "Rose\u{202E}Lane", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        }
        #expect(SafeFile.entry(at: folder.path + "/new") == .missing, "a refused setup leaves no folder behind")
    }

    @Test("a session resumes with the roles held now, and ends for a user disabled or unknown")
    func resume() async throws {
        let (home, users) = try await homeWithAmy()
        let amy = try await SignedInUser.resume("AMY", in: home)
        #expect(amy.name == "amy" && amy.roles == [.staff])

        try await users.changeRoles(of: "amy", to: [.staff, .approver])
        #expect(try await SignedInUser.resume("amy", in: home).roles == [.staff, .approver], "roles are read again")
        // The earlier session still carries the old roles; resuming is what brings the new ones.
        #expect(!amy.may(.approveDevice))

        try await users.disable("amy")
        await expectRefusal(.unauthenticated, code: "session.ended") { try await SignedInUser.resume("amy", in: home) }
        await expectRefusal(.unauthenticated, code: "session.ended") { try await SignedInUser.resume("nobody", in: home) }
        try await users.enable("amy")
        #expect(try await SignedInUser.resume("amy", in: home).name == "amy")
    }

    @Test("after a password reset, a session may only choose a new password")
    func resetPasswordSession() async throws {
        let (home, users) = try await homeWithAmy()
        try await users.resetPassword(of: "amy", to: "lilac-tram-beacon-38")

        await expectRefusal(.unauthenticated, code: "signin.password-reset") { try await SignedInUser.resume("amy", in: home) }
        let amy = try await SignedInUser.resume("amy", in: home, for: .passwordChange)
        #expect(amy.mayOnlyChangePassword)
        #expect(!amy.may(.ingest))
        await expectRefusal(.unauthenticated, code: "signin.password-reset") { try amy.require(.ingest) }
        await expectRefusal(.unauthenticated, code: "signin.password-reset") { try await DeviceService(home: home, user: amy).list() }

        try await UserService(home: home, user: amy).changeOwnPassword(to: "velvet-orchard-comet-18")
        let again = try await SignedInUser.resume("amy", in: home)
        #expect(!again.mayOnlyChangePassword && again.may(.ingest))
    }

    @Test("the audit export neutralises a cell a spreadsheet would run as a formula")
    func exportNeutralisesFormulas() async throws {
        let home = try await SetupService.initialize(at: root, school: "=HYPERLINK(\"http://x\")", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        let admin = try await SignedInUser.resume("admin", in: home)
        let export = try await AuditService(home: home, user: admin).export(.csv)
        let text = String(decoding: export.bytes, as: UTF8.self)
        #expect(export.events == 2)
        #expect(text.contains("'=HYPERLINK"))
        #expect(!text.contains(",=HYPERLINK"))
    }

    /// A new home with its admin's user service, and amy added as staff.
    private func homeWithAmy() async throws -> (PhotogateHome, UserService) {
        let home = try await SetupService.initialize(at: root, school: "Rose Lane Primary", admin: "admin", password: ServiceSchool.passwords["admin"]!)
        let users = UserService(home: home, user: try await SignedInUser.resume("admin", in: home))
        try await users.add("amy", roles: [.staff], password: ServiceSchool.passwords["amy"]!)
        return (home, users)
    }
}
