import PhotogateCore
import PhotogateUnicode
import Testing

@Suite("Who is tagged")
struct PersonDirectoryTests {
    let directory = PersonDirectory([
        ConsentRecord(personID: "P001", firstName: "Amelia", lastName: "Pond", preferredName: "Amy", kind: .pupil),
        ConsentRecord(personID: "P002", firstName: "Zoë", lastName: "O'Brien", kind: .pupil),
        ConsentRecord(personID: "P003", firstName: "Sam", lastName: "Smith", kind: .pupil),
        ConsentRecord(personID: "P004", firstName: "Sam", lastName: "Smith", kind: .pupil),
    ], names: .standard)

    @Test("by id, by full name, by preferred name; case, accents and spacing ignored")
    func resolves() {
        #expect(directory.resolve("p001") == .person(directory.record(id: "P001")!))
        #expect(directory.resolve("amelia pond") == .person(directory.record(id: "P001")!))
        #expect(directory.resolve("  Amy   POND ") == .person(directory.record(id: "P001")!))
        #expect(directory.resolve("Zoe O'Brien") == .person(directory.record(id: "P002")!))
    }

    @Test("an unknown or ambiguous name is never a person")
    func unresolved() {
        #expect(directory.resolve("Amelia") == .unknown)
        #expect(directory.resolve("Rory Williams") == .unknown)
        #expect(directory.resolve("Sam Smith") == .ambiguous(["P003", "P004"]))
    }
}

@Suite("The decision")
struct DecisionTests {
    static let today = CalendarDate(iso: "2026-11-21")!
    static let people = [
        ConsentRecord(personID: "P001", firstName: "Amelia", lastName: "Pond", kind: .pupil, purposes: ["social_media", "website"]),
        ConsentRecord(personID: "P002", firstName: "Rory", lastName: "Williams", kind: .pupil, purposes: ["website"]),
        ConsentRecord(personID: "P003", firstName: "Clara", lastName: "Oswald", kind: .pupil, purposes: ["social_media"], expires: CalendarDate(iso: "2026-09-01")),
        ConsentRecord(personID: "P004", firstName: "Danny", lastName: "Pink", kind: .pupil, purposes: ["social_media"], excluded: true),
        ConsentRecord(personID: "P005", firstName: "Sam", lastName: "Smith", kind: .pupil, purposes: ["social_media"]),
        ConsentRecord(personID: "P006", firstName: "Sam", lastName: "Smith", kind: .pupil, purposes: ["social_media"]),
    ]
    let directory = PersonDirectory(Self.people, names: .standard)
    let decider = FaceDecider()

    /// A 1000 × 800 photo with faces of 40 × 40 at the given top-left corners; the first face
    /// is the largest (44 × 44) unless told otherwise.
    func faces(_ corners: [(Double, Double)], largestFirst: Bool = true) -> [DetectedFace] {
        corners.enumerated().map { index, corner in
            let side: Double = largestFirst && index == 0 ? 44 : 40
            return DetectedFace(box: Box(x: corner.0, y: corner.1, width: side, height: side), score: 0.9)
        }
    }

    func tag(_ person: String, _ x: Double, _ y: Double, source: PhotoTag.Source = .region) -> PhotoTag {
        PhotoTag(person: person, box: Box(x: x, y: y, width: 40, height: 40), source: source)
    }

    func decide(_ faces: [DetectedFace], _ tags: [PhotoTag], purpose: String = "social_media", unreadable: [String] = []) -> PhotoDecision {
        decider.decide(faces: faces, imageWidth: 1000, imageHeight: 800, tags: tags, directory: directory, purpose: purpose,
                       today: Self.today, unreadableTags: unreadable)
    }

    @Test("only a clear or redacted photo may be published", arguments: [
        (Verdict.clear, true), (.redacted, true), (.review, false), (.rejected, false),
    ])
    func publishable(verdict: Verdict, publishable: Bool) {
        #expect(verdict.isPublishable == publishable)
    }

    @Test("every face tagged with consent: clear, each face kept with its reason")
    func clear() {
        let decision = decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("P005", 300, 100)])
        #expect(decision.verdict == .clear)
        #expect(decision.faces.map(\.action) == [.keep, .keep])
        #expect(decision.faces[0].reason == "social media consent for P001")
        #expect(decision.visiblePeople == ["P001", "P005"])
    }

    @Test("an untagged face and a face without consent for the purpose are blurred: redacted")
    func redacted() {
        let decision = decide(faces([(100, 100), (300, 100), (500, 100)]), [tag("P001", 102, 98), tag("P002", 300, 100)])
        #expect(decision.verdict == .redacted)
        #expect(decision.faces.map(\.action) == [.keep, .blur, .blur])
        #expect(decision.faces[1].reason == "no social media consent for P002")
        #expect(decision.faces[2].reason == "untagged face")
        // The same photo for the website keeps Rory.
        #expect(decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("P002", 300, 100)], purpose: "website").verdict == .clear)
    }

    @Test("expired consent is no consent")
    func expired() {
        let decision = decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("P003", 300, 100)])
        #expect(decision.faces[1].reason == "social media consent for P003 expired on 2026-09-01")
        #expect(decision.faces[1].action == .blur)
    }

    @Test("an excluded person tagged anywhere, with or without a box, rejects the photo")
    func excluded() {
        #expect(decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("P004", 300, 100)]).verdict == .rejected)
        let named = decide(faces([(100, 100)]), [tag("P001", 100, 100), PhotoTag(person: "Danny Pink", source: .personInImage)])
        #expect(named.verdict == .rejected)
        #expect(named.reasons.contains("excluded person tagged (P004)"))
    }

    @Test("an unconsented subject rejects: the largest face, or a face covering 5% of the frame")
    func subject() {
        let largestUntagged = decide(faces([(100, 100), (300, 100)]), [tag("P001", 300, 100)])
        #expect(largestUntagged.verdict == .rejected)
        #expect(largestUntagged.reasons.first?.contains("main subject") == true)
        let big = [DetectedFace(box: Box(x: 0, y: 0, width: 300, height: 300), score: 0.9)] + faces([(600, 100)], largestFirst: false)
        let decision = decider.decide(faces: big, imageWidth: 1000, imageHeight: 800, tags: [tag("P001", 600, 100)], directory: directory,
                                      purpose: "social_media", today: Self.today)
        #expect(decision.verdict == .rejected)
        #expect(decision.reasons.first?.contains("11% of the photo") == true)
    }

    @Test("an unknown or ambiguous name needs review, and its face is blurred")
    func review() {
        let unknown = decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("Rose Tyler", 300, 100)])
        #expect(unknown.verdict == .review)
        #expect(unknown.faces[1].action == .blur)
        #expect(unknown.reasons.contains("\"Rose Tyler\" matches no one on the consent list"))
        let ambiguous = decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("sam smith", 300, 100)])
        #expect(ambiguous.verdict == .review)
        #expect(ambiguous.faces[1].reason.contains("P005 or P006"))
        let unnamedInMetadata = decide(faces([(100, 100)]), [tag("P001", 100, 100), PhotoTag(person: "Mickey", source: .personInImage)])
        #expect(unnamedInMetadata.verdict == .review)
    }

    @Test("a tag that is there but cannot be read sends a photo with only consented faces to review, saying what could not be read")
    func unreadableTags() {
        let unreadable = decide(faces([(100, 100)]), [tag("P001", 100, 100)], unreadable: ["the XMP sidecar IMG_1.xmp is a symbolic link"])
        #expect(unreadable.verdict == .review)
        #expect(unreadable.reasons == ["who is in the photo is unknown: the XMP sidecar IMG_1.xmp is a symbolic link"])
        #expect(unreadable.faces[0].action == .keep, "the consented face is still kept, but a person must decide")
        // An excluded person found in the tags that could be read still rejects it.
        let excluded = decide(faces([(100, 100)]), [tag("P004", 100, 100)], unreadable: ["the photo's XMP is damaged"])
        #expect(excluded.verdict == .rejected)
        #expect(excluded.reasons.contains("who is in the photo is unknown: the photo's XMP is damaged"))
    }

    @Test("tags that contradict each other need review")
    func contradictions() {
        let twoPeople = decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("P005", 104, 100)])
        #expect(twoPeople.verdict == .review)
        #expect(twoPeople.faces[0].action == .blur)
        let onTwoFaces = decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("P001", 300, 100)])
        #expect(onTwoFaces.verdict == .review)
        #expect(onTwoFaces.faces.allSatisfy { $0.action == .blur })
    }

    @Test("a staff tag on a face replaces what the photo software wrote there")
    func staffCorrects() {
        let decision = decide(faces([(100, 100)]), [tag("Rose Tyler", 100, 100), tag("P001", 100, 100, source: .staff)])
        #expect(decision.verdict == .clear)
        #expect(decision.faces[0].person == "P001")
    }

    @Test("a tag matches by overlap or by its centre inside the face, not by being nearby")
    func matching() {
        let inside = PhotoTag(person: "P001", box: Box(x: 90, y: 90, width: 100, height: 100), source: .region)
        #expect(decide(faces([(100, 100)]), [inside]).faces[0].action == .keep)
        let nearby = decide(faces([(100, 100)]), [tag("P001", 160, 100)])
        #expect(nearby.faces[0].reason == "untagged face")
    }

    @Test("a tagged face the detector missed is blurred without consent, and counted as shown with it")
    func tagWithoutFace() {
        let decision = decide(faces([(100, 100)]), [tag("P001", 100, 100), tag("P002", 600, 500)])
        let missed = decision.faces.first { $0.fromTagOnly }
        #expect(missed?.action == .blur)
        #expect(missed?.reason.contains("detector did not find") == true)
        #expect(decision.verdict == .redacted)
        let consented = decide(faces([(100, 100)]), [tag("P001", 100, 100), tag("P005", 600, 500)])
        #expect(consented.verdict == .clear)
        #expect(consented.visiblePeople == ["P001", "P005"], "withdrawing P005's consent must find this photo")
    }

    @Test("everyone tagged is known to the decision, with a box or without, visible or not")
    func taggedPeople() {
        let decision = decide(faces([(100, 100), (300, 100)]), [tag("P001", 100, 100), tag("P002", 300, 100),
                                                               PhotoTag(person: "P005", source: .personInImage)])
        #expect(decision.taggedPeople == ["P001", "P002", "P005"])
    }

    @Test("a staff tag never hides an excluded person the photo software tagged on the same face")
    func staffTagCannotHideExclusion() {
        let decision = decide(faces([(100, 100)]), [tag("Danny Pink", 100, 100), tag("P001", 100, 100, source: .staff)])
        #expect(decision.verdict == .rejected)
        #expect(decision.reasons.contains("excluded person tagged (P004)"))
    }

    @Test("a photo with no faces and no tags is clear")
    func empty() {
        #expect(decide([], []).verdict == .clear)
    }

    @Test("XMP regions turn with the pixels: a region on a sideways photo lands on the upright face")
    func regionOrientation() {
        // Stored 800 × 1000 sideways (orientation 6): upright it is 1000 × 800.
        let region = StoredRegion(name: "P001", box: Box(x: 0.1, y: 0.1, width: 0.05, height: 0.04))
        let tag = region.tag(orientation: .right, uprightWidth: 1000, uprightHeight: 800)!
        // (u, v) = (0.1, 0.1) → upright (1 − v, u) = (0.9, 0.1): the face is near the top right.
        #expect(tag.box!.x > 800 && tag.box!.y < 100)
        #expect(StoredRegion(name: nil, box: nil).tag(orientation: .up, uprightWidth: 10, uprightHeight: 10) == nil)
    }
}

@Suite("Face merging and tiles")
struct FaceMergingTests {
    @Test("overlapping detections keep the strongest; a partial face inside a stronger one goes")
    func nms() {
        let faces = [
            DetectedFace(box: Box(x: 0, y: 0, width: 40, height: 40), score: 0.6),
            DetectedFace(box: Box(x: 2, y: 2, width: 40, height: 40), score: 0.9),
            DetectedFace(box: Box(x: 10, y: 10, width: 15, height: 15), score: 0.5),
            DetectedFace(box: Box(x: 200, y: 0, width: 40, height: 40), score: 0.3),
        ]
        let kept = FaceMerging.nonMaximumSuppression(faces)
        #expect(kept.map(\.score) == [0.9, 0.3])
    }

    @Test("tiles cover every point well inside, and stay inside the image")
    func tiles() {
        let points: [(x: Double, y: Double)] = [(10, 10), (100, 50), (3990, 2990), (2000, 1500), (2100, 1550)]
        let tiles = TilePlan.tiles(covering: points, imageWidth: 4000, imageHeight: 3000, window: (640, 480))
        #expect(tiles.count == 3)
        for point in points {
            #expect(tiles.contains { $0.contains(x: point.x, y: point.y) })
        }
        #expect(tiles.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.maxX <= 4000 && $0.maxY <= 3000 && $0.width == 640 && $0.height == 480 })
        #expect(TilePlan.tiles(covering: [(5, 5)], imageWidth: 300, imageHeight: 200, window: (640, 480)) == [Box(x: 0, y: 0, width: 300, height: 200)])
    }

    @Test("a grid of windows covers the whole image with overlap")
    func grid() {
        #expect(TilePlan.grid(imageWidth: 1024, imageHeight: 768, window: (1024, 768)) == [Box(x: 0, y: 0, width: 1024, height: 768)])
        let portrait = TilePlan.grid(imageWidth: 768, imageHeight: 1024, window: (1024, 768))
        #expect(portrait == [Box(x: 0, y: 0, width: 768, height: 768), Box(x: 0, y: 256, width: 768, height: 768)])
        let big = TilePlan.grid(imageWidth: 3000, imageHeight: 2000, window: (1024, 768), overlap: 128)
        for y in stride(from: 0.0, to: 2000, by: 50) {
            for x in stride(from: 0.0, to: 3000, by: 50) { #expect(big.contains { $0.contains(x: x, y: y) }) }
        }
        #expect(big.allSatisfy { $0.maxX <= 3000 && $0.maxY <= 2000 })
    }
}
