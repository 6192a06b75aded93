import Foundation
import PhotogateTestSupport
import Testing

/// `kill -9` at many moments of each step of a post's life (create, submit, approve,
/// publish, takedown confirm), each followed by a re-run: never half a post, never a folder in the
/// outbox for a post the record does not call published, no leftovers, no duplicates, and
/// the record verifies.
@Suite("Posts survive kill -9", .serialized)
struct PostKillTests {
    @Test("killed at many points, each step of a post's life leaves no half state, and a re-run finishes it")
    func postLife() throws {
        let (school, photo) = try PostCommandTests.school()
        let outbox = school.folder.path + "/outbox"
        func caption(_ trial: Int) -> String { "Sports day, trial \(trial)" }
        func create(_ trial: Int) -> [String] {
            ["post", "create", "--json", "--channel", "facebook", "--caption", caption(trial), "--checklist", PostCommandTests.checklist, photo]
        }

        // One clean run of each step first, to spread the kill moments over its length.
        func timed(as user: String, _ arguments: [String]) throws -> Double {
            var status: Int32 = -1
            let seconds = try KillSwitch.duration { status = try school.run(as: user, arguments).status }
            #expect(status == 0, "\(arguments)")
            return seconds
        }
        // The first create detects the faces (later ones reuse the detection): not timed.
        #expect(try school.run(as: "amy", create(0)).status == 0)
        let createTime = try timed(as: "amy", create(100))
        let approveTime = try timed(as: "head", ["approve", "1"])
        let publishTime = try timed(as: "pa", ["publish", "1", "--outbox", outbox])
        let confirmTime = try timed(as: "pa", ["takedowns", "confirm", "1"])

        // post create: killed, then the same command again makes the post once.
        let renders = school.path + "/renders"
        let createMoments = KillSwitch.spread(over: createTime, count: 6) + [
            .when("a render is staged") { SchoolHome.stagingLeftovers(under: renders).contains { $0.hasSuffix(".jpg") } },
            school.databaseWritten(), school.databaseWritten(delay: 0.003), school.databaseWritten(delay: 0.01),
        ]
        let tally = KillSwitch.Tally()
        for (index, moment) in createMoments.enumerated() {
            let trial = index + 1
            try school.killedRun(as: "amy", create(trial), at: moment, tally: tally)
            let made = try posts(school, caption: caption(trial))
            #expect(made.count <= 1 && made.allSatisfy { $0.state == "queued" }, "create \(moment): never a draft left half made: \(made)")
            try checkPostsHoldTogether(school)

            let rerun = try school.run(as: "amy", create(trial))
            #expect(rerun.status == 0, "create \(moment): \(rerun.stderr)")
            let after = try posts(school, caption: caption(trial))
            #expect(after.count == 1 && after.first?.state == "queued", "create \(moment): one post, queued: \(after)")
            #expect(((try rerun.json() as? [String: Any])?["post"] as? Int).map(Int64.init) == after.first?.id)
            try checkPostsHoldTogether(school, settled: true)
        }
        // Run again after it finished (its answer lost, as when killed just after it
        // committed): the same post, not a second.
        let again = try school.run(as: "amy", create(1))
        let answer = try #require(try again.json() as? [String: Any], "\(again.stderr)")
        #expect(answer["post"] as? Int == 3 && answer["status"] as? String == "queued" && answer["made_before"] as? Bool == true)
        #expect(try self.posts(school, caption: caption(1)).count == 1)

        let posts = createMoments.indices.map { Int64($0 + 3) }
        #expect(try school.sqlite("SELECT id FROM post WHERE id > 2 ORDER BY id").map { Int64($0)! } == posts, "no duplicate, no ghost")

        // post submit, of a draft that stays one (its caption names a child without consent):
        // its photo and render are swapped for new ones in one step, the old ones removed.
        let draft = try school.run(as: "amy", ["post", "create", "--json", "--channel", "facebook", "--caption", "Rory Williams wins!",
                                               "--checklist", PostCommandTests.checklist, photo])
        let draftID = try #require((try draft.json() as? [String: Any])?["post"] as? Int)
        let submitMoments = KillSwitch.spread(over: createTime, count: 3) + [
            .when("a render is staged") { SchoolHome.stagingLeftovers(under: renders).contains { $0.hasSuffix(".jpg") } },
            school.databaseWritten(), school.databaseWritten(delay: 0.003),
        ]
        for moment in submitMoments {
            try school.killedRun(as: "amy", ["post", "submit", String(draftID)], at: moment, tally: tally)
            try checkPostsHoldTogether(school)
            let rerun = try school.run(as: "amy", ["post", "submit", String(draftID)])
            #expect(rerun.status == 1 && rerun.stderr.contains("Rory Williams"), "submit \(moment): \(rerun.stderr)")
            #expect(try school.sqlite("SELECT state FROM post WHERE id = \(draftID)") == ["draft"])
            try checkPostsHoldTogether(school, settled: true)
        }

        // approve: the post is queued or approved, with as many approvals as its state says.
        let approveMoments = KillSwitch.spread(over: approveTime, count: 4) + [
            school.databaseWritten(), school.databaseWritten(delay: 0.003), school.databaseWritten(delay: 0.01),
        ]
        for (post, moment) in zip(posts, approveMoments) {
            try school.killedRun(as: "head", ["approve", String(post)], at: moment, tally: tally)
            try checkApproval(school, post: post, states: ["queued", "approved"])
            let rerun = try school.run(as: "head", ["approve", String(post)])
            #expect(rerun.status == 0 || rerun.stderr.contains("only a queued post is approved"), "approve \(moment): \(rerun.stderr)")
            try checkApproval(school, post: post, states: ["approved"])
        }

        // publish: a folder in the outbox only for a post recorded as published, and whole.
        let published = Array(posts.prefix(approveMoments.count))
        let publishMoments = KillSwitch.spread(over: publishTime, count: 3) + [
            .when("its staging folder appears") { !SchoolHome.stagingLeftovers(under: outbox).isEmpty },
            .when("a staged image is written") { SchoolHome.stagingLeftovers(under: outbox).contains { $0.hasSuffix("01.jpg") } },
            school.databaseWritten(), school.databaseWritten(delay: 0.005),
        ]
        for (post, moment) in zip(published, publishMoments) {
            try school.killedRun(as: "pa", ["publish", String(post), "--outbox", outbox], at: moment, tally: tally)
            let state = try school.sqlite("SELECT state FROM post WHERE id = \(post)")
            if FileManager.default.fileExists(atPath: outbox + "/\(post)") {
                #expect(state == ["published"], "publish \(moment): the outbox shows post \(post), which is \(state)")
                #expect(try outboxFolder(outbox, post) == ["01.jpg", "caption.txt", "manifest.json"])
            }
            let rerun = try school.run(as: "pa", ["publish", String(post), "--outbox", outbox])
            #expect(rerun.status == 0, "publish \(moment): \(rerun.stderr)")
            #expect(try school.sqlite("SELECT state FROM post WHERE id = \(post)") == ["published"])
            #expect(try outboxFolder(outbox, post) == ["01.jpg", "caption.txt", "manifest.json"], "publish \(moment)")
            let image = try #require(FileManager.default.contents(atPath: outbox + "/\(post)/01.jpg"))
            #expect([TestDigest.sha256(image)] == (try school.sqlite("SELECT renderSHA256 FROM postPhoto WHERE postId = \(post)")))
            #expect(SchoolHome.stagingLeftovers(under: outbox).isEmpty, "publish \(moment): nothing hidden is left in the outbox")
            #expect(try events(school, "post.published", post) == 1)
        }

        // Recorded as published, but the folder never appeared (killed between the two, or
        // lost): the next publish writes it, from the same approved render.
        let lost = try #require(published.first)
        let image = try #require(FileManager.default.contents(atPath: outbox + "/\(lost)/01.jpg"))
        try FileManager.default.removeItem(atPath: outbox + "/\(lost)")
        let finished = try school.run(as: "pa", ["publish", String(lost), "--outbox", outbox])
        #expect(finished.status == 0 && finished.stdout.contains("its folder was not there"), "\(finished.stderr)")
        #expect(FileManager.default.contents(atPath: outbox + "/\(lost)/01.jpg") == image)
        #expect(try outboxFolder(outbox, lost) == ["01.jpg", "caption.txt", "manifest.json"])
        #expect(try events(school, "post.published", lost) == 1)

        // takedowns confirm: published or taken down, recorded once.
        let confirmMoments = KillSwitch.spread(over: confirmTime, count: 3) + [school.databaseWritten(), school.databaseWritten(delay: 0.005)]
        for (post, moment) in zip(published, confirmMoments) {
            try school.killedRun(as: "pa", ["takedowns", "confirm", String(post)], at: moment, tally: tally)
            let state = try school.sqlite("SELECT state FROM post WHERE id = \(post)")
            #expect(try events(school, "post.taken-down", post) == (state == ["taken-down"] ? 1 : 0), "confirm \(moment)")
            let rerun = try school.run(as: "pa", ["takedowns", "confirm", String(post)])
            #expect(rerun.status == 0 || rerun.stderr.contains("only a published post can be taken down"), "confirm \(moment): \(rerun.stderr)")
            #expect(try school.sqlite("SELECT state FROM post WHERE id = \(post)") == ["taken-down"])
            #expect(try events(school, "post.taken-down", post) == 1)
        }

        #expect(tally.mostLanded, "the kills must land while the commands run: \(tally.missed)")
        #expect(SchoolHome.stagingLeftovers(under: school.path).isEmpty)
        #expect(try school.auditVerifies().status == 0)
    }

    struct PostRow: Equatable {
        var id: Int64
        var state: String
    }

    func posts(_ school: SchoolHome, caption: String) throws -> [PostRow] {
        try school.sqlite("SELECT id || ' ' || state FROM post WHERE caption = '\(caption)' ORDER BY id").map { line in
            let parts = line.split(separator: " ")
            return PostRow(id: Int64(parts[0])!, state: String(parts[1]))
        }
    }

    func events(_ school: SchoolHome, _ action: String, _ post: Int64) throws -> Int {
        Int(try school.sqlite("SELECT COUNT(*) FROM event WHERE action = '\(action)' AND subject = 'post \(post)'").first ?? "") ?? -1
    }

    func outboxFolder(_ outbox: String, _ post: Int64) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: outbox + "/\(post)"))
    }

    /// Every post has its photos, its renders on disk as recorded, and one event for each
    /// step; with `settled` (after a re-run), no render is left that no post records.
    func checkPostsHoldTogether(_ school: SchoolHome, settled: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for row in try school.sqlite("SELECT id FROM post") {
            let post = Int64(row)!
            #expect(try events(school, "post.created", post) == 1, "post \(post) has its creation on record", sourceLocation: sourceLocation)
            let photos = try school.sqlite("SELECT renderPath || ' ' || renderSHA256 FROM postPhoto WHERE postId = \(post)")
            #expect(photos.count == 1, "post \(post) has its photo", sourceLocation: sourceLocation)
            for photo in photos {
                let parts = photo.split(separator: " ")
                let bytes = FileManager.default.contents(atPath: school.path + "/" + parts[0])
                #expect(bytes.map(TestDigest.sha256) == String(parts[1]), "post \(post)'s render is on disk as recorded", sourceLocation: sourceLocation)
            }
        }
        guard settled else { return }
        let recorded = Set(try school.sqlite("SELECT renderPath FROM postPhoto"))
        let onDisk = (FileManager.default.enumerator(atPath: school.path + "/renders")?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".jpg") }.map { "renders/" + $0 }
        #expect(Set(onDisk) == recorded, "no render is left that no post records", sourceLocation: sourceLocation)
    }

    func checkApproval(_ school: SchoolHome, post: Int64, states: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let state = try #require(try school.sqlite("SELECT state FROM post WHERE id = \(post)").first, sourceLocation: sourceLocation)
        #expect(states.contains(state), "post \(post) is \(state)", sourceLocation: sourceLocation)
        let approvals = try school.sqlite("SELECT COUNT(*) FROM postApproval WHERE postId = \(post) AND void = 0")
        #expect(approvals == [state == "approved" ? "1" : "0"], "post \(post), \(state), has \(approvals) approvals", sourceLocation: sourceLocation)
        #expect(try events(school, "post.approved", post) == (state == "approved" ? 1 : 0), sourceLocation: sourceLocation)
    }
}
