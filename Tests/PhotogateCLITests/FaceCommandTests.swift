import Foundation
import PhotogateCore
import PhotogateTestSupport
import Testing

/// `photogate channel`, `tag`, `check` and `preview` on a real group photo with the real
/// CenterFace model.
@Suite("photogate check, tag, preview and channel")
struct FaceCommandTests {
    static let consent = SchoolHome.consentList

    /// The labelled faces of the group photo, as MWG regions (normalised centre and size).
    static func region(_ name: String, _ index: Int) -> (String, Double, Double, Double, Double) {
        GroupPhoto.region(name, index)
    }

    /// The group photo as an iPhone in the school would hold it, with the given regions.
    static func groupPhoto(regions: [(String, Double, Double, Double, Double)]) throws -> [UInt8] {
        try GroupPhoto.jpeg(regions: regions)
    }

    static func school() throws -> SchoolHome {
        let school = try SchoolHome("faces")
        let file = school.folder.write("consent.csv", Array(consent.utf8))
        #expect(try school.run(as: "admin", ["consent", "import", file]).status == 0)
        #expect(try school.run(as: "admin", ["channel", "add", "facebook", "--platform", "Facebook", "--account", "Rose Lane Primary",
                                             "--purpose", "social_media", "--admin-role", "CEO", "--posters", "amy"]).status == 0)
        #expect(try school.run(as: "admin", ["channel", "add", "website", "--platform", "Website", "--account", "roselane.sch.uk",
                                             "--purpose", "website"]).status == 0)
        return school
    }

    func check(_ school: SchoolHome, _ arguments: [String], in directory: String? = nil) throws -> (CommandResult, [[String: Any]]) {
        let result = try school.run(as: "amy", ["check", "--json"] + arguments, in: directory)
        return (result, (try? result.json() as? [[String: Any]]) ?? [])
    }

    /// Who is tagged on each labelled face in these tests: six different people.
    static let people = ["Amelia Pond", "P002", "P003", "martha jones", "River Song", "P007"]

    /// The labelled faces a check kept visible. The detector may find more than the six
    /// labelled faces (it leans towards too many); those must be blurred as untagged.
    static func keptLabelledFaces(_ faces: [[String: Any]]) -> Int {
        let kept = faces.compactMap { face -> Box? in
            guard let box = face["box"] as? [Int], box.count == 4, face["action"] as? String == "keep" else { return nil }
            return Box(x: Double(box[0]), y: Double(box[1]), width: Double(box[2]), height: Double(box[3]))
        }
        return TestAssets.found(TestAssets.groupFaces, in: kept)
    }

    @Test("every face is found; tagged faces with consent stay, the rest are blurred, each with its reason")
    func redacted() throws {
        let school = try Self.school()
        let photo = school.folder.write("IMG_1.JPG", try Self.groupPhoto(regions: Self.people.enumerated().map { Self.region($1, $0) }))
        let (result, outcomes) = try check(school, ["--channel", "facebook", photo])
        let outcome = try #require(outcomes.first, "\(result.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(outcome["verdict"] as? String == "redacted")
        let faces = try #require(outcome["faces"] as? [[String: Any]])
        #expect(faces.count >= 6)
        for face in faces {
            #expect(Set(face.keys).isSuperset(of: ["box", "person", "action", "reason"]))
            #expect((face["box"] as? [Int])?.count == 4)
            if face["person"] is NSNull { #expect(face["action"] as? String == "blur" && face["reason"] as? String == "untagged face") }
        }
        let rory = try #require(faces.first { $0["person"] as? String == "P002" })
        #expect(rory["action"] as? String == "blur")
        #expect(rory["reason"] as? String == "no social media consent for P002")
        #expect(Self.keptLabelledFaces(faces) == 5)

        // For the website, where Rory has consent, every tagged face stays.
        let (_, website) = try check(school, ["--channel", "website", photo])
        #expect(Self.keptLabelledFaces(website.first?["faces"] as? [[String: Any]] ?? []) == 6)
    }

    @Test("an excluded person rejects the photo; an ambiguous name sends it to review")
    func rejectedAndReview() throws {
        let school = try Self.school()
        let withExcluded = Self.people.enumerated().map { Self.region($0 == 3 ? "Danny Pink" : $1, $0) }
        let excluded = school.folder.write("excluded.jpg", try Self.groupPhoto(regions: withExcluded))
        let (result, outcomes) = try check(school, ["--channel", "facebook", excluded])
        #expect(result.status == 1)
        #expect(outcomes.first?["verdict"] as? String == "rejected")
        #expect((outcomes.first?["reasons"] as? [String])?.contains("excluded person tagged (P004)") == true)

        let withAmbiguous = Self.people.enumerated().map { Self.region($0 == 3 ? "Sam Smith" : $1, $0) }
        let ambiguous = school.folder.write("ambiguous.jpg", try Self.groupPhoto(regions: withAmbiguous))
        let (_, review) = try check(school, ["--channel", "facebook", ambiguous])
        #expect(review.first?["verdict"] as? String == "review")
        #expect((review.first?["reasons"] as? [String])?.contains("\"Sam Smith\" matches several people (P007, P008)") == true)
    }

    @Test("two people whose names look alike: the import warns, and a face tagged with either spelling goes to review")
    func lookAlikeNames() throws {
        let school = try Self.school()
        let sheet = Self.consent + "P103,R\u{043E}ry,Williams,pupil,yes,yes,yes,\n"
        let imported = try school.run(as: "admin", ["consent", "import", school.folder.write("second.csv", Array(sheet.utf8))])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("P002 (Rory Williams), P103 (R\u{043E}ry Williams) have names that look the same"), "\(imported.stdout)")
        let json = try school.run(as: "admin", ["consent", "import", "--json", school.folder.write("third.csv", Array(sheet.utf8))])
        #expect((try json.json() as? [String: Any])?["look_alike_names"] as? [[String]] == [["P002", "P103"]])

        for spelling in ["R\u{043E}ry Williams", "Rory Williams"] {
            let regions = Self.people.enumerated().map { Self.region($0 == 1 ? spelling : $1, $0) }
            let photo = school.folder.write("alike.jpg", try Self.groupPhoto(regions: regions))
            let (result, outcomes) = try check(school, ["--channel", "facebook", photo])
            #expect(outcomes.first?["verdict"] as? String == "review", "\(spelling): \(result.stdout) \(result.stderr)")
            #expect((outcomes.first?["reasons"] as? [String])?.contains("\"\(spelling)\" matches several people (P002, P103)") == true,
                    "\(spelling): \(result.stdout)")
            let kept = (outcomes.first?["faces"] as? [[String: Any]])?.compactMap { $0["person"] as? String } ?? []
            #expect(!kept.contains("P103") && !kept.contains("P002"), "\(spelling): \(kept)")
        }
    }

    @Test("an untagged main subject rejects the photo")
    func untaggedSubject() throws {
        let school = try Self.school()
        let photo = school.folder.write("untagged.jpg", try Self.groupPhoto(regions: []))
        let (result, outcomes) = try check(school, ["--channel", "facebook", photo])
        #expect(result.status == 1)
        #expect(outcomes.first?["verdict"] as? String == "rejected")
        #expect((outcomes.first?["reasons"] as? [String])?.first?.contains("main subject") == true)
    }

    @Test("staff tags are audited, checked against the consent list and the photo, and change the verdict")
    func staffTags() throws {
        let school = try Self.school()
        try school.addStandardDevices()
        let card = school.folder.path + "/card"
        school.folder.write("card/IMG_1.JPG", try Self.groupPhoto(regions: []))
        let ingest = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", card])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let photo = card + "/IMG_1.JPG"

        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P999"]).status == 2)
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P001", "--box", "5000,10,50,50"]).status == 2)
        #expect(try school.run(as: "head", ["tag", photo, "--person", "P001"]).status == 3, "tagging is staff work")
        for (index, person) in ["P001", "P002", "P003", "P006", "P005", "P007"].enumerated() {
            let result = try school.run(as: "amy", ["tag", photo, "--person", person, "--box", TestAssets.groupFaceBoxArgument(index)])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let (_, tagged) = try check(school, ["--channel", "website", "--batch", "1"])
        #expect(["clear", "redacted"].contains(tagged.first?["verdict"] as? String), "\(tagged)")
        #expect(Self.keptLabelledFaces(tagged.first?["faces"] as? [[String: Any]] ?? []) == 6)

        let removed = try school.run(as: "amy", ["tag", photo, "--person", "P005", "--remove"])
        #expect(removed.status == 0)
        let (_, after) = try check(school, ["--channel", "website", "--batch", "1"])
        #expect(Self.keptLabelledFaces(after.first?["faces"] as? [[String: Any]] ?? []) == 5, "River's face is untagged now")
        #expect((after.first?["faces"] as? [[String: Any]])?.contains { $0["person"] as? String == "P005" } == false)
        let log = try #require(try school.run(as: "audrey", ["audit", "log", "--json"]).json() as? [[String: Any]])
        #expect(log.filter { $0["action"] as? String == "tag.added" }.count == 6)
        #expect(log.last?["action"] as? String == "tag.removed")
    }

    @Test("check --out never replaces the photo it checks, and same-named photos of a batch get a copy each")
    func renderedCopies() throws {
        let school = try Self.school()
        let tagged = try Self.groupPhoto(regions: Self.people.enumerated().map { Self.region($1, $0) })
        // The photo sits in the output folder, named from another folder and relative to it.
        let photo = school.folder.write("dir/IMG_1.jpg", tagged)
        let (result, outcomes) = try check(school, ["--channel", "website", photo, "--out", "dir"], in: school.folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(school.folder.read("dir/IMG_1.jpg").map { TestDigest.sha256(Data($0)) } == TestDigest.sha256(Data(tagged)),
                "the photo itself is untouched")
        let output = try #require(outcomes.first?["output"] as? String)
        #expect(output == "dir/IMG_1-2.jpg")
        #expect(try Exiftool.leftoverMetadata(in: school.folder.path + "/" + output) == [])

        try school.addStandardDevices()
        school.folder.write("card/a/IMG_1.JPG", tagged)
        let fiveTagged = Self.people.prefix(5).enumerated().map { Self.region($1, $0) }
        school.folder.write("card/b/IMG_1.JPG", try Self.groupPhoto(regions: fiveTagged))
        let ingest = try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/card"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let (_, batch) = try check(school, ["--channel", "website", "--batch", "1", "--out", school.folder.path + "/renders"])
        #expect(batch.map { $0["photo"] as? String } == ["IMG_1.JPG", "IMG_1.JPG"])
        let outputs = batch.compactMap { $0["output"] as? String }
        #expect(outputs.count == 2 && Set(outputs).count == 2, "\(batch)")
        let renders = outputs.compactMap { FileManager.default.contents(atPath: $0).map(TestDigest.sha256) }
        #expect(Set(renders).count == 2, "each photo keeps its own rendered copy")
    }

    @Test("a tag manifest is all or nothing, by line")
    func manifest() throws {
        let school = try Self.school()
        try school.addStandardDevices()
        school.folder.write("card/IMG_1.JPG", try Self.groupPhoto(regions: []))
        #expect(try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/card"]).status == 0)
        let bad = school.folder.write("card/bad.csv", Array("""
        photo,person,box
        IMG_1.JPG,Amelia Pond,"60,265,110,125"
        IMG_1.JPG,Sam Smith,
        IMG_1.JPG,Nobody Here,
        missing.jpg,P001,
        IMG_1.JPG,P002,"1,2,3"
        """.utf8))
        let refused = try school.run(as: "amy", ["tag", "--manifest", bad])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("line 3: \"Sam Smith\" matches several people (P007, P008); use the id"))
        #expect(refused.stderr.contains("line 4: \"Nobody Here\" matches no one"))
        #expect(refused.stderr.contains("line 5:"))
        #expect(refused.stderr.contains("line 6: the box must be x,y,width,height: four plain numbers of pixels"))
        let good = school.folder.write("card/good.csv", Array("""
        photo,person,x,y,width,height
        IMG_1.JPG,Amelia Pond,60,265,110,125
        IMG_1.JPG,P002,268,150,100,120

        """.utf8))
        let imported = try school.run(as: "amy", ["tag", "--manifest", good])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Added 2 tags"))
    }

    @Test("a preview is written clean, and a closed channel takes nothing")
    func previewAndChannels() throws {
        let school = try Self.school()
        let photo = school.folder.write("IMG_1.JPG", try Self.groupPhoto(regions: Self.people.enumerated().map { Self.region($1, $0) }))
        let out = school.folder.path + "/preview.jpg"
        let preview = try school.run(as: "amy", ["preview", photo, "--channel", "facebook", "--out", out])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(try Exiftool.leftoverMetadata(in: out) == [])
        let image = try #require(TestImage.decode(file: out))
        #expect(image.width == 1280 && image.height == 886)

        let list = try #require(try school.run(as: "amy", ["channel", "list", "--json"]).json() as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == ["facebook", "website"])
        #expect(list[0]["posters"] as? [String] == ["amy"])
        #expect(try school.run(as: "amy", ["channel", "close", "facebook"]).status == 3)
        #expect(try school.run(as: "admin", ["channel", "close", "facebook"]).status == 0)
        let closed = try school.run(as: "amy", ["check", "--channel", "facebook", photo])
        #expect(closed.status == 2 && closed.stderr.contains("closed"))
        #expect(try school.run(as: "admin", ["channel", "add", "x", "--platform", "P", "--account", "A", "--purpose", "billboards"]).status == 2)
    }

    @Test("a preview never replaces a file, not even the photo it is made from")
    func previewNeverReplaces() throws {
        let school = try Self.school()
        let photo = school.folder.write("IMG_1.JPG", try Self.groupPhoto(regions: []))
        let before = try Data(contentsOf: URL(fileURLWithPath: photo))
        let over = try school.run(as: "amy", ["preview", photo, "--channel", "facebook", "--out", photo])
        #expect(over.status == 2)
        #expect(over.stderr.contains("\(photo) already exists; a preview never replaces a file"), "\(over.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: photo)) == before)
        let other = school.folder.write("earlier.jpg", Array("an earlier preview".utf8))
        #expect(try school.run(as: "amy", ["preview", photo, "--channel", "facebook", "--out", other]).status == 2)
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "an earlier preview")
        let fresh = school.folder.path + "/fresh.jpg"
        #expect(try school.run(as: "amy", ["preview", photo, "--channel", "facebook", "--out", fresh]).status == 0)
        #expect(TestImage.decode(file: fresh) != nil)
    }

    @Test("a box is plain numbers at least a pixel wide: hex, exponents and sizes that round to nothing are refused alike")
    func typedBoxes() throws {
        let school = try Self.school()
        try school.addStandardDevices()
        school.folder.write("phone/IMG_1.JPG", try Self.groupPhoto(regions: []))
        #expect(try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"]).status == 0)
        let photo = school.folder.path + "/phone/IMG_1.JPG"
        for box in ["10,10,1e-300,1e-300", "0x10,10,60,60", "10,10,6e1,60", "0,0,0,0", "10,10,0.5,60", "10,10,+60,60", "10,10,nan,60"] {
            let refused = try school.run(as: "amy", ["tag", photo, "--person", "P007", "--box", box])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("--box is x,y,width,height: four plain numbers of pixels"), "\(box): \(refused.stderr)")
            let manifest = school.folder.write("tags.csv", Array("photo,person,box\nphone/IMG_1.JPG,P007,\"\(box)\"\n".utf8))
            let imported = try school.run(as: "amy", ["tag", "--manifest", manifest])
            #expect(imported.status == 2)
            #expect(imported.stderr.contains("the box must be x,y,width,height: four plain numbers of pixels"), "\(box): \(imported.stderr)")
        }
        #expect(try school.sqlite("SELECT count(*) FROM tag") == ["0"])
        #expect(try school.run(as: "amy", ["tag", photo, "--person", "P007", "--box", "10,10,1,1"]).status == 0, "one pixel is a box")
    }

    @Test("a missing or wrong face model stops with a clear error, never \"no faces\"")
    func missingModel() throws {
        let school = try Self.school()
        let photo = school.folder.write("IMG_1.JPG", try Self.groupPhoto(regions: []))
        let missing = try school.run(as: "amy", ["check", "--channel", "facebook", photo],
                                     environment: ["PHOTOGATE_FACE_MODEL": school.folder.path + "/nowhere.onnx"])
        #expect(missing.status == 4)
        #expect(missing.stderr.contains("model is missing"))
        let fake = school.folder.write("fake.onnx", Array("not a network".utf8))
        let wrong = try school.run(as: "amy", ["check", "--channel", "facebook", photo], environment: ["PHOTOGATE_FACE_MODEL": fake])
        #expect(wrong.status == 4)
        #expect(wrong.stderr.contains("not the pinned CenterFace model"))
    }

    @Test("check --json lists the names readable in a photo; without Tesseract's language data the check stops (exit 4), never \"no text\"")
    func namesInPhotos() throws {
        let school = try Self.school()
        let card = try TextPhoto(["Certificate of Achievement", "presented to", "Clara Oswald"], size: 40, x: 300, y: 400, background: TextPhoto.plainWall)
        let photo = school.folder.write("IMG_2.JPG", card.bytes)
        let checked = try school.run(as: "amy", ["check", "--json", "--channel", "facebook", photo])
        #expect(checked.status == 0, "\(checked.stderr)")
        let outcome = try #require((try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [[String: Any]])?.first)
        let text = try #require((outcome["texts"] as? [[String: Any]])?.first, "\(checked.stdout)")
        #expect(outcome["verdict"] as? String == "redacted")
        #expect(text["text"] as? String == "Clara Oswald" && text["person"] as? String == "P003" && text["action"] as? String == "blur")
        #expect((text["reason"] as? String)?.hasPrefix("the name Clara Oswald is readable on the photo (certificate, ") == true)
        #expect((text["box"] as? [Int])?.count == 4)
        let plain = try school.run(as: "amy", ["check", "--channel", "facebook", photo])
        #expect(plain.stdout.contains("blur text "), "\(plain.stdout)")

        let other = school.folder.write("IMG_3.JPG", try TextPhoto(["Amelia Pond"], background: TextPhoto.plainWall).bytes)
        let missing = try school.run(as: "amy", ["check", "--channel", "facebook", other], environment: ["PHOTOGATE_TESSDATA": school.folder.path])
        #expect(missing.status == 4)
        #expect(missing.stderr.contains("eng.traineddata does not exist") && missing.stderr.contains("tesseract-ocr-eng"), "\(missing.stderr)")
    }
}
