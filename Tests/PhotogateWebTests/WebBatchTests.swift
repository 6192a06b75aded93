import Foundation
import HTTPTypes
import PhotogateCore
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import PhotogateWeb
import Testing

@Suite("The office's batches in the browser: uploads, their limits, the grid, tagging a face, and a restart")
struct WebBatchTests {
    /// The group photo as a phone nobody tagged on would hold it: new to the vault.
    static func untaggedPhoto() throws -> [UInt8] {
        try GroupPhoto.jpeg(regions: [])
    }

    static func batchID(_ location: String?) throws -> String {
        let location = try #require(location)
        #expect(location.hasPrefix("/batches/"))
        return String(location.dropFirst("/batches/".count))
    }

    @Test("a batch streams into the home, is ingested and checked, and its grid shows each verdict; refused files get their line")
    func batch() async throws {
        let web = try await WebSchool.make()
        let photo = try Self.untaggedPhoto()
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let sent = try await amy.upload("/batches", [("device", "amy-phone"), ("channel", "facebook")],
                                            files: [("DCIM/100APPLE/IMG_0007.JPG", photo), ("notes.jpg", Array("a shopping list".utf8)),
                                                    (".secret.jpg", photo)])
            #expect(sent.status == .seeOther)
            let id = try Self.batchID(sent.location)
            let page = try await amy.waitFor("Done:", on: "/batches/\(id)")
            #expect(page.html.contains("Done: 1 photos checked, 2 refused"), "\(page.html)")
            #expect(page.html.contains("notes.jpg") && page.html.contains("it is a hidden file"))
            #expect(page.html.contains("photo-card rejected") && page.html.contains("has no social media consent"),
                    "nobody is tagged: the main subject has no consent")
            #expect(page.html.contains("delete them from it"), "a personal phone's deletion duty is said")
            let job = try #require(web.school.home.batchJobs.job(id: id))
            #expect(job.stage == .done && job.photos.map(\.name) == ["DCIM/100APPLE/IMG_0007.JPG"])
            #expect(!FileManager.default.fileExists(atPath: web.school.root + "/batch-jobs/\(id)"), "the uploaded originals are gone")
            let ingestID = try #require(job.ingestBatch)
            let ingest = try #require(try await web.school.home.batches.batch(id: ingestID))
            #expect(ingest.deviceId == "amy-phone" && ingest.deletionDeadline != nil)
            let review = try await amy.get("/batches/\(id)?show=clear")
            #expect(!review.html.contains("photo-card rejected"), "the filter shows only its verdict")
        }
    }

    @Test("tagging a face on the photo's page decides the photo again at once, and the batch's grid follows")
    func tagging() async throws {
        let web = try await WebSchool.make()
        let photo = try Self.untaggedPhoto()
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let id = try Self.batchID(try await amy.upload("/batches", [("device", "amy-phone"), ("channel", "facebook")],
                                                           files: [("IMG_0007.JPG", photo)]).location)
            _ = try await amy.waitFor("Done:", on: "/batches/\(id)")
            let checked = try #require(web.school.home.batchJobs.job(id: id))
            let sha256 = try #require(checked.photos.first?.sha256)
            let before = try await amy.get("/photos/\(sha256)?channel=facebook&batch=\(id)")
            #expect(before.status == .ok && before.html.components(separatedBy: "<rect class=\"box blur\"").count - 1 == 6, "six faces, all blurred")
            #expect(web.school.home.batchJobs.job(id: id) == checked, "looking at a photo changes nothing")

            // Each face by its number, everyone with consent; Martha (P006) on two faces.
            for (face, person) in ["P001", "P003", "P005", "P006", "Martha Jones", "P007"].enumerated() where person != "Martha Jones" {
                let tagged = try await amy.post("/photos/\(sha256)/tags", [("face", String(face)), ("person", person), ("channel", "facebook"), ("batch", id)])
                #expect(tagged.status == .seeOther && tagged.location?.contains("tagged=\(person)") == true, "\(person): \(tagged.html)")
            }
            let byName = try await amy.post("/photos/\(sha256)/tags", [("face", "4"), ("person", "Martha Jones"), ("channel", "facebook"), ("batch", id)])
            #expect(byName.location?.contains("tagged=P006") == true, "a name typed is the person it names")
            let ambiguous = try await amy.post("/photos/\(sha256)/tags", [("face", "4"), ("person", "Sam Smith"), ("channel", "facebook")])
            #expect(ambiguous.status == .badRequest && ambiguous.html.contains("could be"), "two Sam Smiths: choose from the list")
            let badBox = try await amy.post("/photos/\(sha256)/tags", [("box", "1,2,nan,4"), ("person", "P001"), ("channel", "facebook")])
            #expect(badBox.status == .badRequest)

            let after = try await amy.get("/photos/\(sha256)?channel=facebook&batch=\(id)")
            #expect(after.html.contains("Amelia Pond (P001)") && after.html.contains("P006 is tagged on more than one face")
                        && after.html.contains("class=\"verdict review\""), "P006 is on faces 4 and 5: a person decides: \(after.html)")
            #expect(after.html.contains("box decide"), "the two faces in doubt are amber")
            let grid = try await amy.get("/batches/\(id)")
            #expect(grid.html.contains("photo-card review"), "the grid shows the photo's verdict now")

            let removed = try await amy.post("/photos/\(sha256)/tags/remove", [("person", "P006"), ("channel", "facebook"), ("batch", id)])
            #expect(removed.status == .seeOther)
            #expect(web.school.home.batchJobs.job(id: id)?.photos.first?.verdict != .review,
                    "taking the doubled tag off decides the photo again, and the grid follows before anyone looks")
            let published = try await amy.get("/photos/\(sha256)/published.jpg?channel=facebook")
            #expect(published.status == .ok && published.headers[.contentType] == "image/jpeg")
        }
    }

    @Test("a pupil's name readable on a photo is boxed in blue with its reason on the photo's page and in the head's queue")
    func namesInPhotos() async throws {
        let web = try await WebSchool.make()
        let card = try TextPhoto(["Certificate of Achievement", "presented to", "Clara Oswald"], size: 40, x: 300, y: 400, background: TextPhoto.plainWall)
        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let id = try Self.batchID(try await amy.upload("/batches", [("device", "amy-phone"), ("channel", "facebook")],
                                                           files: [("IMG_0009.JPG", card.bytes)]).location)
            _ = try await amy.waitFor("Done:", on: "/batches/\(id)")
            let sha256 = try #require(web.school.home.batchJobs.job(id: id)?.photos.first?.sha256)
            let page = try await amy.get("/photos/\(sha256)?channel=facebook&batch=\(id)")
            #expect(page.html.components(separatedBy: "<rect class=\"box text\"").count - 1 == 1, "one name boxed: \(page.html)")
            #expect(page.html.contains("Name 1 readable in the photo") && page.html.contains("the name Clara Oswald is readable on the photo (certificate, "))

            let post = try await PostService(home: web.school.home, user: web.school.amy).create(
                channel: "facebook", caption: "Well done, Year 6", checklist: ServiceSchool.checklist, photos: [sha256], engine: ServiceSchool.engine)
            #expect(post.state == .queued, "\(post.reasons)")
            let head = browser()
            _ = try await head.signIn("head")
            let queue = try await head.get("/queue")
            #expect(queue.html.contains("<rect class=\"box text\"") && queue.html.contains("Names readable in the photo"), "\(queue.html)")
            #expect(queue.html.contains("Name 1 (blurred)"))
        }
    }

    @Test("an upload without this session's token, from an unusable device, or over a limit keeps nothing and starts nothing")
    func refusedUploads() async throws {
        let web = try await WebSchool.make()
        let photo = try Self.untaggedPhoto()
        let limits = UploadLimits(fileBytes: 100_000, requestBytes: 400_000, files: 3)
        let ingestEvents = { try await web.school.actions().filter { $0.hasPrefix("ingest") || $0.hasPrefix("batch") } }
        let before = try await ingestEvents()
        try await web.serve(uploadLimits: limits) { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let fields = [("device", "amy-phone"), ("channel", "facebook")]
            let small = Array(photo.prefix(1000))
            #expect(try await amy.upload("/batches", fields, files: [("a.jpg", small)], csrf: "").status == .forbidden)
            #expect(try await amy.upload("/batches", fields, files: [("a.jpg", small)], csrf: String(repeating: "0", count: 64)).status == .forbidden)
            #expect(try await amy.upload("/batches", [("device", "nope"), ("channel", "facebook")], files: [("a.jpg", small)]).status == .badRequest)
            #expect(try await amy.upload("/batches", [("device", "amy-phone"), ("channel", "closed-or-not")], files: [("a.jpg", small)]).status == .badRequest)
            #expect(try await amy.upload("/batches", fields, files: (1...4).map { ("\($0).jpg", small) }).status == .contentTooLarge)
            #expect(try await amy.upload("/batches", fields, files: [("a.jpg", Array(repeating: 1, count: 99_000)),
                                                                    ("b.jpg", Array(repeating: 1, count: 99_000)),
                                                                    ("c.jpg", Array(repeating: 1, count: 99_000)),
                                                                    ("d.jpg", Array(repeating: 1, count: 99_000)),
                                                                    ("e.jpg", Array(repeating: 1, count: 99_000))].prefix(3) + [("f.jpg", Array(repeating: 1, count: 150_000))]).status
                        == .contentTooLarge)
            let tooBig = try await amy.upload("/batches", fields, files: [("big.jpg", photo)])
            #expect(tooBig.status == .badRequest && tooBig.html.contains("big.jpg: it is larger than"), "a file over the limit is refused by name")
            let anyone = try await amy.upload("/batches", fields, files: [])
            #expect(anyone.status == .badRequest && anyone.html.contains("Choose the photos"))

            let head = browser()
            _ = try await head.signIn("head")
            #expect(try await head.upload("/batches", fields, files: [("a.jpg", small)]).status == .forbidden, "only staff bring photos in")
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: web.school.root + "/batch-jobs")) ?? []
        #expect(left.isEmpty, "nothing kept: \(left)")
        #expect(try await ingestEvents() == before, "nothing ingested")
    }

    @Test("a server stopped mid-batch finishes it on its next start: an interrupted ingest runs again, a check goes on")
    func resumedAfterRestart() async throws {
        let web = try await WebSchool.make()
        let jobs = web.school.home.batchJobs
        // Stopped while ingesting: the upload is there, no photo recorded yet.
        var ingesting = BatchJob(id: BatchJobs.newID(), device: "amy-phone", channel: "facebook", user: "amy", createdAt: Date(), files: ["IMG_0007.JPG"])
        try Data(try Self.untaggedPhoto()).write(to: URL(fileURLWithPath: try jobs.uploadFolder(of: ingesting.id) + "/IMG_0007.JPG"))
        ingesting.ingested = 0
        try jobs.save(ingesting)
        // Stopped while checking: its photo is in the vault, not checked yet.
        var checking = BatchJob(id: BatchJobs.newID(), device: "amy-phone", channel: "facebook", user: "amy",
                                createdAt: Date().addingTimeInterval(-60), files: ["IMG_1.JPG"])
        checking.stage = .checking
        checking.photos = [BatchJob.Photo(sha256: web.school.groupPhoto, name: "IMG_1.JPG")]
        try jobs.save(checking)
        let (ingestingID, checkingID) = (ingesting.id, checking.id)
        // An upload cut off with its request: no job was saved for it.
        let abandoned = BatchJobs.newID()
        try Data("half a photo".utf8).write(to: URL(fileURLWithPath: try jobs.uploadFolder(of: abandoned) + "/IMG_9.JPG"))

        try await web.serve { browser in
            let amy = browser()
            _ = try await amy.signIn("amy")
            let first = try await amy.waitFor("Done:", on: "/batches/\(ingestingID)")
            #expect(first.html.contains("Done: 1 photos checked, 0 refused"), "\(first.html)")
            let second = try await amy.waitFor("Done:", on: "/batches/\(checkingID)")
            #expect(second.html.contains("photo-card redacted"), "the group photo as tagged: Rory's face blurred")
        }
        #expect(!FileManager.default.fileExists(atPath: web.school.root + "/batch-jobs/\(abandoned)"), "an abandoned upload is removed")
        #expect(!FileManager.default.fileExists(atPath: web.school.root + "/batch-jobs/\(ingesting.id)"))
    }

    @Test("batches and photos answer each role as the Permission table says, and a pupil's name is always text")
    func rolesAndEscaping() async throws {
        let web = try await WebSchool.make()
        _ = try await web.school.importConsent(ServiceSchool.consent(replacing: "P003,Clara,Oswald", with: "P003,<script>alert(1)</script>,Oswald"))
        let photo = "/photos/\(web.school.groupPhoto)?channel=facebook"
        let expected: [String: [String: HTTPResponse.Status]] = [
            "amy": ["/batches": .ok, "/batches/new": .ok, photo: .ok],
            "head": ["/batches": .ok, "/batches/new": .forbidden, photo: .ok],
            "audrey": ["/batches": .forbidden, "/batches/new": .forbidden, photo: .forbidden],
        ]
        try await web.serve { browser in
            for (name, pages) in expected {
                let person = browser()
                _ = try await person.signIn(name)
                for (path, status) in pages {
                    #expect(try await person.get(path).status == status, "\(name) \(path)")
                }
                let menu = try await person.get("/").html
                #expect(menu.contains("href=\"/batches\"") == (name == "amy"), "\(name)'s menu")
                if name != "amy" {
                    let tag = try await person.post("/photos/\(web.school.groupPhoto)/tags", [("face", "0"), ("person", "P001"), ("channel", "facebook")])
                    #expect(tag.status == .forbidden, "\(name) tagging")
                }
            }
            let amy = browser()
            _ = try await amy.signIn("amy")
            let page = try await amy.get(photo)
            #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.html.contains("<script>alert"), "a name is text, never markup")
        }
    }

    @Test("five wrong passwords lock a name for a while, saying the same for a name nobody has; an idle session ends")
    func lockoutAndTimeout() async throws {
        let web = try await WebSchool.make()
        try await web.serve { browser in
            let guesser = browser()
            for _ in 1...5 {
                _ = try await guesser.signIn("amy", password: "wrong-guess-at-it")
                _ = try await guesser.signIn("nobody", password: "wrong-guess-at-it")
            }
            let locked = try await guesser.signIn("amy")
            let lockedNobody = try await guesser.signIn("nobody", password: "anything-at-all")
            #expect(locked.status == .unauthorized && locked.html.contains("try again after"), "\(locked.html)")
            #expect(lockedNobody.status == .unauthorized && lockedNobody.html.contains("try again after"))

            let head = browser()
            #expect(try await head.signIn("head").status == .seeOther)
            #expect(try await head.get("/queue").status == .ok)
            try web.school.tamper("UPDATE webSession SET expiresAt = '2000-01-01 00:00:00.000'")
            let after = try await head.get("/queue")
            #expect(after.status == .seeOther && after.location?.hasPrefix("/login") == true, "an expired session signs the person out")
        }
        #expect(try await web.school.actions().contains("signin.locked"))
    }
}
