import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Publishing, takedowns and the audit log")
struct PublishAndAuditTests {
    static func publisher(_ school: ServiceSchool, as user: SignedInUser? = nil) -> PublishService {
        PublishService(home: school.home, user: user ?? school.head)
    }

    static func publish(_ school: ServiceSchool, _ post: Int64, to outbox: MemoryOutbox) async throws -> PublishService.Outcome {
        try await publisher(school).publish(post, to: outbox, engine: ServiceSchool.engine)
    }

    @Test("an approved post is published once: the approved render, the caption and a manifest naming who approved it")
    func publish() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        let outbox = MemoryOutbox()
        await expectRefusal(.forbidden) { try await Self.publisher(school, as: school.amy).publish(post, to: outbox, engine: ServiceSchool.engine) }

        let outcome = try await Self.publish(school, post, to: outbox)
        #expect(!outcome.alreadyPublished && outcome.refusedBecause.isEmpty)
        #expect(outcome.location == "memory outbox/\(post)" && outcome.images == ["01.jpg"])
        let files = outbox.files(ofPost: post)
        #expect(outbox.names(ofPost: post) == ["01.jpg", "caption.txt", "manifest.json"])
        #expect(files["caption.txt"] == Array("Sports day at Rose Lane\n".utf8))
        let image = try #require(files["01.jpg"])
        try CleanJPEGVerifier.verify(image, expectedSize: (width: 1280, height: 886))
        let approvedRender = try await PostService(home: school.home, user: school.amy).show(post).photos.first?.renderSHA256
        #expect(Digest.sha256(image) == approvedRender, "exactly the render the head approved")

        let manifestBytes = try #require(files["manifest.json"])
        let manifest = try #require(PublicationManifest.decoded(manifestBytes))
        #expect(manifest.post == post && manifest.channel == "facebook" && manifest.platform == "Facebook" && manifest.purpose == "social_media")
        #expect(manifest.prepared_by == "amy" && manifest.published_by == "head")
        #expect(manifest.approvers.count == 1)
        #expect(manifest.approvers.first?["user"] == "head" && manifest.approvers.first?["role"] == "approver" && manifest.approvers.first?["note"] == "lovely")
        #expect(manifest.images.map(\.file) == ["01.jpg"] && manifest.images.map(\.sha256) == [Digest.sha256(image)])

        let published = try await PostService(home: school.home, user: school.amy).show(post).post
        #expect(published.state == .published && published.publishedBy == "head" && published.outbox == outcome.location)
        #expect(try await school.actions().last == "post.published")

        let again = try await Self.publish(school, post, to: outbox)
        #expect(again.alreadyPublished && !again.finished && again.images == ["01.jpg"])
        #expect(outbox.publicationsWritten == 1, "publishing twice does nothing new")
        #expect(try await Self.publisher(school).publication(ofPost: post).images.map(\.sha256) == manifest.images.map(\.sha256))
    }

    @Test("an approved post can be downloaded before it is published; other posts cannot")
    func download() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        let publication = try await Self.publisher(school).publication(ofPost: post)
        #expect(try publication.files().map(\.name) == ["01.jpg", "caption.txt", "manifest.json"])
        #expect(publication.manifest.published_by == "head")
        #expect(try await PostService(home: school.home, user: school.amy).show(post).post.state == .approved, "downloading is not publishing")

        let queued = try await school.queuedPost(caption: "Sports day, the relay")
        await expectRefusal(.conflict, code: "post.state") { try await Self.publisher(school).publication(ofPost: queued) }
        await expectRefusal(.conflict, code: "post.state") { try await Self.publish(school, queued, to: MemoryOutbox()) }
        await expectRefusal(.notFound, code: "post.unknown") { try await Self.publisher(school).publication(ofPost: 99) }
        await expectRefusal(.forbidden) { try await Self.publisher(school, as: school.amy).publication(ofPost: post) }
    }

    @Test("a render changed after approval is never published")
    func renderChanged() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        let photo = try #require(try await PostService(home: school.home, user: school.amy).show(post).photos.first)
        let location = try #require(school.home.posts.renderLocation(of: photo))
        var bytes = try SafeFile.read(location, maxBytes: 10_000_000)
        bytes[bytes.count - 10] ^= 0x01
        chmod(location, 0o600)
        try Data(bytes).write(to: URL(fileURLWithPath: location))

        await expectRefusal(.integrity, code: "render.changed") { try await Self.publisher(school).publication(ofPost: post) }
        let outbox = MemoryOutbox()
        await expectRefusal(.integrity, code: "render.changed") { try await Self.publish(school, post, to: outbox) }
        #expect(outbox.names(ofPost: post).isEmpty)
        #expect(try await PostService(home: school.home, user: school.amy).show(post).post.state == .approved)
    }

    @Test("nothing is published from a home edited behind the audit log's back, and verify says what was edited")
    func editedBehindTheLog() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        try school.tamper("UPDATE user SET createdBy = 'amy' WHERE name = 'head'")
        let outbox = MemoryOutbox()
        let refused = await expectRefusal(.integrity, code: "audit.state") { try await Self.publish(school, post, to: outbox) }
        #expect(refused?.message.contains("user head") == true)
        #expect(outbox.names(ofPost: post).isEmpty)
        guard case let .stateDiffers(first, count) = try await AuditService(home: school.home, user: school.audrey).verify() else {
            Issue.record("verify finds the edit")
            return
        }
        #expect(count == 1 && first.kind == .changed && first.group.description == "user head")
    }

    @Test("publishing checks consent once more: a post whose decisions changed since approval goes back, unpublished")
    func publishRechecks() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        _ = try await TagService(home: school.home, user: school.amy).add(photo: school.groupPhoto, person: "P002", box: FaceServiceTests.faceBox(5))
        let outbox = MemoryOutbox()
        let outcome = try await Self.publish(school, post, to: outbox)
        #expect(!outcome.refusedBecause.isEmpty && outcome.images.isEmpty && !outcome.alreadyPublished)
        #expect(outbox.names(ofPost: post).isEmpty)
        #expect(try await PostService(home: school.home, user: school.amy).show(post).post.state == .returned)
    }

    @Test("a publication recorded but cut short before its files appeared is finished by the next run")
    func interruptedPublication() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        let outbox = MemoryOutbox(interruptNext: 1)
        await #expect(throws: MemoryOutbox.Interrupted.self) { try await Self.publish(school, post, to: outbox) }
        #expect(try await PostService(home: school.home, user: school.amy).show(post).post.state == .published)
        #expect(outbox.names(ofPost: post).isEmpty)

        let finished = try await Self.publish(school, post, to: outbox)
        #expect(finished.alreadyPublished && finished.finished && finished.images == ["01.jpg"])
        #expect(outbox.names(ofPost: post) == ["01.jpg", "caption.txt", "manifest.json"])
        #expect(try await school.actions().filter { $0 == "post.published" }.count == 1)
    }

    @Test("an unfinished publication whose post is now listed for takedown is not written")
    func interruptedThenWithdrawn() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        let outbox = MemoryOutbox(interruptNext: 1)
        await #expect(throws: MemoryOutbox.Interrupted.self) { try await Self.publish(school, post, to: outbox) }
        let imported = try await school.importConsent(ServiceSchool.consent(replacing: "P003,Clara,Oswald,pupil,yes,", with: "P003,Clara,Oswald,pupil,no,"))
        #expect(imported.takedownPosts == [post])
        await expectRefusal(.conflict, code: "post.takedown") { try await Self.publish(school, post, to: outbox) }
        #expect(outbox.names(ofPost: post).isEmpty)
    }

    @Test("something else where the post would go is never replaced")
    func outboxTaken() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        let outbox = MemoryOutbox()
        outbox.occupy(post: post, manifestOfPost: post + 1)
        await expectRefusal(.conflict, code: "outbox.taken") { try await Self.publish(school, post, to: outbox) }
        #expect(try await PostService(home: school.home, user: school.amy).show(post).post.state == .approved, "not recorded as published")
        #expect(outbox.names(ofPost: post) == ["manifest.json"])
    }

    // MARK: Consent consequences and takedowns

    @Test("a withdrawal lists a published post for takedown; the publisher confirms it is taken down")
    func takedown() async throws {
        let school = try await ServiceSchool.make()
        let post = try await school.approvedPost()
        let outbox = MemoryOutbox()
        _ = try await Self.publish(school, post, to: outbox)
        #expect(try await Self.publisher(school).publication(ofPost: post).post == post, "a published post can be downloaded")

        // Clara (P003) withdraws social media consent.
        let imported = try await school.importConsent(ServiceSchool.consent(replacing: "P003,Clara,Oswald,pupil,yes,", with: "P003,Clara,Oswald,pupil,no,"))
        #expect(imported.returnedPosts.isEmpty)
        #expect(imported.takedowns.map(\.postId) == [post] && imported.takedowns.map(\.personId) == ["P003"])
        let image = try #require(outbox.files(ofPost: post)["01.jpg"])
        #expect(imported.takedowns.first?.sha256 == Digest.sha256(image), "the image that shows her")
        // Listed for takedown, it is no longer offered: refused as such, not as a damaged record.
        await expectRefusal(.conflict, code: "post.takedown") { try await Self.publisher(school).publication(ofPost: post) }

        let takedowns = TakedownService(home: school.home, user: school.head)
        let outstanding = try await takedowns.outstanding()
        #expect(outstanding.map(\.takedown.personId) == ["P003"] && outstanding.map(\.post.id) == [post])
        #expect(try await TakedownService(home: school.home, user: school.audrey).outstanding().count == 1)
        await expectRefusal(.forbidden) { try await TakedownService(home: school.home, user: school.amy).outstanding() }
        await expectRefusal(.forbidden) { try await TakedownService(home: school.home, user: school.audrey).confirm(post, note: nil) }

        // The same list imported again lists nothing twice.
        #expect(try await school.importConsent(ServiceSchool.consent(replacing: "P003,Clara,Oswald,pupil,yes,", with: "P003,Clara,Oswald,pupil,no,")).takedowns.isEmpty)

        try await takedowns.confirm(post, note: "removed from Facebook")
        #expect(try await takedowns.outstanding().isEmpty)
        let takenDown = try await PostService(home: school.home, user: school.amy).show(post).post
        #expect(takenDown.state == .takenDown && takenDown.stateReason == "removed from Facebook")
        await expectRefusal(.conflict, code: "post.state") { try await takedowns.confirm(post, note: nil) }
        await expectRefusal(.notFound, code: "post.unknown") { try await takedowns.confirm(99, note: nil) }
        let actions = try await school.actions()
        #expect(actions.contains("takedown.listed") && actions.last == "post.taken-down")
    }

    @Test("consent that ends by its date lists a published post for takedown when the takedowns are next read, with no import")
    func expiredByDate() async throws {
        let school = try await ServiceSchool.make()
        let calendar = Calendar(identifier: .gregorian)
        let tomorrow = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: 1, to: Date())!)
        let day = String(format: "%04d-%02d-%02d", tomorrow.year!, tomorrow.month!, tomorrow.day!)
        // Clara's (P003) consent ends tomorrow.
        let dated = ServiceSchool.consent.split(separator: "\n").enumerated()
            .map { $0.offset == 0 ? $0.element + ",expires" : $0.element + ($0.element.hasPrefix("P003,") ? "," + day : ",") }
        _ = try await school.importConsent(Array((dated.joined(separator: "\n") + "\n").utf8), named: "dated.csv")
        let post = try await school.approvedPost()
        _ = try await Self.publish(school, post, to: MemoryOutbox())
        let takedowns = TakedownService(home: school.home, user: school.head)
        #expect(try await takedowns.outstanding().isEmpty, "consent still holds today")

        let later = calendar.date(byAdding: .day, value: 3, to: Date())!
        let outstanding = try await takedowns.outstanding(now: later)
        #expect(outstanding.map(\.takedown.personId) == ["P003"] && outstanding.map(\.post.id) == [post])
        #expect(outstanding.first?.takedown.reason.contains("expired on \(day)") == true, "\(outstanding)")
        #expect(try await takedowns.outstanding(now: later).count == 1, "listed once")
        #expect(try await school.actions().filter { $0 == "takedown.listed" }.count == 1)
        await expectRefusal(.conflict, code: "post.takedown") { try await Self.publisher(school).publication(ofPost: post, now: later) }
    }

    @Test("a withdrawal sends queued and approved posts back to their preparer with the reason")
    func withdrawalReturnsPosts() async throws {
        let school = try await ServiceSchool.make()
        let queued = try await school.queuedPost(caption: "Amelia Pond and friends")
        let approved = try await school.approvedPost(caption: "Sports day at Rose Lane, the relay")
        // Amelia (P001) withdraws consent to be named; Martha (P006) is now excluded.
        let sheet = ServiceSchool.consent(replacing: "P001,Amelia,Pond,pupil,yes,yes,yes,", with: "P001,Amelia,Pond,pupil,yes,yes,no,")
        let withExclusion = String(decoding: sheet, as: UTF8.self)
            .replacingOccurrences(of: "P006,Martha,Jones,pupil,yes,yes,no,", with: "P006,Martha,Jones,pupil,yes,yes,no,yes")
        let imported = try await school.importConsent(Array(withExclusion.utf8))
        #expect(imported.returnedPosts == [queued, approved] && imported.takedowns.isEmpty)
        #expect(imported.diff.namesWithdrawn == ["P001"] && imported.diff.exclusionsAdded == ["P006"])
        let posts = PostService(home: school.home, user: school.amy)
        #expect(try await posts.show(queued).post.state == .returned)
        #expect(try await posts.show(queued).post.stateReason?.contains("no consent to be named") == true)
        #expect(try await posts.show(approved).post.state == .returned)
        #expect(try await posts.show(approved).approvals.isEmpty, "approvals of a returned post stop counting")
    }

    // MARK: Audit

    @Test("the log verifies, with a head noted earlier; a head not in it is reported; only auditors and admins read it")
    func verify() async throws {
        let school = try await ServiceSchool.make()
        let audit = AuditService(home: school.home, user: school.audrey)
        let events = try await audit.events()
        let head = try #require(events.last?.hash)
        guard case let .intact(count, intactHead) = try await audit.verify() else {
            Issue.record("the school's log holds")
            return
        }
        #expect(count == events.count && intactHead == head)
        #expect(try await audit.verify(expectedHead: String(head.prefix(16)).uppercased()) == .intact(events: count, head: head))
        #expect(try await audit.verify(expectedHead: head) == .intact(events: count, head: head))
        guard case let .broken(eventID, reason) = try await audit.verify(expectedHead: head.hasPrefix("0") ? "1111111111111111" : "0000000000000000") else {
            Issue.record("a head that is not in the log is reported")
            return
        }
        #expect(eventID == 0 && reason.contains("is not in the log"))
        await expectRefusal(.invalid, code: "head.malformed") { try await audit.verify(expectedHead: String(head.prefix(15))) }
        await expectRefusal(.invalid, code: "head.malformed") { try await audit.verify(expectedHead: "not a hash at all") }
        await expectRefusal(.forbidden) { try await AuditService(home: school.home, user: school.amy).verify() }
        await expectRefusal(.forbidden) { try await AuditService(home: school.home, user: school.head).events() }
        #expect(try await AuditService(home: school.home, user: school.admin).events().count == events.count)
    }

    @Test("events since a time, and the whole log exported as CSV and JSON")
    func eventsAndExport() async throws {
        let school = try await ServiceSchool.make()
        let audit = AuditService(home: school.home, user: school.audrey)
        let before = try await audit.events()
        // A change dated a day ahead: every earlier event is before it, whatever the clock does.
        let mark = Date().addingTimeInterval(86_400)
        _ = try await SettingsService(home: school.home, user: school.admin).set(.redaction, to: "solid", now: mark)
        let since = try await audit.events(since: mark)
        #expect(since.map(\.action) == ["settings.changed"])
        #expect(try await audit.events(since: .distantFuture).isEmpty)
        let all = try await audit.events()
        #expect(all.count == before.count + 1 && all.map(\.id) == Array(1...Int64(all.count)))

        let csv = try await audit.export(.csv)
        let text = String(decoding: csv.bytes, as: UTF8.self)
        #expect(csv.events == all.count)
        #expect(text.hasPrefix("id,at,actor,action,subject,details,previous_hash,hash,state\r\n"))
        #expect(all.allSatisfy { text.contains($0.hash) })

        let json = try await audit.export(.json)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [[String: Any]])
        #expect(json.events == all.count && decoded.count == all.count)
        #expect(decoded.last?["action"] as? String == "settings.changed" && decoded.last?["previous_hash"] as? String == all[all.count - 2].hash)
        await expectRefusal(.forbidden) { try await AuditService(home: school.home, user: school.amy).export(.json) }
    }
}
