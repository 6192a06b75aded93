import Foundation
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Registers: devices, channels, settings and the consent list")
struct RegisterServiceTests {
    // MARK: Devices

    @Test("a personal phone waits for an approver; once approved it may be used; revoked, it may not")
    func deviceLifecycle() async throws {
        let school = try await ServiceSchool.make()
        let admin = DeviceService(home: school.home, user: school.admin), head = DeviceService(home: school.home, user: school.head)
        let added = try await admin.add(.init(id: "bob-phone", kind: .personal, make: "Samsung", model: "Galaxy S21", imei: "356938035643809", holder: "AMY"))
        #expect(added.status == .awaitingApproval && added.holder == "amy" && added.addedBy == "admin")
        await expectRefusal(.forbidden) { try await admin.approve("bob-phone") }

        let approved = try await head.approve("bob-phone")
        #expect(approved.status == .active && approved.approvedBy == "head")
        await expectRefusal(.conflict, code: "device.active") { try await head.approve("bob-phone") }

        await expectRefusal(.invalid, code: "reason.missing") { try await head.revoke("bob-phone", reason: "  ") }
        let revoked = try await head.revoke("bob-phone", reason: "phone replaced")
        #expect(revoked.status == .revoked && revoked.revokeReason == "phone replaced")
        await expectRefusal(.conflict, code: "device.revoked") { try await head.approve("bob-phone") }
        await expectRefusal(.conflict, code: "device.revoked") { try await admin.revoke("bob-phone", reason: "again") }
        await expectRefusal(.forbidden, code: "device.not-usable") {
            try await IngestService(home: school.home, user: school.amy).run(device: "bob-phone", from: MemoryCard([]), deleteFromDevice: false)
        }

        #expect(try await DeviceService(home: school.home, user: school.audrey).list().map(\.id) == ["amy-phone", "bob-phone", "office-camera"])
        #expect(try await admin.device("BOB-PHONE").id == "bob-phone")
        let actions = try await school.actions()
        #expect(Array(actions.suffix(3)) == ["device.added", "device.approved", "device.revoked"])
    }

    @Test("a device is refused with every problem, with the code of a single one")
    func deviceRefusals() async throws {
        let school = try await ServiceSchool.make()
        let admin = DeviceService(home: school.home, user: school.admin)
        await expectRefusal(.invalid, code: "device.imei") {
            try await admin.add(.init(id: "p2", kind: .personal, make: "Apple", model: "iPhone 12", imei: "490154203237519", holder: "amy"))
        }
        let several = await expectRefusal(.invalid, code: "device.invalid") {
            try await admin.add(.init(id: "p2", kind: .personal, make: " ", model: "iPhone 12", imei: "123"))
        }
        #expect(several?.message.contains("the make is missing") == true)
        #expect(several?.message.contains("needs its holder") == true)
        await expectRefusal(.invalid, code: "device.holder-missing") {
            try await admin.add(.init(id: "p2", kind: .personal, make: "Apple", model: "iPhone 12"))
        }
        await expectRefusal(.notFound, code: "user.unknown") {
            try await admin.add(.init(id: "p2", kind: .personal, make: "Apple", model: "iPhone 12", holder: "nobody"))
        }
        await expectRefusal(.conflict, code: "device.exists") { try await admin.add(.init(id: "Amy-Phone", kind: .trust, make: "Apple", model: "iPad")) }
        await expectRefusal(.invalid) { try await admin.add(.init(id: "cam", kind: .trust, make: "Can\u{200B}on", model: "EOS")) }
        await expectRefusal(.forbidden) { try await DeviceService(home: school.home, user: school.amy).add(.init(id: "cam", kind: .trust, make: "Canon", model: "EOS")) }
        await expectRefusal(.notFound, code: "device.unknown") { try await admin.device("nothing") }
        await expectRefusal(.notFound, code: "device.unknown") { try await DeviceService(home: school.home, user: school.head).approve("nothing") }
        #expect(try await admin.list().count == 2, "nothing refused was added")
    }

    // MARK: Channels

    @Test("channels are added for a purpose of the list, with posters as the home spells them, and closed")
    func channels() async throws {
        let school = try await ServiceSchool.make()
        let channels = ChannelService(home: school.home, user: school.admin)
        let added = try await channels.add(.init(id: "newsletter", platform: "Email", account: "parents list", purpose: "newsletter", posters: ["AMY", "head"]))
        #expect(added.posters == ["amy", "head"] && added.openedBy == "admin" && added.isOpen)
        #expect(try await ChannelService(home: school.home, user: school.audrey).list().map(\.id) == ["facebook", "newsletter", "website"])

        await expectRefusal(.invalid, code: "channel.purpose") {
            try await channels.add(.init(id: "tiktok", platform: "TikTok", account: "roselane", purpose: "entertainment"))
        }
        await expectRefusal(.invalid, code: "channel.platform-missing") { try await channels.add(.init(id: "x", platform: " ", account: "a", purpose: "press")) }
        await expectRefusal(.invalid) { try await channels.add(.init(id: "no good", platform: "X", account: "a", purpose: "press")) }
        await expectRefusal(.conflict, code: "channel.exists") { try await channels.add(.init(id: "Website", platform: "Web", account: "a", purpose: "website")) }
        await expectRefusal(.notFound, code: "user.unknown") {
            try await channels.add(.init(id: "press", platform: "Local paper", account: "a", purpose: "press", posters: ["nobody"]))
        }
        await expectRefusal(.forbidden) { try await ChannelService(home: school.home, user: school.amy).add(.init(id: "p", platform: "P", account: "a", purpose: "press")) }

        let closed = try await channels.close("newsletter")
        #expect(!closed.isOpen && closed.closedBy == "admin")
        await expectRefusal(.conflict, code: "channel.closed") { try await channels.channel("newsletter") }
        #expect(try await channels.channel("newsletter", requireOpen: false).id == "newsletter")
        await expectRefusal(.conflict, code: "channel.closed") { try await channels.close("newsletter") }
        await expectRefusal(.notFound, code: "channel.unknown") { try await channels.channel("radio") }
        await expectRefusal(.notFound, code: "channel.unknown") { try await channels.close("radio") }
    }

    // MARK: Settings

    @Test("a setting changes from the text typed, recorded with its value before and after")
    func settings() async throws {
        let school = try await ServiceSchool.make()
        let settings = SettingsService(home: school.home, user: school.admin)
        #expect(try await settings.show().deletionDeadlineHours == 24)
        let changed = try await settings.set(.deletionDeadlineHours, to: "48")
        #expect(changed.deletionDeadlineHours == 48)
        #expect(try await SettingsService(home: school.home, user: school.amy).show().deletionDeadlineHours == 48)
        let event = try #require(try await school.home.audit.events(since: nil).last)
        #expect(event.action == "settings.changed" && event.subject == "deletion-deadline-hours")
        #expect(event.detailValues == ["from": "24", "to": "48"])

        await expectRefusal(.invalid) { try await settings.set(.deletionDeadlineHours, to: "two days") }
        await expectRefusal(.invalid) { try await settings.set(.approvalChain, to: "staff,ceo") }
        await expectRefusal(.forbidden) { try await SettingsService(home: school.home, user: school.head).set(.redaction, to: "solid") }
        #expect(try await settings.show().redactionFill == .pixelate, "nothing refused was changed")
    }

    // MARK: Consent

    @Test("a new version of the list says what changed, person by person and purpose by purpose")
    func consentImport() async throws {
        let school = try await ServiceSchool.make()
        let sheet = ServiceSchool.consent(replacing: "P003,Clara,Oswald,pupil,yes,yes,no,", with: "P003,Clara,Oswald,pupil,no,yes,no,")
            + Array("P009,Bill,Potts,staff,yes,yes,yes,\n".utf8)
        let result = try await school.importConsent(sheet, named: "MIS export.csv")
        #expect(result.version == 2 && result.people == 9)
        #expect(result.diff.added == ["P009"])
        #expect(result.diff.withdrawn == [ConsentDiff.Change(personID: "P003", purpose: "social_media")])
        #expect(result.returnedPosts.isEmpty && result.takedowns.isEmpty)

        let consent = ConsentService(home: school.home, user: school.amy)
        #expect(try await consent.list().count == 9)
        #expect(try await consent.show("p003").purposes == ["website"])
        await expectRefusal(.notFound, code: "person.unknown") { try await consent.show("P404") }
        await expectRefusal(.forbidden) { try await ConsentService(home: school.home, user: school.audrey).list() }
        await expectRefusal(.forbidden) { try await consent.importSheet(Array(ServiceSchool.consent.utf8), named: "consent.csv") }
        let event = try #require(try await school.home.audit.events(since: nil).last)
        #expect(event.action == "consent.imported" && event.detailValues["file"] == "MIS export.csv")
        #expect(event.detailValues["sha256"] == TestDigest.sha256(Data(sheet)))
    }

    @Test("a sheet with problems is refused whole, every problem by its line, and the list in force stays")
    func consentRefusedByLine() async throws {
        let school = try await ServiceSchool.make()
        let sheet = """
        person_id,first_name,last_name,kind,social_media,website,names,exclude
        P001,Amelia,Pond,pupil,yes,yes,yes,
        P002,Rory,Williams,governor,no,yes,no,
        P003,Clara,Oswald,pupil,perhaps,yes,no,
        P001,Amy,Pond,pupil,yes,yes,yes,

        """
        let problems = await refusedLines { try await school.importConsent(Array(sheet.utf8)) }
        #expect(problems.map(\.line) == [3, 4, 5])
        #expect(problems.first?.message == "kind \"governor\" is neither pupil nor staff")
        #expect(problems.last?.message.contains("already appears on line 2") == true)
        #expect(try await school.home.consent.latestVersion()?.id == 1)
        #expect(try await ConsentService(home: school.home, user: school.admin).list().count == 8)

        let header = await refusedLines { try await school.importConsent(Array("person_id,first_name,last_name,kind,colour\n".utf8)) }
        #expect(header.allSatisfy { $0.line == 1 } && !header.isEmpty)
        await expectRefusal(.invalid) { try await school.importConsent([0x81, 0x8D, 0x8F, 0x90, 0x9D]) }
        #expect(try await school.home.consent.latestVersion()?.id == 1)
    }

    @Test("cells that look like spreadsheet formulas are kept as text and counted")
    func consentFormulas() async throws {
        let school = try await ServiceSchool.make()
        let result = try await school.importConsent(Array((ServiceSchool.consent + "P010,=SUM(A1),Smith,pupil,yes,yes,no,\n").utf8))
        #expect(result.formulaCells == 1)
        #expect(try await ConsentService(home: school.home, user: school.admin).show("P010").firstName == "=SUM(A1)")
    }
}
