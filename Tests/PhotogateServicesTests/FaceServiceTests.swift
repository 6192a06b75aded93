import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

@Suite("Checking photos, previews, tags and finding vault photos")
struct FaceServiceTests {
    static func faces(_ school: ServiceSchool) -> FaceService {
        FaceService(home: school.home, user: school.amy, engine: ServiceSchool.engine)
    }

    /// A photo a front end gives, with no sidecar.
    static func given(_ label: String, _ bytes: [UInt8]) -> PhotoInput {
        PhotoInput(label: label) { () throws(InputRejection) -> PhotoWithSidecars in
            PhotoWithSidecars(file: try PhotoFile(path: label, bytes: bytes), sidecars: [])
        }
    }

    /// The group photo as its photo software tagged it (the bytes the school ingested).
    static func taggedGroupPhoto() throws -> [UInt8] {
        try GroupPhoto.jpeg(regions: ServiceSchool.people.enumerated().map { GroupPhoto.region($1, $0) })
    }

    /// How many of the six labelled faces a decision keeps visible.
    static func keptLabelledFaces(_ decision: PhotoDecision?) -> Int {
        TestAssets.found(TestAssets.groupFaces, in: decision?.faces.filter { $0.action == .keep }.map(\.box) ?? [])
    }

    @Test("each photo given gets its outcome in order: tagged faces with consent kept, the rest blurred, with reasons; renders go to the sink")
    func checkGivenPhotos() async throws {
        let school = try await ServiceSchool.make()
        let sink = MemorySink()
        let outcomes = try await Self.faces(school).check(channel: "facebook", photos: [
            Self.given("IMG_1.JPG", try Self.taggedGroupPhoto()), .refused("missing.jpg", .notFound), Self.given("notes.jpg", Array("hello".utf8)),
        ], renderingInto: sink)
        #expect(outcomes.map(\.photo) == ["IMG_1.JPG", "missing.jpg", "notes.jpg"])

        let group = outcomes[0]
        #expect(group.sha256 == school.groupPhoto && group.width == 1280 && group.height == 886)
        let decision = try #require(group.decision)
        #expect(decision.verdict == .redacted && group.isPublishable)
        let rory = try #require(decision.faces.first { $0.person == "P002" })
        #expect(rory.action == .blur && rory.reason == "no social media consent for P002")
        #expect(Self.keptLabelledFaces(decision) == 5)
        #expect(decision.blurred.allSatisfy { $0.person == "P002" || $0.reason == "untagged face" })
        #expect(group.output == "render 0")

        #expect(outcomes[1].rejection == .notFound && outcomes[1].decision == nil && outcomes[1].output == nil)
        #expect(outcomes[2].rejection != nil && outcomes[2].decision == nil && !outcomes[2].isPublishable)

        #expect(Array(sink.renders.keys) == [0], "only a photo that was checked is rendered")
        let render = try #require(sink.renders[0])
        try CleanJPEGVerifier.verify(render, expectedSize: (width: 1280, height: 886))

        // For the website, where Rory has consent, every tagged face stays.
        let website = try await Self.faces(school).check(channel: "website", photos: [Self.given("IMG_1.JPG", try Self.taggedGroupPhoto())])
        #expect(Self.keptLabelledFaces(website.first?.decision) == 6)
    }

    @Test("a JPEG with zeros over its compressed data is refused for one reason by the check, sanitize, inspect-and-decode and ingest services")
    func zeroedPhoto() async throws {
        let school = try await ServiceSchool.make()
        let zeroed = JPEGSegments.overwritingScanData(of: try GroupPhoto.jpeg(regions: []), count: 200)
        let rejection = InputRejection.corrupt("Corrupt JPEG data: premature end of data segment")

        let checked = try await Self.faces(school).check(channel: "website", photos: [Self.given("IMG_9.JPG", zeroed)])
        #expect(checked.first?.rejection == rejection && checked.first?.decision == nil)
        let sanitized = await SanitizeService().run([Self.given("IMG_9.JPG", zeroed)], into: MemorySink())
        #expect(sanitized.first?.rejection == rejection)
        #expect(throws: rejection) { try PhotoInspector.inspectAndDecode(try PhotoFile(path: "IMG_9.JPG", bytes: zeroed), limits: .standard) }
        let summary = try await IngestService(home: school.home, user: school.amy)
            .run(device: "amy-phone", from: MemoryCard([.init("DCIM/IMG_9.JPG", zeroed)]), deleteFromDevice: false)
        #expect(summary.accepted.isEmpty && summary.rejected.map(\.reason) == [rejection.message])
    }

    @Test("a batch is checked from the vault, named as it came from the device")
    func checkBatch() async throws {
        let school = try await ServiceSchool.make()
        let faces = Self.faces(school)
        let outcomes = try await faces.check(channel: "facebook", batch: 1)
        #expect(outcomes.map(\.photo) == ["IMG_1.JPG"])
        #expect(outcomes.first?.sha256 == school.groupPhoto && outcomes.first?.decision?.verdict == .redacted)
        #expect(try await faces.sourceNames(ofBatch: 1) == ["DCIM/IMG_1.JPG"])
        await expectRefusal(.notFound, code: "batch.unknown") { try await faces.check(channel: "facebook", batch: 42) }
    }

    @Test("checking needs an open channel that exists, and a role that checks photos")
    func checkRefusals() async throws {
        let school = try await ServiceSchool.make()
        let photo = [Self.given("IMG_1.JPG", try Self.taggedGroupPhoto())]
        await expectRefusal(.notFound, code: "channel.unknown") { try await Self.faces(school).check(channel: "radio", photos: photo) }
        _ = try await ChannelService(home: school.home, user: school.admin).close("website")
        await expectRefusal(.conflict, code: "channel.closed") { try await Self.faces(school).check(channel: "website", photos: photo) }
        await expectRefusal(.forbidden) {
            try await FaceService(home: school.home, user: school.audrey, engine: ServiceSchool.engine).check(channel: "facebook", photos: photo)
        }
    }

    @Test("faces are found once per photo and detection setting, and kept on the record")
    func detectionKept() async throws {
        let school = try await ServiceSchool.make()
        let bytes = try TestAssets.bytes("astronaut.png")
        let sha256 = Digest.sha256(bytes)
        let settings = try await school.home.settings.current().detection
        let key = FaceEngine.detectionKey(for: settings)
        #expect(try await school.home.photos.detection(of: sha256, settings: key) == nil)

        let first = try await Self.faces(school).check(channel: "website", photos: [Self.given("astronaut.png", bytes)])
        let kept = try #require(try await school.home.photos.detection(of: sha256, settings: key))
        #expect(kept.count == 1, "one face")
        #expect(first.first?.decision?.faces.map(\.box) == kept.map(\.box))
        let second = try await Self.faces(school).check(channel: "website", photos: [Self.given("astronaut.png", bytes)])
        #expect(second.first?.decision == first.first?.decision)
        let detections = try await school.home.audit.events(since: nil).filter { $0.action == "faces.detected" && $0.subject == sha256 }
        #expect(detections.count == 1, "the second check used what the first found")
        // Nobody tagged the astronaut, who fills the frame: the photo is rejected.
        #expect(first.first?.decision?.verdict == .rejected)
    }

    @Test("a preview is the photo as published with each face's box drawn; an unreadable photo has none")
    func preview() async throws {
        let school = try await ServiceSchool.make()
        let faces = Self.faces(school)
        let (outcome, jpeg) = try await faces.preview(.vault(sha256: school.groupPhoto, label: "IMG_1.JPG"), channel: "facebook")
        #expect(outcome.photo == "IMG_1.JPG" && outcome.decision?.verdict == .redacted)
        try CleanJPEGVerifier.verify(jpeg, expectedSize: (width: 1280, height: 886))
        let unreadable = await expectRefusal(.invalid, code: "photo.unreadable") {
            try await faces.preview(.given(.refused("gone.jpg", .notFound)), channel: "facebook")
        }
        #expect(unreadable?.message.hasPrefix("gone.jpg ") == true)
    }

    // MARK: Tags

    static func faceBox(_ index: Int) -> Box {
        let face = TestAssets.groupFaces[index]
        return Box(x: face.x.rounded(), y: face.y.rounded(), width: face.width.rounded(), height: face.height.rounded())
    }

    @Test("a staff tag changes the verdict; the same tag is not added twice; removing it restores the verdict")
    func tagAddAndRemove() async throws {
        let school = try await ServiceSchool.make()
        let tags = TagService(home: school.home, user: school.amy)
        // River's face (4) tagged as Danny Pink, who is excluded, by mistake.
        let tag = try await tags.add(photo: school.groupPhoto, person: "p004", box: Self.faceBox(4))
        #expect(tag.person == "P004" && tag.addedBy == "amy" && tag.id != nil)
        let again = try await tags.add(photo: school.groupPhoto, person: "P004", box: Self.faceBox(4))
        #expect(again.id == tag.id, "the very same tag in force is not added again")
        #expect(try await school.home.photos.tags(of: school.groupPhoto).count == 1)

        let rejected = try await Self.faces(school).check(channel: "facebook", batch: 1).first?.decision
        #expect(rejected?.verdict == .rejected)
        #expect(rejected?.reasons.contains("excluded person tagged (P004)") == true)

        #expect(try await tags.remove(photo: school.groupPhoto, person: "P004") == 1)
        #expect(try await Self.faces(school).check(channel: "facebook", batch: 1).first?.decision?.verdict == .redacted)
        await expectRefusal(.notFound, code: "tag.unknown") { try await tags.remove(photo: school.groupPhoto, person: "P004") }
        let actions = try await school.actions()
        #expect(actions.filter { $0 == "tag.added" }.count == 1 && actions.filter { $0 == "tag.removed" }.count == 1)
    }

    @Test("a tag names someone on the list, on a vault photo, inside the photo; only staff and admins tag")
    func tagRefusals() async throws {
        let school = try await ServiceSchool.make()
        let tags = TagService(home: school.home, user: school.amy)
        await expectRefusal(.notFound, code: "person.unknown") { try await tags.add(photo: school.groupPhoto, person: "P999", box: nil) }
        let outside = await expectRefusal(.invalid, code: "tag.box") {
            try await tags.add(photo: school.groupPhoto, person: "P001", box: Box(x: 5000, y: 10, width: 50, height: 50))
        }
        #expect(outside?.message.contains("1280 × 886") == true)
        await expectRefusal(.forbidden) { try await TagService(home: school.home, user: school.head).add(photo: school.groupPhoto, person: "P001", box: nil) }
        let notIngested = Digest.sha256(Array("never ingested".utf8))
        let refused = await expectRefusal(.notFound, code: "photo.not-ingested") { try await tags.add(photo: notIngested, person: "P001", box: nil) }
        #expect(refused?.message == "photo \(notIngested.prefix(12)) has not been ingested")
        await expectRefusal(.notFound, code: "photo.not-ingested") { try await tags.add(photo: notIngested, person: "P001", box: Self.faceBox(0)) }
        #expect(try await school.home.photos.tags(of: school.groupPhoto).isEmpty)
    }

    @Test("a manifest is refused whole with every problem by line; a good one adds its tags once")
    func manifest() async throws {
        let school = try await ServiceSchool.make()
        let tags = TagService(home: school.home, user: school.amy)
        let box = Self.faceBox(4)
        let boxText = "\"\(Int(box.x)),\(Int(box.y)),\(Int(box.width)),\(Int(box.height))\""
        let lookups = Recorded<[String]>([])
        let groupPhoto = school.groupPhoto
        // The front end's resolver: IMG_1.JPG is the group photo; IMG_8.JPG a photo it hashed
        // that was never ingested; anything else it cannot find.
        let resolve: @Sendable (String) async throws -> String = { reference in
            lookups.change { $0.append(reference) }
            switch reference {
            case "IMG_1.JPG": return groupPhoto
            case "IMG_8.JPG": return Digest.sha256(Array("a photo never ingested".utf8))
            default: throw PhotogateError.notFound("there is no \(reference) beside the manifest", code: "photo.missing")
            }
        }
        let bad = """
        photo,person,box
        IMG_1.JPG,P004,\(boxText)
        IMG_1.JPG,Nobody Here,
        IMG_1.JPG,Sam Smith,
        IMG_9.JPG,P001,
        IMG_1.JPG,P001,"5000,10,50,50"
        IMG_1.JPG,P001,"ten,10,50,50"
        IMG_8.JPG,P001,
        IMG_8.JPG,P002,\(boxText)

        """
        let problems = await refusedLines { try await tags.importManifest(Array(bad.utf8), named: "tags.csv", resolvePhoto: resolve) }
        #expect(problems.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
        #expect(problems[1].message.contains("matches several people (P007, P008)"))
        #expect(problems[2].message == "there is no IMG_9.JPG beside the manifest")
        #expect(problems[5].message == "IMG_8.JPG has not been ingested" && problems[6].message == problems[5].message)
        #expect(lookups.value == ["IMG_1.JPG", "IMG_9.JPG", "IMG_8.JPG"], "each photo resolved once")
        #expect(try await school.home.photos.tags(of: school.groupPhoto).isEmpty, "nothing from a refused manifest")

        let good = """
        file,name,x,y,width,height
        IMG_1.JPG,P004,\(Int(box.x)),\(Int(box.y)),\(Int(box.width)),\(Int(box.height))
        IMG_1.JPG,Martha Jones,,,,

        """
        #expect(try await tags.importManifest(Array(good.utf8), named: "tags.csv", resolvePhoto: resolve) == 2)
        #expect(try await tags.importManifest(Array(good.utf8), named: "tags.csv", resolvePhoto: resolve) == 0, "imported again, nothing new")
        #expect(try await school.home.photos.tags(of: school.groupPhoto).map(\.person) == ["P004", "P006"])

        let noPerson = await refusedLines { try await tags.importManifest(Array("photo,who\nIMG_1.JPG,P001\n".utf8), named: "x.csv", resolvePhoto: resolve) }
        #expect(noPerson.map(\.line) == [1])
    }

    // MARK: Vault

    @Test("a vault photo is found by the start of its hash, eight characters or more, in any case")
    func vaultLookup() async throws {
        let school = try await ServiceSchool.make()
        let vault = VaultService(home: school.home, user: school.amy)
        #expect(try await vault.photo(matching: String(school.groupPhoto.prefix(8))) == school.groupPhoto)
        #expect(try await vault.photo(matching: school.groupPhoto.prefix(12).uppercased()) == school.groupPhoto)
        #expect(try await vault.photo(matching: school.groupPhoto) == school.groupPhoto)
        await expectRefusal(.invalid, code: "photo.reference") { try await vault.photo(matching: String(school.groupPhoto.prefix(7))) }
        await expectRefusal(.invalid, code: "photo.reference") { try await vault.photo(matching: "IMG_1.JPG") }
        await expectRefusal(.invalid, code: "photo.reference") { try await vault.photo(matching: "%%%%%%%%") }
        let other = school.groupPhoto.hasPrefix("0") ? "11111111" : "00000000"
        await expectRefusal(.notFound, code: "photo.unknown") { try await vault.photo(matching: other) }
        await expectRefusal(.forbidden) { try await VaultService(home: school.home, user: school.audrey).photo(matching: school.groupPhoto) }
    }

    @Test("a damaged vault copy is an integrity failure, never read as the photo")
    func damagedVaultCopy() async throws {
        let school = try await ServiceSchool.make()
        let path = school.home.vault.path(for: school.groupPhoto)
        var bytes = try #require(school.folder.read(path))
        bytes[bytes.count / 2] ^= 0xFF
        chmod(path, 0o600)
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        await expectRefusal(.integrity, code: "vault.unreadable") {
            try await TagService(home: school.home, user: school.amy).add(photo: school.groupPhoto, person: "P001", box: Self.faceBox(0))
        }
        let outcome = try #require(try await Self.faces(school).check(channel: "facebook", batch: 1).first)
        #expect(outcome.decision == nil)
        #expect(outcome.rejection?.message.contains("vault copy is damaged") == true)
    }

    @Test("a photo's cached faces edited behind the log refuse its checks and its posts, and leave other photos' checks alone")
    func detectionEditedBehindTheLog() async throws {
        let school = try await ServiceSchool.make()
        let other = try await IngestService(home: school.home, user: school.amy)
            .run(device: "amy-phone", from: MemoryCard([.init("DCIM/IMG_2.JPG", CameraPhoto.jpeg(make: "Apple", model: "iPhone 12", variant: 2))]),
                 deleteFromDevice: false)
        let otherBatch = other.batch
        _ = try await Self.faces(school).check(channel: "facebook", batch: otherBatch)

        try school.tamper("UPDATE faceDetection SET faces = '[]' WHERE sha256 = '\(school.groupPhoto)'")
        #expect(try await school.home.audit.unrecordedChange(in: .photos([school.groupPhoto])) != nil)
        #expect(try await school.home.audit.unrecordedChange(in: .photos([try #require(other.accepted.first).sha256])) == nil,
                "another photo's rows are not its business")
        await expectRefusal(.integrity, code: "audit.state") { try await Self.faces(school).check(channel: "facebook", batch: 1) }
        await expectRefusal(.integrity, code: "audit.state") {
            try await PostService(home: school.home, user: school.amy).create(channel: "facebook", caption: "Sports day", checklist: ServiceSchool.checklist,
                                                                              photos: [school.groupPhoto], engine: ServiceSchool.engine)
        }
        let clean = try await Self.faces(school).check(channel: "facebook", batch: otherBatch)
        #expect(clean.count == 1 && clean[0].decision != nil)
    }
}
