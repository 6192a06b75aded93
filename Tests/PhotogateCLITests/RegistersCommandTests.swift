import Foundation
import PhotogateTestSupport
import Testing

@Suite("photogate init and user")
struct UserCommandTests {
    @Test("init creates a private home with an admin; a short password or an existing home is refused")
    func initHome() throws {
        let folder = TemporaryFolder("init")
        let home = folder.path + "/home"
        let short = try CommandRunner.photogate(["init", "--home", home, "--school", "Rose Lane", "--admin", "admin"],
                                                environment: ["PHOTOGATE_PASSWORD": "short"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("at least 12 characters"))
        #expect(!FileManager.default.fileExists(atPath: home + "/photogate.sqlite"))

        let created = try CommandRunner.photogate(["init", "--home", home, "--school", "Rose Lane", "--admin", "admin"],
                                                  environment: ["PHOTOGATE_PASSWORD": "a-long-enough-phrase"])
        #expect(created.status == 0, "\(created.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: home)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        let database = try FileManager.default.attributesOfItem(atPath: home + "/photogate.sqlite")[.posixPermissions] as? Int
        #expect(database == 0o600)
        let again = try CommandRunner.photogate(["init", "--home", home, "--school", "Rose Lane", "--admin", "admin"],
                                                environment: ["PHOTOGATE_PASSWORD": "a-long-enough-phrase"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already a Photogate home"))
    }

    @Test("without a password and without a terminal, sign-in fails with exit 3")
    func noPassword() throws {
        let school = try SchoolHome()
        let result = try CommandRunner.photogate(["user", "list"], environment: ["PHOTOGATE_HOME": school.path, "PHOTOGATE_USER": "admin"])
        #expect(result.status == 3)
    }

    @Test("only an admin adds users; a wrong password or a missing role exits 3 and changes nothing")
    func addUsers() throws {
        let school = try SchoolHome()
        let before = try school.eventCount()
        let asStaff = try school.run(as: "amy", ["user", "add", "eve", "--role", "admin"], environment: ["PHOTOGATE_NEW_PASSWORD": "eve-password-123"])
        #expect(asStaff.status == 3)
        #expect(asStaff.stderr.contains("needs the admin role"))
        let wrong = try school.run(["user", "add", "eve", "--role", "admin"], password: "not-the-password",
                                   environment: ["PHOTOGATE_USER": "admin", "PHOTOGATE_NEW_PASSWORD": "eve-password-123"])
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("wrong user name or password"))
        let unknownUser = try school.run(["user", "list"], password: "whatever-password", environment: ["PHOTOGATE_USER": "nobody"])
        #expect(unknownUser.stderr == wrong.stderr, "an unknown user reads like a wrong password")
        #expect(try school.eventCount() == before)

        let list = try school.run(as: "admin", ["user", "list", "--json"])
        let users = try #require(try list.json() as? [[String: Any]])
        #expect(users.map { $0["name"] as? String } == ["admin", "amy", "audrey", "head"])
        #expect(users.first { $0["name"] as? String == "head" }?["roles"] as? [String] == ["approver", "publisher"])
    }

    @Test("bad roles, a duplicate name and a short password are refused with a reason")
    func badUsers() throws {
        let school = try SchoolHome()
        #expect(try school.run(as: "admin", ["user", "add", "x", "--role", "ceo"], environment: ["PHOTOGATE_NEW_PASSWORD": "long-enough-pass"]).status == 2)
        let duplicate = try school.run(as: "admin", ["user", "add", "AMY", "--role", "staff"], environment: ["PHOTOGATE_NEW_PASSWORD": "long-enough-pass"])
        #expect(duplicate.status == 2 && duplicate.stderr.contains("already a user"))
        let short = try school.run(as: "admin", ["user", "add", "bob", "--role", "staff"], environment: ["PHOTOGATE_NEW_PASSWORD": "short"])
        #expect(short.status == 2 && short.stderr.contains("12 characters"))
    }

    @Test("passwords are stored only as Argon2id hashes")
    func storedHashes() throws {
        let school = try SchoolHome()
        let database = try #require(FileManager.default.contents(atPath: school.path + "/photogate.sqlite"))
        #expect(database.range(of: Data(school.passwords["amy"]!.utf8)) == nil)
        #expect(database.range(of: Data("$argon2id$".utf8)) != nil)
    }
}

@Suite("photogate device")
struct DeviceCommandTests {
    @Test("a personal device needs a holder and an approver; a trust device is active at once")
    func lifecycle() throws {
        let school = try SchoolHome()
        let noHolder = try school.run(as: "admin", ["device", "add", "p1", "--kind", "personal", "--make", "Apple", "--model", "iPhone 12"])
        #expect(noHolder.status == 2 && noHolder.stderr.contains("--holder"))
        let badIMEI = try school.run(as: "admin", ["device", "add", "p1", "--kind", "personal", "--make", "Apple", "--model", "iPhone 12",
                                                   "--holder", "amy", "--imei", "490154203237519"])
        #expect(badIMEI.status == 2 && badIMEI.stderr.contains("IMEI"))
        let unknownHolder = try school.run(as: "admin", ["device", "add", "p1", "--kind", "personal", "--make", "Apple", "--model", "iPhone 12", "--holder", "zoe"])
        #expect(unknownHolder.status == 2 && unknownHolder.stderr.contains("no user zoe"))
        #expect(try school.run(as: "amy", ["device", "add", "p1", "--kind", "trust", "--make", "Apple", "--model", "iPhone 12"]).status == 3)

        try school.addStandardDevices()
        let list = try school.run(as: "amy", ["device", "list", "--json"])
        let devices = try #require(try list.json() as? [[String: Any]])
        let phone = try #require(devices.first { $0["id"] as? String == "amy-phone" })
        #expect(phone["status"] as? String == "active")
        #expect(phone["approved_by"] as? String == "head")
        #expect(phone["imei"] as? String == "490154203237518")
        #expect(devices.first { $0["id"] as? String == "office-camera" }?["approved_by"] is NSNull)
    }

    @Test("only an approver approves; revoking needs a reason")
    func approveAndRevoke() throws {
        let school = try SchoolHome()
        _ = try school.run(as: "admin", ["device", "add", "p1", "--kind", "personal", "--make", "Apple", "--model", "iPhone 12", "--holder", "amy"])
        #expect(try school.run(as: "admin", ["device", "approve", "p1"]).status == 3)
        #expect(try school.run(as: "amy", ["device", "approve", "p1"]).status == 3)
        #expect(try school.run(as: "head", ["device", "approve", "p1"]).status == 0)
        #expect(try school.run(as: "head", ["device", "approve", "p1"]).status == 2)
        #expect(try school.run(as: "admin", ["device", "revoke", "p1", "--reason", " "]).status == 2)
        let revoked = try school.run(as: "admin", ["device", "revoke", "p1", "--reason", "phone lost"])
        #expect(revoked.status == 0)
        let log = try school.run(as: "audrey", ["audit", "log", "--json"])
        let actions = try #require(try log.json() as? [[String: Any]]).compactMap { $0["action"] as? String }
        #expect(actions.suffix(3) == ["device.added", "device.approved", "device.revoked"])
    }
}

@Suite("photogate config")
struct ConfigCommandTests {
    @Test("purposes and the deletion deadline are configuration, changed by an admin and audited")
    func settings() throws {
        let school = try SchoolHome()
        #expect(try school.run(as: "amy", ["config", "set", "deletion-deadline-hours", "48"]).status == 3)
        #expect(try school.run(as: "admin", ["config", "set", "deletion-deadline-hours", "-1"]).status == 2)
        #expect(try school.run(as: "admin", ["config", "set", "purposes", "website,Social Media"]).status == 2)
        #expect(try school.run(as: "admin", ["config", "set", "purposes", "website,social_media,prospectus"]).status == 0)
        let shown = try school.run(as: "amy", ["config", "show", "--json"])
        let settings = try #require(try shown.json() as? [String: String])
        #expect(settings["purposes"] == "website,social_media,prospectus")
        let log = try #require(try school.run(as: "audrey", ["audit", "log", "--json"]).json() as? [[String: Any]])
        #expect(log.last?["action"] as? String == "settings.changed")
    }
}
