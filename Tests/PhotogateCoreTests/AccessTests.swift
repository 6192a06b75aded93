import Foundation
import PhotogateCore
import Testing

@Suite("Roles and permissions")
struct AccessTests {
    @Test("role lists parse, and unknown roles are named")
    func roleLists() throws {
        #expect(try Role.parseList("Admin, staff").get() == [.admin, .staff])
        #expect(throws: RoleListError(unknown: "ceo")) { try Role.parseList("staff,ceo").get() }
        #expect(throws: RoleListError.self) { try Role.parseList(" , ").get() }
    }

    @Test("staff ingest but cannot manage users, approve devices or read the audit log")
    func staff() {
        let staff: Set<Role> = [.staff]
        #expect(Permission.ingest.isGranted(to: staff))
        #expect(!Permission.manageUsers.isGranted(to: staff))
        #expect(!Permission.approveDevice.isGranted(to: staff))
        #expect(!Permission.readAudit.isGranted(to: staff))
    }

    @Test("the auditor changes nothing")
    func auditorIsReadOnly() {
        let changes: [Permission] = [.manageUsers, .addDevice, .approveDevice, .revokeDevice, .importConsent, .changeSettings, .ingest, .confirmDeletion]
        #expect(changes.allSatisfy { !$0.isGranted(to: [.auditor]) })
        #expect(Permission.verifyAudit.isGranted(to: [.auditor]))
    }

    @Test("only an approver approves a personal device")
    func approval() {
        #expect(Permission.approveDevice.isGranted(to: [.approver]))
        #expect(!Permission.approveDevice.isGranted(to: [.admin, .staff, .publisher, .auditor]))
    }

    @Test("passwords need 12 characters; user names are plain")
    func credentials() {
        #expect(Credentials.problem(withPassword: "short", userName: "amy", school: "Rose Lane") != nil)
        #expect(Credentials.problem(withPassword: "correct horse battery", userName: "amy", school: "Rose Lane") == nil)
        #expect(Credentials.problem(withUserName: "mrs.smith") == nil)
        #expect(Credentials.problem(withUserName: "../etc") != nil)
        #expect(Credentials.problem(withUserName: "") != nil)
    }

    @Test("a blank password, or one that is mostly one character, is refused whatever its length", arguments: [
        String(repeating: " ", count: 12), String(repeating: "\t", count: 16), String(repeating: "\u{A0}", count: 12),
        String(repeating: "a", count: 20), "aaaaaaaaaaab", "1111111abcde", "  xxxxxxxxxxxxxx  ",
    ])
    func weakPasswords(password: String) {
        #expect(Credentials.problem(withPassword: password, userName: "amy", school: "Rose Lane")?.contains("mostly one character") == true)
    }

    @Test("a password with a repeated letter or two, and passphrases with spaces, are fine", arguments: [
        "correct horse battery", "Mississippi-1", "Tr0ub4dor&3x", "kangaroo-jumps", "quiet-maple-river-72",
    ])
    func acceptablePasswords(password: String) {
        #expect(Credentials.problem(withPassword: password, userName: "amy", school: "Rose Lane") == nil)
    }

    @Test("only an admin disables, enables, resets or changes roles; everyone may change their own password")
    func accountPermissions() {
        for permission in [Permission.disableUsers, .resetPasswords, .changeRoles] {
            #expect(permission.isGranted(to: [.admin]))
            #expect(!permission.isGranted(to: [.staff, .approver, .publisher, .auditor]))
        }
        #expect(Role.allCases.allSatisfy { Permission.changeOwnPassword.isGranted(to: [$0]) })
    }

    @Test("the last admin who can sign in cannot be disabled or lose the admin role")
    func lastAdmin() {
        let admin = Account(name: "admin", roles: [.admin])
        var disabled = admin
        disabled.isDisabled = true
        let demoted = Account(name: "admin", roles: [.staff])
        let staff = Account(name: "amy", roles: [.staff])
        let formerAdmin = Account(name: "old", roles: [.admin], isDisabled: true)
        #expect(Account.lastAdminProblem(changing: admin, to: disabled, others: [staff, formerAdmin])
            == "admin is the last admin who can sign in; make someone else an admin first")
        #expect(Account.lastAdminProblem(changing: admin, to: demoted, others: [staff]) != nil)
        let second = Account(name: "deputy", roles: [.admin, .staff])
        #expect(Account.lastAdminProblem(changing: admin, to: disabled, others: [second]) == nil)
        #expect(Account.lastAdminProblem(changing: admin, to: Account(name: "admin", roles: [.admin, .auditor]), others: []) == nil)
        #expect(Account.lastAdminProblem(changing: staff, to: Account(name: "amy", roles: [.staff], isDisabled: true), others: [formerAdmin]) == nil)
    }

    @Test("ids of users, devices and channels follow one rule, and the message names what is named")
    func identifiers() {
        #expect(Identifier.problem("school-facebook", naming: "a channel id") == nil)
        #expect(Identifier.problem("amy's phone", naming: "a device id") == "a device id is 1 to 64 letters, digits, dots, dashes or underscores")
        #expect(Identifier.problem(String(repeating: "a", count: 65), naming: "a channel id") != nil)
        #expect(Identifier.problem("é", naming: "a channel id") != nil)
        #expect(Identifier.problem("Р001", naming: "a person id") != nil, "a Cyrillic Р cannot pass for a Latin P")
    }

    @Test("identifiers are one whatever their letter case, folded as SQLite's NOCASE folds them")
    func identity() {
        #expect(Identifier.same("d777", "D777"))
        #expect(Identifier.same("Office-Camera.2", "office-camera.2"))
        #expect(!Identifier.same("d777", "d778"))
        #expect(Identifier.key("AMY") == "amy")
        // NOCASE folds ASCII letters only; so does the key, so Swift and SQL never disagree.
        #expect(Identifier.key("ÉCOLE") == "École")
        #expect(!Identifier.same("K", "\u{212A}"), "the Kelvin sign is not a K to NOCASE")
        #expect(!Identifier.same("ss", "ß"))
    }

    @Test("nobody approves their own post or two steps, whatever the case of their name")
    func approvalCase() {
        let chain = ApprovalChain(steps: [.approver, .approver])
        #expect(chain.problem(user: "HEAD", roles: [.approver], preparer: "head", approvals: []) == "nobody approves a post they prepared")
        let first = ApprovalChain.Approval(user: "head", role: .approver)
        #expect(chain.problem(user: "Head", roles: [.approver], preparer: "amy", approvals: [first])?.contains("already approved") == true)
    }
}

@Suite("Devices")
struct DeviceTests {
    @Test("IMEIs are 15 digits with a Luhn check digit", arguments: [
        ("490154203237518", true), ("356938035643809", true),
        ("490154203237519", false), ("49015420323751", false), ("4901542032375180", false), ("49015420323751a", false),
    ])
    func imei(value: String, valid: Bool) {
        #expect(IMEI.isValid(value) == valid)
    }

    @Test("a personal device needs a holder and starts awaiting approval; a trust device is active at once")
    func newDevices() {
        #expect(Device.problems(id: "phone-1", kind: .personal, make: "Apple", model: "iPhone 12", imei: nil, holder: nil).count == 1)
        #expect(Device.problems(id: "cam-1", kind: .trust, make: "Canon", model: "EOS 40D", imei: nil, holder: nil).isEmpty)
        #expect(Device.initialStatus(for: .personal) == .awaitingApproval)
        #expect(Device.initialStatus(for: .trust) == .active)
        #expect(Device.problems(id: "x/../y", kind: .trust, make: "", model: "M", imei: "123", holder: nil).count == 3)
    }

    @Test("only an active device may be used for ingest")
    func ingest() {
        var device = Device(id: "phone-1", kind: .personal, make: "Apple", model: "iPhone 12", holder: "amy", status: .awaitingApproval)
        #expect(device.ingestProblem?.contains("not been approved") == true)
        device.status = .active
        #expect(device.ingestProblem == nil)
        device.status = .revoked
        #expect(device.ingestProblem?.contains("revoked") == true)
    }

    @Test("camera details must agree with the device", arguments: [
        ("NIKON CORPORATION", "NIKON D70", nil, true),
        ("Canon", "Canon EOS 40D", nil, true),
        ("Apple", "iPhone 12", "F2LX", true),
        ("Apple", "iPhone 13", nil, false),
        ("Samsung", "iPhone 12", nil, false),
        ("Apple", "iPhone 12", "OTHER", false),
        ("Apple", "iPhone 12 Pro Max", nil, false),
        ("A", "1", nil, false),
        ("Canon", "EOS", nil, false),
    ] as [(String, String, String?, Bool)])
    func cameraMatch(make: String, model: String, serial: String?, agrees: Bool) {
        let nikon = Device(id: "cam", kind: .trust, make: "Nikon", model: "D70", status: .active)
        let canon = Device(id: "cam", kind: .trust, make: "Canon", model: "EOS 40D", status: .active)
        let phone = Device(id: "phone", kind: .personal, make: "Apple", model: "iPhone 12", serial: "F2LX", holder: "amy", status: .active)
        let device = make.hasPrefix("NIKON") ? nikon : make == "Canon" ? canon : phone
        #expect((CameraMatch.problem(photoMake: make, photoModel: model, photoSerial: serial, device: device) == nil) == agrees)
    }

    @Test("a photo without camera details does not match any device, and the reason names both sides")
    func noCameraDetails() {
        let phone = Device(id: "phone", kind: .personal, make: "Apple", model: "iPhone 12", holder: "amy", status: .active)
        #expect(CameraMatch.problem(photoMake: nil, photoModel: nil, photoSerial: nil, device: phone) != nil)
        let reason = CameraMatch.problem(photoMake: "Samsung", photoModel: "Galaxy S21", photoSerial: nil, device: phone)!
        #expect(reason.contains("Samsung Galaxy S21") && reason.contains("Apple iPhone 12"))
    }
}

@Suite("Deletion obligations")
struct DeletionObligationTests {
    @Test("open until the deadline, then overdue; done when every file is deleted or it is confirmed")
    func status() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let deadline = DeletionObligation.deadline(after: start, hours: 24)
        var obligation = DeletionObligation(batchID: 1, deadline: deadline, fileCount: 3, deletedCount: 1, confirmedAt: nil)
        #expect(obligation.status(at: start.addingTimeInterval(3600)) == .open)
        #expect(obligation.status(at: start.addingTimeInterval(25 * 3600)) == .overdue)
        obligation.deletedCount = 3
        #expect(obligation.status(at: start.addingTimeInterval(25 * 3600)) == .done)
        obligation.deletedCount = 0
        obligation.confirmedAt = start
        #expect(obligation.status(at: start.addingTimeInterval(99 * 3600)) == .done)
    }

    @Test("a duty is met by confirmation first, then by Photogate's own deletions; a batch that stored nothing owes nothing")
    func completion() {
        var obligation = DeletionObligation(batchID: 1, deadline: Date(timeIntervalSince1970: 0), fileCount: 2, deletedCount: 1, confirmedAt: nil)
        #expect(obligation.completion == nil)
        obligation.deletedCount = 2
        #expect(obligation.completion == .deletedByPhotogate)
        obligation.confirmedAt = Date(timeIntervalSince1970: 0)
        #expect(obligation.completion == .confirmed)
        let empty = DeletionObligation(batchID: 2, deadline: Date(timeIntervalSince1970: 0), fileCount: 0, deletedCount: 0, confirmedAt: nil)
        #expect(empty.completion == .nothingStored)
        #expect(empty.status(at: Date(timeIntervalSince1970: 99)) == .done)
    }
}
