import Foundation
import PhotogateTestSupport
import Testing

/// Posts from preparation to publication and takedown, through the real binary.
@Suite("photogate post, queue, approve, publish and takedowns")
struct PostCommandTests {
    static let checklist = "data-protection,checked-twice,consent,appropriate"

    /// A school with the faces suite's consent list and channels, a publisher, an approved
    /// phone, and the group photo (tagged by its photo software) ingested from it.
    static func school() throws -> (SchoolHome, String) {
        let school = try FaceCommandTests.school()
        _ = try school.add("pa", roles: "publisher")
        try school.addStandardDevices()
        let regions = FaceCommandTests.people.enumerated().map { FaceCommandTests.region($1, $0) }
        school.folder.write("phone/DCIM/IMG_1.JPG", try FaceCommandTests.groupPhoto(regions: regions))
        let ingest = try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return (school, school.folder.path + "/phone/DCIM/IMG_1.JPG")
    }

    func create(_ school: SchoolHome, _ photo: String, caption: String = "Sports day at Rose Lane", checklist: String = Self.checklist,
                channel: String = "facebook") throws -> (CommandResult, [String: Any]) {
        let result = try school.run(as: "amy", ["post", "create", "--json", "--channel", channel, "--caption", caption,
                                                "--checklist", checklist, photo])
        return (result, (try? result.json() as? [String: Any]) ?? [:])
    }

    @Test("a good post is queued; the queue shows each photo as it would be published")
    func queued() throws {
        let (school, photo) = try Self.school()
        let (result, outcome) = try create(school, photo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(outcome["post"] as? Int == 1 && outcome["status"] as? String == "queued")
        #expect((outcome["reasons"] as? [String])?.isEmpty == true)
        #expect(try school.run(as: "amy", ["queue"]).status == 3, "the queue is the approver's")
        let queue = try #require(try school.run(as: "head", ["queue", "--json"]).json() as? [[String: Any]])
        let entry = try #require(queue.first)
        #expect(entry["prepared_by"] as? String == "amy" && entry["next_step"] as? String == "approver")
        let photos = try #require(entry["photos"] as? [[String: Any]])
        let render = try #require(photos.first?["render"] as? String)
        #expect(try Exiftool.leftoverMetadata(in: render) == [])
        #expect(photos.first?["verdict"] as? String == "redacted")
        #expect((photos.first?["faces"] as? [[String: Any]])?.contains { $0["reason"] as? String == "no social media consent for P002" } == true)
    }

    @Test("refused with every reason: checklist, a caption naming a child without consent, a closed channel")
    func refused() throws {
        let (school, photo) = try Self.school()
        let (result, outcome) = try create(school, photo, caption: "Rory Williams wins!", checklist: "consent")
        #expect(result.status == 1)
        #expect(outcome["status"] as? String == "draft")
        let reasons = try #require(outcome["reasons"] as? [String])
        #expect(reasons.contains { $0.contains("Rory Williams (P002), who has no consent to be named") })
        #expect(reasons.filter { $0.contains("checklist is not complete") }.count == 3)
        #expect(try school.run(as: "admin", ["channel", "close", "website"]).status == 0)
        let (_, closed) = try create(school, photo, channel: "website")
        #expect((closed["reasons"] as? [String])?.contains("channel website is closed and takes no posts") == true)
        #expect(try school.run(as: "head", ["post", "create", "--channel", "facebook", "--caption", "x", photo]).status == 3, "posts are staff work")
    }

    @Test("a rejected photo refuses the post; fixing the tags and sending it again queues it")
    func fixAndResubmit() throws {
        let (school, photo) = try Self.school()
        // River (face 4) is tagged as the excluded Danny Pink by a staff member by mistake.
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P004", "--box", TestAssets.groupFaceBoxArgument(4)]).status == 0)
        let (_, outcome) = try create(school, photo)
        #expect(outcome["status"] as? String == "draft")
        #expect((outcome["reasons"] as? [String])?.first?.contains("photo 1 is rejected") == true)
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P004", "--remove"]).status == 0)
        let again = try school.run(as: "amy", ["post", "submit", "--json", "1"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect((try again.json() as? [String: Any])?["status"] as? String == "queued")
    }

    @Test("nobody approves their own post; approval re-checks and returns a post whose decisions changed")
    func approvalChecksAgain() throws {
        let (school, photo) = try Self.school()
        _ = try school.add("boss", roles: "staff,approver")
        // boss prepares a post (for the website: only amy posts on Facebook), and may not approve it.
        let prepared = try school.run(as: "boss", ["post", "create", "--json", "--channel", "website", "--caption", "Sports day",
                                                   "--checklist", Self.checklist, photo])
        #expect((try prepared.json() as? [String: Any])?["status"] as? String == "queued", "\(prepared.stderr)")
        let own = try school.run(as: "boss", ["approve", "1"])
        #expect(own.status == 3 && own.stderr.contains("nobody approves a post they prepared"))

        // A staff tag changes who is on a face after the post was queued: approval refuses it.
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P002", "--box", TestAssets.groupFaceBoxArgument(0)]).status == 0)
        let refused = try school.run(as: "head", ["approve", "1"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("P001 would now be blurred"))
        let shown = try school.run(as: "amy", ["post", "show", "1"])
        #expect(shown.stdout.contains("returned"))
        #expect(try school.run(as: "pa", ["publish", "1", "--outbox", school.folder.path + "/outbox"]).status == 2, "only approved posts are published")
    }

    @Test("a caption that writes a child's name with small-letter look-alikes, a skin tone or a split a reader reads through is refused")
    func captionNameBypasses() throws {
        let (school, photo) = try Self.school()
        for caption in ["Go R\u{043E}\u{0433}\u{0443}!", "Go Rory\u{1F3FB}!", "Well done Ro-\nry", "Well done Ro ry", "The Williams\u{1F3FB} family"] {
            let (result, outcome) = try create(school, photo, caption: caption)
            #expect(result.status == 1, "\(caption)")
            let reasons = (outcome["reasons"] as? [String]) ?? []
            #expect(reasons.contains { $0.contains("P002") && $0.contains("consent to be named") }, "\(caption): \(reasons)")
        }
        let (fine, outcome) = try create(school, photo, caption: "Well done Gregory and the team")
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(outcome["status"] as? String == "queued")
    }

    @Test("a two-step chain: each step by its role and by someone else")
    func chain() throws {
        let (school, photo) = try Self.school()
        _ = try school.add("linemanager", roles: "staff")
        #expect(try school.run(as: "admin", ["config", "set", "approval-chain", "staff,approver"]).status == 0)
        _ = try create(school, photo)
        #expect(try school.run(as: "head", ["approve", "1"]).status == 3, "the first step needs staff")
        let first = try school.run(as: "linemanager", ["approve", "1", "--note", "checked"])
        #expect(first.status == 0 && first.stdout.contains("Next: approver"), "\(first.stderr)")
        let second = try school.run(as: "head", ["approve", "1"])
        #expect(second.status == 0 && second.stdout.contains("Approved post 1"), "\(second.stderr)")
    }

    @Test("publishing writes the outbox once, verified; a withdrawal lists it for takedown; confirming takes it down")
    func publishAndTakedown() throws {
        let (school, photo) = try Self.school()
        _ = try create(school, photo)
        #expect(try school.run(as: "head", ["approve", "1", "--note", "lovely"]).status == 0)
        let outbox = school.folder.path + "/outbox"
        #expect(try school.run(as: "amy", ["publish", "1", "--outbox", outbox]).status == 3, "publishing is the publisher's")
        let published = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(published.status == 0, "\(published.stderr)")
        let folder = outbox + "/1"
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["01.jpg", "caption.txt", "manifest.json"])
        #expect(try String(contentsOfFile: folder + "/caption.txt", encoding: .utf8) == "Sports day at Rose Lane\n")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as? [String: Any])
        #expect(manifest["channel"] as? String == "facebook" && manifest["prepared_by"] as? String == "amy" && manifest["published_by"] as? String == "pa")
        #expect((manifest["approvers"] as? [[String: String]])?.first?["user"] == "head")
        let image = try #require((manifest["images"] as? [[String: String]])?.first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/01.jpg"))
        #expect(image["sha256"] == TestDigest.sha256(bytes))
        #expect(try Exiftool.leftoverMetadata(in: folder + "/01.jpg") == [])
        let again = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(again.status == 0 && again.stdout.contains("Nothing new was done"))

        // Clara (P003) withdraws social media consent.
        let withdrawn = FaceCommandTests.consent.replacingOccurrences(of: "P003,Clara,Oswald,pupil,yes", with: "P003,Clara,Oswald,pupil,no")
        let imported = try school.run(as: "admin", ["consent", "import", "--json", school.folder.write("v2.csv", Array(withdrawn.utf8))])
        #expect((try imported.json() as? [String: Any])?["takedowns"] as? [Int] == [1])
        let takedowns = try #require(try school.run(as: "pa", ["takedowns", "--json"]).json() as? [[String: Any]])
        #expect(takedowns.count == 1)
        #expect(takedowns[0]["person_id"] as? String == "P003" && takedowns[0]["channel"] as? String == "facebook")
        #expect(takedowns[0]["published_at"] is String && takedowns[0]["photo"] is String)
        #expect(try school.run(as: "amy", ["takedowns"]).status == 3)
        #expect(try school.run(as: "pa", ["takedowns", "confirm", "1", "--note", "removed from Facebook"]).status == 0)
        #expect((try school.run(as: "pa", ["takedowns", "--json"]).json() as? [Any])?.isEmpty == true)
        let log = try #require(try school.run(as: "audrey", ["audit", "log", "--json"]).json() as? [[String: Any]])
        let actions = log.compactMap { $0["action"] as? String }
        for action in ["post.created", "post.queued", "post.approved", "post.published", "takedown.listed", "post.taken-down"] {
            #expect(actions.contains(action), "\(action) is recorded")
        }
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
    }

    @Test("only its preparer sends a post again; only approved posters prepare for a channel")
    func whoSends() throws {
        let (school, photo) = try Self.school()
        _ = try school.add("bob", roles: "staff")
        let (_, draft) = try create(school, photo, checklist: "consent")
        #expect(draft["status"] as? String == "draft")
        #expect(try school.run(as: "bob", ["post", "submit", "1"]).status == 3)
        let notPoster = try school.run(as: "bob", ["post", "create", "--json", "--channel", "facebook", "--caption", "Sports day",
                                                   "--checklist", Self.checklist, photo])
        #expect((try notPoster.json() as? [String: Any])?["reasons"] as? [String] == ["bob is not one of the approved posters of facebook (amy)"])
    }

    @Test("publishing checks consent once more: a post whose decisions changed after approval goes back")
    func publishChecksAgain() throws {
        let (school, photo) = try Self.school()
        _ = try create(school, photo)
        #expect(try school.run(as: "head", ["approve", "1"]).status == 0)
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P002", "--box", TestAssets.groupFaceBoxArgument(5)]).status == 0)
        let outbox = school.folder.path + "/outbox"
        let refused = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not published"))
        #expect(!FileManager.default.fileExists(atPath: outbox + "/1"))
        #expect(try school.run(as: "amy", ["post", "show", "1"]).stdout.contains("returned"))
    }

    @Test("withdrawn consent to be named returns a post whose caption names the child")
    func nameConsentWithdrawn() throws {
        let (school, photo) = try Self.school()
        let (_, queued) = try create(school, photo, caption: "Amelia Pond and friends")
        #expect(queued["status"] as? String == "queued", "\(queued)")
        let withdrawn = FaceCommandTests.consent.replacingOccurrences(of: "P001,Amelia,Pond,pupil,yes,yes,yes,", with: "P001,Amelia,Pond,pupil,yes,yes,no,")
        let imported = try school.run(as: "admin", ["consent", "import", "--json", school.folder.write("v2.csv", Array(withdrawn.utf8))])
        #expect((try imported.json() as? [String: Any])?["returned_posts"] as? [Int] == [1])
        #expect(try school.run(as: "amy", ["post", "show", "1"]).stdout.contains("no consent to be named"))
    }

    @Test("a withdrawal sends queued and approved posts back to their preparer")
    func withdrawalReturnsPosts() throws {
        let (school, photo) = try Self.school()
        _ = try create(school, photo)
        // Another caption: the very same post made again is the first one, not a second.
        _ = try create(school, photo, caption: "Sports day at Rose Lane, the relay")
        #expect(try school.run(as: "head", ["approve", "2"]).status == 0)
        let excluded = FaceCommandTests.consent.replacingOccurrences(of: "P006,Martha,Jones,pupil,yes,yes,no,", with: "P006,Martha,Jones,pupil,yes,yes,no,yes")
        let imported = try school.run(as: "admin", ["consent", "import", "--json", school.folder.write("v2.csv", Array(excluded.utf8))])
        #expect((try imported.json() as? [String: Any])?["returned_posts"] as? [Int] == [1, 2])
        let posts = try #require(try school.run(as: "amy", ["post", "list", "--json"]).json() as? [[String: Any]])
        #expect(posts.map { $0["state"] as? String } == ["returned", "returned"])
        #expect(posts.map { $0["post"] as? Int } == [1, 2])
        let shown = try school.run(as: "amy", ["post", "show", "2"])
        #expect(shown.stdout.contains("P006 must no longer appear anywhere"))
    }

    @Test("two post create runs at the same moment make one post")
    func sameMoment() throws {
        let (school, photo) = try Self.school()
        for round in 1...3 {
            let caption = "Sports day, round \(round)"
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                let result = try? school.run(as: "amy", ["post", "create", "--json", "--channel", "facebook", "--caption", caption,
                                                         "--checklist", Self.checklist, photo])
                results.add(result)
            }
            let outcomes = results.all.compactMap { try? $0?.json() as? [String: Any] }
            #expect(outcomes.count == 2, "\(results.all.map { $0?.stderr ?? "did not run" })")
            #expect(Set(outcomes.compactMap { $0["post"] as? Int }).count == 1, "round \(round): \(outcomes)")
            #expect(outcomes.allSatisfy { $0["status"] as? String == "queued" })
            #expect(outcomes.filter { $0["made_before"] as? Bool == true }.count == 1, "round \(round): \(outcomes)")
            #expect(try school.sqlite("SELECT count(*) FROM post WHERE caption = '\(caption)'") == ["1"])
        }
        #expect(try school.sqlite("SELECT count(*) FROM event WHERE action = 'post.created'") == ["3"])
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
    }

    /// Results of runs made at once.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [CommandResult?] = []
        var all: [CommandResult?] { lock.withLock { results } }
        func add(_ result: CommandResult?) { lock.withLock { results.append(result) } }
    }

    @Test("a publication is written only where it was published: another outbox gets nothing, and says where it went")
    func publishedElsewhere() throws {
        let (school, photo) = try Self.school()
        _ = try create(school, photo)
        #expect(try school.run(as: "head", ["approve", "1"]).status == 0)
        let outbox = school.folder.path + "/outbox", other = school.folder.path + "/other-outbox"
        #expect(try school.run(as: "pa", ["publish", "1", "--outbox", outbox]).status == 0)
        try FileManager.default.removeItem(atPath: outbox + "/1")
        let elsewhere = try school.run(as: "pa", ["publish", "1", "--outbox", other])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(elsewhere.stdout.contains("already published, to \(outbox)/1") && elsewhere.stdout.contains("nothing was written to \(other)/1"),
                "\(elsewhere.stdout)")
        #expect(!FileManager.default.fileExists(atPath: other + "/1") && !FileManager.default.fileExists(atPath: outbox + "/1"))

        let again = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("its folder was not there") && again.stdout.contains("passed every check again as of today"), "\(again.stdout)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: outbox + "/1")) == ["01.jpg", "caption.txt", "manifest.json"])
    }

    @Test("a publication whose folder is missing is not written again when it would not pass today's checks")
    func missingFolderChecksAgain() throws {
        let (school, photo) = try Self.school()
        _ = try create(school, photo)
        #expect(try school.run(as: "head", ["approve", "1"]).status == 0)
        let outbox = school.folder.path + "/outbox"
        #expect(try school.run(as: "pa", ["publish", "1", "--outbox", outbox]).status == 0)
        try FileManager.default.removeItem(atPath: outbox + "/1")
        // Since it went out, staff said the face kept as Amelia's is Rory's, who has no consent here.
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P002", "--box", TestAssets.groupFaceBoxArgument(0)]).status == 0)
        let events = try school.sqlite("SELECT count(*) FROM event")
        let refused = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is recorded as published to \(outbox)/1, but its folder is not there; it is not written again, because it would not pass today's checks"),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("P001 would now be blurred"))
        #expect(!FileManager.default.fileExists(atPath: outbox + "/1"))
        #expect(try school.sqlite("SELECT count(*) FROM event") == events, "nothing was recorded")

        // Consent withdrawn since: listed for takedown, and not written either.
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P002", "--remove"]).status == 0)
        let withdrawn = FaceCommandTests.consent.replacingOccurrences(of: "P003,Clara,Oswald,pupil,yes", with: "P003,Clara,Oswald,pupil,no")
        #expect(try school.run(as: "admin", ["consent", "import", school.folder.write("v2.csv", Array(withdrawn.utf8))]).status == 0)
        let listed = try school.run(as: "pa", ["publish", "1", "--outbox", outbox])
        #expect(listed.status == 2 && listed.stderr.contains("because it is listed for takedown"), "\(listed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outbox + "/1"))
    }

    @Test("a sidecar written beside a photo after it was ingested: post create and tag refuse the file until it is ingested with it")
    func sidecarAfterIngest() throws {
        let (school, photo) = try Self.school()
        // Someone adds a sidecar naming the first face as Danny Pink (P004, excluded).
        let sidecar = XMPPackets.mwgRegions([FaceCommandTests.region("Danny Pink", 0)], width: 1280, height: 886)
        school.folder.write("phone/DCIM/IMG_1.JPG.xmp", Array(sidecar.utf8))
        let checked = try school.run(as: "amy", ["check", "--json", "--channel", "facebook", photo])
        #expect((try checked.json() as? [[String: Any]])?.first?["verdict"] as? String != "redacted", "the file and its sidecar are not publishable")

        let (created, _) = try create(school, photo)
        #expect(created.status == 2)
        #expect(created.stderr.contains("IMG_1.JPG.xmp beside \(photo) is not a sidecar the photo was ingested with"), "\(created.stderr)")
        #expect(created.stderr.contains("ingest the photo again together with its sidecar") && created.stderr.contains("photogate ingest"))
        #expect(created.stderrLines.count == 1)
        let tagged = try school.run(as: "amy", ["tag", photo, "--person", "P007"])
        #expect(tagged.status == 2 && tagged.stderr.contains("is not a sidecar the photo was ingested with"), "\(tagged.stderr)")
        #expect(try school.sqlite("SELECT count(*) FROM post") == ["0"])
        #expect(try school.sqlite("SELECT count(*) FROM tag") == ["0"])

        // Ingested again with its sidecar: every command reads the same tags, and the post is refused for them.
        let ingested = try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let (again, outcome) = try create(school, photo)
        #expect(again.status == 1, "\(again.stderr)")
        #expect(outcome["status"] as? String == "draft")
        #expect((outcome["reasons"] as? [String])?.first?.hasPrefix("photo 1 is") == true, "\(outcome)")
    }
}
