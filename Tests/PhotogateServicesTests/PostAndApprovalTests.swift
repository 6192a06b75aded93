import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Posts: preparing, sending, the approval queue, approving and rejecting")
struct PostAndApprovalTests {
    static func posts(_ school: ServiceSchool, as user: SignedInUser? = nil) -> PostService {
        PostService(home: school.home, user: user ?? school.amy)
    }

    static func approvals(_ school: ServiceSchool, as user: SignedInUser? = nil) -> ApprovalService {
        ApprovalService(home: school.home, user: user ?? school.head)
    }

    static func create(_ school: ServiceSchool, caption: String = "Sports day at Rose Lane", checklist: [String] = ServiceSchool.checklist,
                       channel: String = "facebook", as user: SignedInUser? = nil) async throws -> PostOutcome {
        try await posts(school, as: user).create(channel: channel, caption: caption, checklist: checklist, photos: [school.groupPhoto],
                                                 engine: ServiceSchool.engine)
    }

    @Test("a post that passes every check is queued with each photo rendered as it would be published; asked again, it is the same post")
    func queued() async throws {
        let school = try await ServiceSchool.make()
        let outcome = try await Self.create(school)
        #expect(outcome.state == .queued && outcome.reasons.isEmpty && !outcome.madeBefore)

        let details = try await Self.posts(school).show(outcome.post)
        #expect(details.post.preparedBy == "amy" && details.post.channelId == "facebook" && details.post.checklist == ServiceSchool.checklist)
        let photo = try #require(details.photos.first)
        #expect(details.photos.count == 1 && photo.sha256 == school.groupPhoto && photo.decision.verdict == .redacted)
        let location = try #require(Self.posts(school).renderLocation(of: photo))
        #expect(location.hasPrefix(school.root + "/"), "renders are kept in the home")
        let render = try SafeFile.read(location, maxBytes: 10_000_000)
        #expect(Digest.sha256(render) == photo.renderSHA256)
        try CleanJPEGVerifier.verify(render, expectedSize: (width: 1280, height: 886))

        let again = try await Self.create(school)
        #expect(again.post == outcome.post && again.madeBefore && again.state == .queued)
        #expect(try await Self.posts(school).list().map(\.id) == [outcome.post])
        #expect(Array(try await school.actions().suffix(2)) == ["post.created", "post.queued"])
    }

    @Test("the same post asked for twice at the same moment is made once: the second finds the first under the write lock")
    func sameMoment() async throws {
        let school = try await ServiceSchool.make()
        // Both look for an earlier post before either has made one; both then prepare it.
        async let first = Self.create(school)
        async let second = Self.create(school)
        let outcomes = try await [first, second]
        #expect(Set(outcomes.map(\.post)).count == 1, "\(outcomes)")
        #expect(outcomes.filter(\.madeBefore).count == 1 && outcomes.allSatisfy { $0.state == .queued }, "\(outcomes)")
        #expect(try await Self.posts(school).list().count == 1)
        #expect(try await school.actions().filter { $0 == "post.created" }.count == 1)
    }

    @Test("a post failing checks is kept as a draft with every reason")
    func draftWithReasons() async throws {
        let school = try await ServiceSchool.make()
        let outcome = try await Self.create(school, caption: "Rory Williams wins!", checklist: ["consent"])
        #expect(outcome.state == .draft)
        #expect(outcome.reasons.contains { $0.contains("Rory Williams (P002), who has no consent to be named") })
        #expect(outcome.reasons.filter { $0.contains("checklist is not complete") }.count == 3)
        let draft = try await Self.posts(school).show(outcome.post)
        #expect(draft.post.state == .draft && draft.post.stateReason == outcome.reasons.joined(separator: "\n"))
        #expect(try await school.actions().last == "post.refused")

        _ = try await ChannelService(home: school.home, user: school.admin).close("website")
        let closed = try await Self.create(school, channel: "website")
        #expect(closed.state == .draft && closed.reasons == ["channel website is closed and takes no posts"])

        let bob = try await school.addUser("bob", roles: [.staff])
        let notPoster = try await Self.create(school, as: bob)
        #expect(notPoster.reasons == ["bob is not one of the approved posters of facebook (amy)"])
    }

    @Test("a rejected photo keeps a post a draft; with the tag fixed, its preparer sends it again and it is queued")
    func fixAndSubmit() async throws {
        let school = try await ServiceSchool.make()
        let tags = TagService(home: school.home, user: school.amy)
        _ = try await tags.add(photo: school.groupPhoto, person: "P004", box: FaceServiceTests.faceBox(4))
        let draft = try await Self.create(school)
        #expect(draft.state == .draft)
        #expect(draft.reasons.first?.hasPrefix("photo 1 is rejected") == true)
        #expect(try await Self.posts(school).show(draft.post).photos.first?.renderSHA256 == nil, "a rejected photo is not rendered")

        let bob = try await school.addUser("bob", roles: [.staff])
        await expectRefusal(.forbidden, code: "post.not-preparer") { try await Self.posts(school, as: bob).submit(draft.post, engine: ServiceSchool.engine) }
        await expectRefusal(.forbidden) { try await Self.posts(school, as: school.head).submit(draft.post, engine: ServiceSchool.engine) }

        _ = try await tags.remove(photo: school.groupPhoto, person: "P004")
        let sent = try await Self.posts(school).submit(draft.post, engine: ServiceSchool.engine)
        #expect(sent.post == draft.post && sent.state == .queued && sent.reasons.isEmpty)
        #expect(try await Self.posts(school).show(draft.post).photos.first?.renderSHA256 != nil)
        await expectRefusal(.conflict, code: "post.state") { try await Self.posts(school).submit(draft.post, engine: ServiceSchool.engine) }
        await expectRefusal(.notFound, code: "post.unknown") { try await Self.posts(school).submit(99, engine: ServiceSchool.engine) }
    }

    @Test("a post needs a caption, photos that were ingested, a channel that exists, and staff to prepare it")
    func createRefusals() async throws {
        let school = try await ServiceSchool.make()
        let posts = Self.posts(school)
        await expectRefusal(.invalid, code: "post.caption-missing") { try await Self.create(school, caption: "  \n") }
        await expectRefusal(.invalid) { try await Self.create(school, caption: "Sports\u{202E} day") }
        await expectRefusal(.invalid, code: "post.photos-missing") {
            try await posts.create(channel: "facebook", caption: "Sports day", checklist: ServiceSchool.checklist, photos: [], engine: ServiceSchool.engine)
        }
        await expectRefusal(.notFound, code: "photo.not-ingested") {
            try await posts.create(channel: "facebook", caption: "Sports day", checklist: ServiceSchool.checklist,
                                   photos: [Digest.sha256(Array("elsewhere".utf8))], engine: ServiceSchool.engine)
        }
        await expectRefusal(.notFound, code: "channel.unknown") { try await Self.create(school, channel: "radio") }
        await expectRefusal(.forbidden) { try await Self.create(school, as: school.head) }
        await expectRefusal(.notFound, code: "post.unknown") { try await posts.show(7) }
        await expectRefusal(.forbidden) { try await Self.posts(school, as: school.audrey).list() }
        #expect(try await posts.list().isEmpty)
    }

    // MARK: Approval

    @Test("the queue is the approvers': each post with its photos and the step it waits for")
    func queue() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.queuedPost()
        let queue = try await Self.approvals(school).queue()
        #expect(queue.map(\.post.id) == [post])
        #expect(queue.first?.channel.id == "facebook" && queue.first?.nextStep == .approver && queue.first?.photos.count == 1)
        await expectRefusal(.forbidden) { try await Self.approvals(school, as: school.amy).queue() }
        await expectRefusal(.forbidden) { try await Self.approvals(school, as: school.audrey).queue() }
    }

    @Test("a two-step chain: each step by its role, never by the preparer; then the post is approved and leaves the queue")
    func chain() async throws {
        let school = try await ServiceSchool.make()
        _ = try await SettingsService(home: school.home, user: school.admin).set(.approvalChain, to: "staff,approver")
        let lineManager = try await school.addUser("linemanager", roles: [.staff])
        let post = try await school.queuedPost()

        await expectRefusal(.forbidden, code: "post.approval") { try await Self.approvals(school).approve(post, note: nil, engine: ServiceSchool.engine) }
        await expectRefusal(.forbidden, code: "post.approval") {
            try await Self.approvals(school, as: school.amy).approve(post, note: nil, engine: ServiceSchool.engine)
        }
        let first = try await Self.approvals(school, as: lineManager).approve(post, note: "checked", engine: ServiceSchool.engine)
        #expect(first.state == .queued && first.nextStep == .approver && first.reasons.isEmpty)
        let second = try await Self.approvals(school).approve(post, note: nil, engine: ServiceSchool.engine)
        #expect(second.state == .approved && second.nextStep == nil)
        #expect(try await Self.approvals(school).queue().isEmpty)

        let approvals = try await Self.posts(school).show(post).approvals
        #expect(approvals.map(\.user) == ["linemanager", "head"] && approvals.map(\.role) == [.staff, .approver])
        #expect(approvals.first?.note == "checked")
        await expectRefusal(.conflict, code: "post.state") { try await Self.approvals(school).approve(post, note: nil, engine: ServiceSchool.engine) }
        await expectRefusal(.notFound, code: "post.unknown") { try await Self.approvals(school).approve(99, note: nil, engine: ServiceSchool.engine) }
        #expect(Array(try await school.actions().suffix(2)) == ["post.step-approved", "post.approved"])
    }

    @Test("nobody approves their own post")
    func ownPost() async throws {
        let school = try await ServiceSchool.make()
        let boss = try await school.addUser("boss", roles: [.staff, .approver])
        let post = try await school.queuedPost(channel: "website", by: boss)
        let refused = await expectRefusal(.forbidden, code: "post.approval") {
            try await Self.approvals(school, as: boss).approve(post, note: nil, engine: ServiceSchool.engine)
        }
        #expect(refused?.message.contains("nobody approves a post they prepared") == true)
        await expectRefusal(.forbidden, code: "post.approval") { try await Self.approvals(school, as: boss).reject(post, reason: "mine") }
        #expect(try await Self.posts(school).show(post).post.state == .queued)
    }

    @Test("approval checks consent and tags again: a post whose decisions changed goes back to its preparer with the reasons")
    func recheckReturnsPost() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.queuedPost()
        // A staff tag puts Rory, who has no social media consent, on Amelia's face.
        _ = try await TagService(home: school.home, user: school.amy).add(photo: school.groupPhoto, person: "P002", box: FaceServiceTests.faceBox(0))
        let outcome = try await Self.approvals(school).approve(post, note: nil, engine: ServiceSchool.engine)
        #expect(outcome.state == .returned)
        #expect(outcome.reasons.contains { $0.contains("P001 would now be blurred") })
        let returned = try await Self.posts(school).show(post).post
        #expect(returned.state == .returned && returned.stateReason == outcome.reasons.joined(separator: "\n"))
        #expect(try await Self.approvals(school).queue().isEmpty)
        #expect(try await school.actions().last == "post.returned")
    }

    @Test("a rejection needs a reason and is final")
    func reject() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.queuedPost()
        let approvals = Self.approvals(school)
        await expectRefusal(.invalid, code: "reason.missing") { try await approvals.reject(post, reason: " ") }
        await expectRefusal(.forbidden) { try await Self.approvals(school, as: school.amy).reject(post, reason: "no") }
        try await approvals.reject(post, reason: "the light is poor")
        let rejected = try await Self.posts(school).show(post).post
        #expect(rejected.state == .rejected && rejected.stateReason == "the light is poor")
        await expectRefusal(.conflict, code: "post.state") { try await approvals.reject(post, reason: "again") }
        await expectRefusal(.conflict, code: "post.state") { try await Self.posts(school).submit(post, engine: ServiceSchool.engine) }
        await expectRefusal(.notFound, code: "post.unknown") { try await approvals.reject(99, reason: "no such post") }
    }
}
