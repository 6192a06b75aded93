import Foundation
import PhotogateTestSupport
import Testing

/// A home moved to another folder (`mv`, or restored from a backup elsewhere) works as it did:
/// posts record their renders relative to the home.
@Suite("A moved home")
struct MovedHomeTests {
    /// A queued post of the group photo, in a school set up as the post tests do.
    func queuedPost() throws -> SchoolHome {
        let (school, photo) = try PostCommandTests.school()
        let created = try school.run(as: "amy", ["post", "create", "--json", "--channel", "facebook", "--caption", "Sports day",
                                                 "--checklist", PostCommandTests.checklist, photo])
        #expect((try created.json() as? [String: Any])?["status"] as? String == "queued", "\(created.stderr)")
        return school
    }

    /// Approves and publishes post 1 and checks the outbox holds the approved render.
    func approveAndPublish(_ school: SchoolHome) throws {
        let approved = try school.run(as: "head", ["approve", "1"])
        #expect(approved.status == 0, "\(approved.stderr)")
        let outbox = school.folder.path + "/outbox"
        let published = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(published.status == 0, "\(published.stderr)")
        let render = try #require(try school.sqlite("SELECT renderSHA256 FROM postPhoto WHERE postId = 1").first)
        let bytes = try #require(FileManager.default.contents(atPath: outbox + "/1/01.jpg"))
        #expect(TestDigest.sha256(bytes) == render)
        #expect(try school.auditVerifies().status == 0)
    }

    @Test("moved after a post was queued, the home approves and publishes it without a false alarm")
    func movedHome() throws {
        let school = try queuedPost()
        let before = school.path
        try school.moveHome(to: "restored-home")
        #expect(!FileManager.default.fileExists(atPath: before))
        try approveAndPublish(school)
        let queue = try school.run(as: "head", ["post", "show", "1"])
        #expect(queue.stdout.contains(school.path + "/renders/1/"), "renders are shown where they are now: \(queue.stdout)")
    }
}
