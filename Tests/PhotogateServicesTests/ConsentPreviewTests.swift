import Foundation
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("A consent list previewed before it is imported")
struct ConsentPreviewTests {
    /// Clara (P003) withdraws social media consent.
    static let withdrawn = ServiceSchool.consent(replacing: "P003,Clara,Oswald,pupil,yes,", with: "P003,Clara,Oswald,pupil,no,")

    @Test("the preview shows the difference and the posts it touches and changes nothing; confirming imports that very file")
    func previewThenConfirm() async throws {
        let school = try await ServiceSchool.make()
        let published = try await school.approvedPost(caption: "Published")
        _ = try await PublishAndAuditTests.publish(school, published, to: MemoryOutbox())
        let queued = try await school.queuedPost(caption: "Queued")
        let before = try await school.actions()
        let consent = ConsentService(home: school.home, user: school.admin)

        let preview = try await consent.preview(Self.withdrawn, named: "mis-export.csv")
        #expect(preview.fileName == "mis-export.csv" && preview.people == 8)
        #expect(preview.preview.diff.withdrawn == [ConsentDiff.Change(personID: "P003", purpose: "social_media")])
        #expect(preview.preview.takedowns.map(\.post.id) == [published] && preview.preview.takedowns.first?.losses.map(\.personID) == ["P003"])
        #expect(preview.preview.returned.map(\.post.id) == [queued])
        #expect(try await school.actions() == before, "a preview records nothing")
        #expect(try await school.home.posts.post(id: queued)?.post.state == .queued, "and sends nothing back")

        let imported = try await consent.confirm(preview.token)
        #expect(imported.takedownPosts == [published] && imported.returnedPosts == [queued])
        await expectRefusal(.notFound, code: "consent.preview-gone") { try await consent.confirm(preview.token) }
    }

    @Test("a preview made before another import is refused as stale; a refused file keeps nothing; only its uploader confirms a preview")
    func staleAndRefused() async throws {
        let school = try await ServiceSchool.make()
        let consent = ConsentService(home: school.home, user: school.admin)
        let first = try await consent.preview(Self.withdrawn, named: "a.csv")
        let second = try await consent.preview(ServiceSchool.consent(replacing: "P005,River,Song,pupil,yes,", with: "P005,River,Song,pupil,no,"), named: "b.csv")
        let otherAdmin = try await school.addUser("office2", roles: [.admin])
        await expectRefusal(.notFound) { try await ConsentService(home: school.home, user: otherAdmin).confirm(first.token) }
        _ = try await consent.confirm(first.token)
        await expectRefusal(.conflict, code: "consent.stale") { try await consent.confirm(second.token) }
        await expectRefusal(.notFound, code: "consent.preview-gone") { try await consent.confirm(second.token) }
        #expect(try await school.home.consent.current().first { $0.personID == "P005" }?.purposes.contains("social_media") == true,
                "the stale sheet changed nothing")

        let problems = await refusedLines { try await consent.preview(Array("person_id,first_name,last_name,kind\nP1,,X,pupil\n".utf8), named: "bad.csv") }
        #expect(problems.map(\.line) == [2])
        await expectRefusal(.forbidden) { try await ConsentService(home: school.home, user: school.amy).preview(Self.withdrawn, named: "a.csv") }
        await expectRefusal(.forbidden) { try await ConsentService(home: school.home, user: school.amy).confirm(first.token) }
    }

    @Test("a preview a day old, or made under other purposes, is not imported")
    func oldOrOtherPurposes() async throws {
        let school = try await ServiceSchool.make()
        let consent = ConsentService(home: school.home, user: school.admin)
        let old = try await consent.preview(Self.withdrawn, named: "a.csv")
        await expectRefusal(.notFound, code: "consent.preview-gone") { try await consent.confirm(old.token, now: Date().addingTimeInterval(25 * 3600)) }
        let other = try await consent.preview(Self.withdrawn, named: "a.csv")
        _ = try await SettingsService(home: school.home, user: school.admin).set(.purposes, to: "social_media,website,press")
        await expectRefusal(.conflict, code: "consent.stale") { try await consent.confirm(other.token) }
        #expect(try await school.home.consent.latestVersion()?.id == 1, "nothing was imported")
    }
}
