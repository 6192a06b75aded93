import Foundation
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Users: adding, listing, disabling, roles and passwords")
struct UserServiceTests {
    @Test("an admin adds users, each on the record; a name taken in any letter case is a conflict")
    func addAndList() async throws {
        let school = try await ServiceSchool.make()
        let users = UserService(home: school.home, user: school.admin)
        try await users.add("bob", roles: [.staff, .publisher], password: "tall-cedar-harbour-13")
        let listed = try await users.list()
        #expect(listed.map(\.name) == ["admin", "amy", "audrey", "bob", "head"])
        #expect(listed.first { $0.name == "bob" }?.roleSet == [.staff, .publisher])
        let event = try #require(try await school.home.audit.events(since: nil).last)
        #expect(event.action == "user.added" && event.subject == "bob" && event.actor == "admin")

        await expectRefusal(.conflict, code: "user.exists") { try await users.add("BOB", roles: [.staff], password: "tall-cedar-harbour-13") }
        await expectRefusal(.invalid, code: "roles.missing") { try await users.add("carol", roles: [], password: "amber-fjord-pebble-27") }
        await expectRefusal(.invalid) { try await users.add("carol", roles: [.staff], password: "carol") }
        await expectRefusal(.forbidden) { try await UserService(home: school.home, user: school.amy).add("carol", roles: [.admin], password: "amber-fjord-pebble-27") }
        await expectRefusal(.forbidden) { try await UserService(home: school.home, user: school.audrey).list() }
        #expect(try await users.list().count == 5, "nothing refused was added")
    }

    @Test("a disabled user cannot sign in or resume; enabled again, they can; the last admin cannot be disabled")
    func disableAndEnable() async throws {
        let school = try await ServiceSchool.make()
        let users = UserService(home: school.home, user: school.admin)
        #expect(try await users.disable("AMY") == "amy", "the name as the home spells it")
        await expectRefusal(.conflict, code: "user.disabled") { try await users.disable("amy") }
        await expectRefusal(.unauthenticated, code: "signin.refused") {
            try await SignedInUser.signIn("amy", password: ServiceSchool.passwords["amy"], at: try HomeEntrance.open(at: school.root))
        }
        await expectRefusal(.unauthenticated, code: "session.ended") { try await school.resume("amy") }
        #expect(try await users.list().first { $0.name == "amy" }?.disabled == true)

        try await users.enable("amy")
        #expect(try await school.resume("amy").roles == [.staff])

        await expectRefusal(.conflict, code: "user.last-admin") { try await users.disable("admin") }
        await expectRefusal(.conflict, code: "user.last-admin") { try await users.changeRoles(of: "admin", to: [.staff]) }
        await expectRefusal(.notFound, code: "user.unknown") { try await users.disable("nobody") }
        await expectRefusal(.forbidden) { try await UserService(home: school.home, user: school.head).disable("amy") }
        let actions = try await school.actions()
        #expect(actions.filter { $0 == "user.disabled" }.count == 1 && actions.filter { $0 == "user.enabled" }.count == 1)
    }

    @Test("roles are replaced, recorded with the roles before, and read again when the session resumes")
    func roles() async throws {
        let school = try await ServiceSchool.make()
        let users = UserService(home: school.home, user: school.admin)
        try await users.changeRoles(of: "amy", to: [.staff, .approver])
        #expect(try await school.resume("amy").roles == [.staff, .approver])
        let event = try #require(try await school.home.audit.events(since: nil).last)
        #expect(event.detailValues["previous_roles"] == "staff")

        // A second admin lets the first one step down.
        try await users.changeRoles(of: "head", to: [.admin, .approver, .publisher])
        try await users.changeRoles(of: "admin", to: [.auditor])
        #expect(try await school.resume("admin").roles == [.auditor])
        await expectRefusal(.forbidden) { try await UserService(home: school.home, user: school.resume("admin")).list() }
    }

    @Test("people choose their own new password, which must differ; the old one stops working")
    func ownPassword() async throws {
        let school = try await ServiceSchool.make()
        let amyUsers = UserService(home: school.home, user: school.amy)
        await expectRefusal(.invalid) { try await amyUsers.changeOwnPassword(to: ServiceSchool.passwords["amy"]!) }
        await expectRefusal(.invalid) { try await amyUsers.changeOwnPassword(to: "short") }
        try await amyUsers.changeOwnPassword(to: "velvet-orchard-comet-19")

        let entrance = try HomeEntrance.open(at: school.root)
        #expect(try await SignedInUser.signIn("amy", password: "velvet-orchard-comet-19", at: entrance).name == "amy")
        await expectRefusal(.unauthenticated, code: "signin.refused") {
            try await SignedInUser.signIn("amy", password: ServiceSchool.passwords["amy"], at: entrance)
        }
        let event = try #require(try await school.home.audit.events(since: nil).last)
        #expect(event.actor == "amy" && event.subject == "amy")
        #expect(!event.details.contains("argon2"), "no password hash on the record")
    }

    @Test("an admin resets someone else's password: they must choose a new one before anything else")
    func reset() async throws {
        let school = try await ServiceSchool.make()
        let users = UserService(home: school.home, user: school.admin)
        await expectRefusal(.invalid, code: "password.own") { try await users.resetPassword(of: "ADMIN", to: "lilac-tram-beacon-38") }
        await expectRefusal(.forbidden) { try await UserService(home: school.home, user: school.head).resetPassword(of: "amy", to: "lilac-tram-beacon-38") }
        await expectRefusal(.notFound, code: "user.unknown") { try await users.resetPassword(of: "nobody", to: "lilac-tram-beacon-38") }
        #expect(try await users.resetPassword(of: "Amy", to: "lilac-tram-beacon-38") == "amy")

        let entrance = try HomeEntrance.open(at: school.root)
        await expectRefusal(.unauthenticated, code: "signin.password-reset") {
            try await SignedInUser.signIn("amy", password: "lilac-tram-beacon-38", at: entrance)
        }
        let amy = try await SignedInUser.signIn("amy", password: "lilac-tram-beacon-38", at: entrance, for: .passwordChange)
        #expect(amy.mayOnlyChangePassword)
        await expectRefusal(.unauthenticated, code: "signin.password-reset") { try await IngestService(home: school.home, user: amy).run(
            device: "amy-phone", from: MemoryCard([]), deleteFromDevice: false) }
        await expectRefusal(.invalid) { try await UserService(home: school.home, user: amy).changeOwnPassword(to: "lilac-tram-beacon-38") }
        try await UserService(home: school.home, user: amy).changeOwnPassword(to: "hazel-compass-tundra-64")
        #expect(try await school.resume("amy").may(.ingest))
    }
}
