import Foundation
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateTestSupport
import Testing

@Suite("What needs each person now")
struct AttentionTests {
    @Test("each count is there only for those who act on it (or audit it), and counts what it says")
    func counts() async throws {
        let school = try await ServiceSchool.make()
        _ = try await school.queuedPost()
        // Clara's consent ends in ten days, Rory's in sixty: only Clara's is within 30 days.
        let today = Date()
        let day = { (days: Double) in CalendarDate(today.addingTimeInterval(days * 86_400)).description }
        let expiries = ["P002": day(60), "P003": day(10)]
        let sheet = ServiceSchool.consent.split(separator: "\n").map { line in
            line.hasPrefix("person_id") ? line + ",expires" : line + "," + (expiries[String(line.prefix(4))] ?? "")
        }.joined(separator: "\n")
        _ = try await school.importConsent(Array(sheet.utf8))
        _ = try await DeviceService(home: school.home, user: school.admin)
            .add(.init(id: "rory-phone", kind: .personal, make: "Apple", model: "iPhone 13", imei: "490154203237518", holder: "amy"))

        let head = try await AttentionService(home: school.home, user: school.head).attention(now: today)
        #expect(head.postsToApprove == 1 && head.devicesToApprove == 1 && head.takedowns == 0 && head.consentEndingSoon == 1)
        #expect(head.returnedPosts == nil && head.myDeletions == nil && head.overdueDeletions == nil, "the head holds no phone and reads no register")

        let amy = try await AttentionService(home: school.home, user: school.amy).attention(now: today)
        #expect(amy.postsToApprove == nil && amy.devicesToApprove == nil && amy.takedowns == nil)
        #expect(amy.returnedPosts == 0 && amy.myDeletions == 1 && amy.overdueDeletions == 0, "batch 1 from her phone, not yet late")
        let amyLater = try await AttentionService(home: school.home, user: school.amy).attention(now: today.addingTimeInterval(30 * 86_400))
        #expect(amyLater.overdueDeletions == 1)

        let audrey = try await AttentionService(home: school.home, user: school.audrey).attention(now: today.addingTimeInterval(30 * 86_400))
        #expect(audrey.overdueDeletions == 1 && audrey.takedowns == 0 && audrey.consentEndingSoon == nil && audrey.postsToApprove == nil)
    }

    @Test("a post that must come down for two people counts once; only those who take posts down list what came due")
    func takedownsCountPosts() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        _ = try await PublishAndAuditTests.publish(school, post, to: MemoryOutbox())
        let sheet = ServiceSchool.consent
            .replacingOccurrences(of: "P003,Clara,Oswald,pupil,yes,", with: "P003,Clara,Oswald,pupil,no,")
            .replacingOccurrences(of: "P005,River,Song,pupil,yes,", with: "P005,River,Song,pupil,no,")
        _ = try await school.importConsent(Array(sheet.utf8))
        #expect(try await TakedownService(home: school.home, user: school.head).outstanding().count == 2)
        #expect(try await AttentionService(home: school.home, user: school.head).attention().takedowns == 1)
    }
}
