import Foundation
import PhotogateTestSupport
import Testing

@Suite("photogate user: disable, enable, password and roles")
struct AccountCommandTests {
    /// The audit log as the auditor reads it.
    func log(_ school: SchoolHome) throws -> [[String: Any]] {
        try #require(try school.run(as: "audrey", ["audit", "log", "--json"]).json() as? [[String: Any]])
    }

    func users(_ school: SchoolHome) throws -> [String: [String: Any]] {
        let list = try #require(try school.run(as: "admin", ["user", "list", "--json"]).json() as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as? String ?? "", $0) })
    }

    @Test("a blank password, or one that is mostly one character, is refused at init, user add, a change and a reset")
    func weakPasswords() throws {
        let folder = TemporaryFolder("weak")
        let spaces = String(repeating: " ", count: 12)
        let atInit = try CommandRunner.photogate(["init", "--home", folder.path + "/home", "--school", "Rose Lane", "--admin", "admin"],
                                                 environment: ["PHOTOGATE_PASSWORD": spaces])
        #expect(atInit.status == 2)
        #expect(atInit.stderr.contains("blank or mostly one character"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/home"))

        let school = try SchoolHome("weak")
        let before = try school.eventCount()
        let added = try school.run(as: "admin", ["user", "add", "bob", "--role", "staff"], environment: ["PHOTOGATE_NEW_PASSWORD": "aaaaaaaaaaab"])
        #expect(added.status == 2 && added.stderr.contains("blank or mostly one character"))
        let changed = try school.run(as: "amy", ["user", "password"], environment: ["PHOTOGATE_NEW_PASSWORD": spaces])
        #expect(changed.status == 2 && changed.stderr.contains("blank or mostly one character"))
        let reset = try school.run(as: "admin", ["user", "password", "amy"], environment: ["PHOTOGATE_NEW_PASSWORD": "\t\t\t\t\t\t\t\t\t\t\t\t"])
        #expect(reset.status == 2 && reset.stderr.contains("blank or mostly one character"))
        #expect(try school.eventCount() == before)
        #expect(try school.run(as: "amy", ["config", "show"]).status == 0, "amy's password is unchanged")
    }

    @Test("passwords a guesser tries first are refused at init, user add, a change and a reset")
    func guessablePasswords() throws {
        let folder = TemporaryFolder("guessable")
        let atInit = try CommandRunner.photogate(["init", "--home", folder.path + "/home", "--school", "Rose Lane Primary", "--admin", "admin"],
                                                 environment: ["PHOTOGATE_PASSWORD": "RoseLanePrimary1"])
        #expect(atInit.status == 2)
        #expect(atInit.stderr.contains("a password cannot be mostly the school's name"), "\(atInit.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/home"))

        let school = try SchoolHome("guessable")
        let before = try school.eventCount()
        for (name, password, why) in [("u1", "u1u1u1u1u1u1", "one short part repeated"), ("bob", "password1234", "a common password (password)"),
                                      ("bob", "abababababab", "one short part repeated"), ("amelia", "amelia-2024-12", "your user name")] {
            let added = try school.run(as: "admin", ["user", "add", name, "--role", "staff"], environment: ["PHOTOGATE_NEW_PASSWORD": password])
            #expect(added.status == 2 && added.stderr.contains(why), "\(password): \(added.stderr)")
        }
        let changed = try school.run(as: "amy", ["user", "password"], environment: ["PHOTOGATE_NEW_PASSWORD": "123456789012"])
        #expect(changed.status == 2 && changed.stderr.contains("a sequence such as 123456"), "\(changed.stderr)")
        let reset = try school.run(as: "admin", ["user", "password", "amy"], environment: ["PHOTOGATE_NEW_PASSWORD": "qwertyuiopas"])
        #expect(reset.status == 2 && reset.stderr.contains("harder to guess"), "\(reset.stderr)")
        let schoolName = try school.run(as: "admin", ["user", "password", "amy"], environment: ["PHOTOGATE_NEW_PASSWORD": "Rose Lane Primary"])
        #expect(schoolName.status == 2 && schoolName.stderr.contains("the school's name"), "\(schoolName.stderr)")
        #expect(try school.eventCount() == before, "nothing was changed")
        #expect(try school.run(as: "amy", ["config", "show"]).status == 0, "amy's password is unchanged")
    }

    @Test("a disabled user cannot sign in and is told only what a wrong password is told; enabling lets them back")
    func disableAndEnable() throws {
        let school = try SchoolHome("disable")
        #expect(try school.run(as: "amy", ["user", "disable", "head"]).status == 3, "only an admin disables")
        let disabled = try school.run(as: "admin", ["user", "disable", "amy"])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        #expect(disabled.stdout.contains("amy can no longer sign in"))

        let refused = try school.run(as: "amy", ["config", "show"])
        let wrong = try school.run(["config", "show"], password: "not-amys-password", environment: ["PHOTOGATE_USER": "amy"])
        #expect(refused.status == 3)
        #expect(refused.stderr == wrong.stderr, "a disabled account reads like a wrong password")
        #expect(try users(school)["amy"]?["disabled"] as? Bool == true)
        #expect(try users(school)["head"]?["disabled"] as? Bool == false)
        let table = try school.run(as: "admin", ["user", "list"])
        let amyLine = try #require(table.stdoutLines.first { $0.hasPrefix("amy ") })
        #expect(amyLine.contains("disabled"))
        #expect(table.stdoutLines.first { $0.hasPrefix("head ") }?.contains("disabled") == false)

        let again = try school.run(as: "admin", ["user", "disable", "AMY"])
        #expect(again.status == 2 && again.stderr.contains("already disabled"))
        #expect(try school.run(as: "admin", ["user", "disable", "zoe"]).status == 2)

        #expect(try school.run(as: "admin", ["user", "enable", "amy"]).status == 0)
        #expect(try school.run(as: "amy", ["config", "show"]).status == 0)
        #expect(try school.run(as: "admin", ["user", "enable", "amy"]).status == 2, "amy is not disabled")

        let events = try log(school).suffix(2)
        #expect(events.map { $0["action"] as? String } == ["user.disabled", "user.enabled"])
        #expect(events.map { $0["subject"] as? String } == ["amy", "amy"])
        #expect(events.map { ($0["details"] as? [String: String])?["disabled"] } == ["true", "false"])
        #expect(events.allSatisfy { ($0["details"] as? [String: String])?["roles"] == "staff" })
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
    }

    @Test("the last admin who can sign in can be neither disabled nor stripped of the admin role")
    func lastAdmin() throws {
        let school = try SchoolHome("last-admin")
        let disable = try school.run(as: "admin", ["user", "disable", "admin"])
        #expect(disable.status == 2)
        #expect(disable.stderr.contains("admin is the last admin who can sign in"))
        #expect(try school.run(as: "admin", ["user", "roles", "admin", "--role", "staff"]).status == 2)

        // A disabled admin does not count.
        try #require(try school.add("deputy", roles: "admin").status == 0)
        #expect(try school.run(as: "admin", ["user", "disable", "deputy"]).status == 0)
        #expect(try school.run(as: "admin", ["user", "roles", "admin", "--role", "staff"]).status == 2)
        #expect(try school.run(as: "admin", ["user", "enable", "deputy"]).status == 0)

        // With a second admin who can sign in, the first may step down.
        let stepDown = try school.run(as: "admin", ["user", "roles", "admin", "--role", "staff,auditor"])
        #expect(stepDown.status == 0, "\(stepDown.stderr)")
        #expect(try school.run(as: "admin", ["user", "list"]).status == 3, "no longer an admin")
        #expect(try school.run(as: "deputy", ["user", "disable", "deputy"]).status == 2)
    }

    @Test("roles are changed by an admin, take effect at once and are audited")
    func roles() throws {
        let school = try SchoolHome("roles")
        #expect(try school.run(as: "amy", ["audit", "log"]).status == 3)
        #expect(try school.run(as: "amy", ["user", "roles", "amy", "--role", "admin"]).status == 3)
        #expect(try school.run(as: "admin", ["user", "roles", "amy", "--role", "staff,ceo"]).status == 2)
        #expect(try school.run(as: "admin", ["user", "roles", "zoe", "--role", "staff"]).status == 2)
        #expect(try school.run(as: "admin", ["user", "roles", "amy", "--role", "staff"]).status == 2, "nothing would change")
        let changed = try school.run(as: "admin", ["user", "roles", "Amy", "--role", "auditor, staff"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("amy now has the roles staff, auditor"))
        #expect(try school.run(as: "amy", ["audit", "log"]).status == 0)
        #expect(try users(school)["amy"]?["roles"] as? [String] == ["staff", "auditor"])
        let event = try #require(try log(school).last)
        #expect(event["action"] as? String == "user.roles-changed")
        #expect(event["actor"] as? String == "admin")
        #expect((event["details"] as? [String: String])?["roles"] == "staff,auditor")
        #expect((event["details"] as? [String: String])?["previous_roles"] == "staff")
    }

    @Test("everyone changes their own password with the current one; the old one stops working")
    func ownPassword() throws {
        let school = try SchoolHome("own-password")
        let wrongCurrent = try school.run(["user", "password"], password: "not-amys-password",
                                          environment: ["PHOTOGATE_USER": "amy", "PHOTOGATE_NEW_PASSWORD": "fresh-lilac-meadow-5"])
        #expect(wrongCurrent.status == 3)
        let same = try school.run(as: "amy", ["user", "password"], environment: ["PHOTOGATE_NEW_PASSWORD": school.passwords["amy"]!])
        #expect(same.status == 2 && same.stderr.contains("differ"))
        let changed = try school.run(as: "amy", ["user", "password"], environment: ["PHOTOGATE_NEW_PASSWORD": "fresh-lilac-meadow-5"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try school.run(as: "amy", ["config", "show"]).status == 3, "the old password no longer works")
        #expect(try school.run(["config", "show"], password: "fresh-lilac-meadow-5", environment: ["PHOTOGATE_USER": "amy"]).status == 0)
        let event = try #require(try log(school).last)
        #expect(event["action"] as? String == "user.password-changed")
        #expect(event["actor"] as? String == "amy" && event["subject"] as? String == "amy")
        let database = try #require(FileManager.default.contents(atPath: school.path + "/photogate.sqlite"))
        #expect(database.range(of: Data("fresh-lilac-meadow-5".utf8)) == nil)
    }

    @Test("an admin's reset makes the person choose a new password before doing anything else")
    func reset() throws {
        let school = try SchoolHome("reset")
        #expect(try school.run(as: "amy", ["user", "password", "head"], environment: ["PHOTOGATE_NEW_PASSWORD": "temporary-pass-42"]).status == 3)
        #expect(try school.run(as: "admin", ["user", "password", "zoe"], environment: ["PHOTOGATE_NEW_PASSWORD": "temporary-pass-42"]).status == 2)
        let reset = try school.run(as: "admin", ["user", "password", "amy"], environment: ["PHOTOGATE_NEW_PASSWORD": "temporary-pass-42"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.stdout.contains("amy must choose a new password"))
        #expect(try users(school)["amy"]?["must_change_password"] as? Bool == true)
        #expect(try school.run(as: "admin", ["user", "list"]).stdoutLines.first { $0.hasPrefix("amy ") }?.contains("must choose a new password") == true)

        let temporary = ["PHOTOGATE_USER": "amy"]
        #expect(try school.run(["config", "show"], password: school.passwords["amy"]!, environment: temporary).status == 3, "the old password is gone")
        let blocked = try school.run(["config", "show"], password: "temporary-pass-42", environment: temporary)
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("photogate user password"))
        let reused = try school.run(["user", "password"], password: "temporary-pass-42",
                                    environment: temporary.merging(["PHOTOGATE_NEW_PASSWORD": "temporary-pass-42"]) { $1 })
        #expect(reused.status == 2)
        let chosen = try school.run(["user", "password"], password: "temporary-pass-42",
                                    environment: temporary.merging(["PHOTOGATE_NEW_PASSWORD": "amy-own-choice-7"]) { $1 })
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(try school.run(["config", "show"], password: "amy-own-choice-7", environment: temporary).status == 0)
        #expect(try users(school)["amy"]?["must_change_password"] as? Bool == false)

        let events = try log(school).suffix(2)
        #expect(events.map { $0["action"] as? String } == ["user.password-reset", "user.password-changed"])
        #expect(events.map { $0["actor"] as? String } == ["admin", "amy"])
        #expect(events.map { ($0["details"] as? [String: String])?["must_change_password"] } == ["true", "false"])
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
    }
}
