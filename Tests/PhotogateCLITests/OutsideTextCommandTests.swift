import Foundation
import PhotogateTestSupport
import Testing

/// Text from files and people (camera makes, file names, names, captions) through the real
/// binary: stored as it reads, and never able to drive the terminal it is shown on.
@Suite("photogate and text from outside")
struct OutsideTextCommandTests {
    /// A line that ends the camera's make and forges one of Photogate's own warnings.
    static let forgedLine = "\r  ⚠ Camera serial number: none\n"
    /// Erases the line above and goes up one, as a hostile text would to hide a warning.
    static let erase = "\u{1B}[2K\u{1B}[1A"

    /// The characters a terminal obeys or reorders instead of showing them, found in `text`
    /// (line breaks between lines excepted).
    static func activeCharacters(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            guard scalar != "\n" else { return false }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    static func expectInert(_ result: CommandResult, _ label: String) {
        #expect(activeCharacters(result.stdout).isEmpty, "\(label) wrote control characters to standard output: \(result.stdout)")
        #expect(activeCharacters(result.stderr).isEmpty, "\(label) wrote control characters to standard error: \(result.stderr)")
    }

    static func photo(make: String, model: String, serial: String? = nil) -> [UInt8] {
        var exif = ExifBlock()
        exif.make = make
        exif.model = model
        exif.serial = serial
        return JPEGSegments.splice([JPEGSegments.exif(exif.bytes())], into: QuadrantPicture.upright(width: 32, height: 32).encoded(.jpeg))
    }

    @Test("inspect shows a forged camera make with its hidden characters visible, and its JSON keeps them exactly")
    func inspect() throws {
        let folder = TemporaryFolder("cli-text")
        let file = folder.write("in/IMG\(Self.erase)1.JPG", Self.photo(make: "Canon\(Self.forgedLine)", model: "EOS\(Self.erase) 40D",
                                                                      serial: "1234\u{202E}56\u{9B}78"))
        let text = try CommandRunner.photogate(["inspect", file])
        #expect(text.status == 0, "\(text.stderr)")
        Self.expectInert(text, "inspect")
        #expect(!text.stdoutLines.contains { $0.trimmingCharacters(in: .whitespaces) == "⚠ Camera serial number: none" },
                "the make forged a line of the report")
        #expect(text.stdout.contains("Camera: Canon\\u{D}  ⚠ Camera serial number: none EOS\\u{1B}[2K\\u{1B}[1A 40D"))
        #expect(text.stdout.contains("⚠ Camera serial number: 1234\\u{202E}56\\u{9B}78"))
        #expect(text.stdout.contains("IMG\\u{1B}[2K\\u{1B}[1A1.JPG"))

        let json = try CommandRunner.photogate(["inspect", "--json", file])
        Self.expectInert(json, "inspect --json")
        let report = try #require(try json.json() as? [[String: Any]]).first
        #expect(report?["make"] as? String == "Canon\r  ⚠ Camera serial number: none", "JSON carries the make exactly, escaped")
        #expect(report?["serial"] as? String == "1234\u{202E}56\u{9B}78", "a C1 control and a bidi override survive as JSON escapes")
        #expect(report?["file"] as? String == file)
    }

    @Test("sanitize names a hostile file name with its escapes visible, on both streams")
    func sanitize() throws {
        let folder = TemporaryFolder("cli-text")
        folder.write("in/good\(Self.erase)\r.jpg", Self.photo(make: "Apple", model: "iPhone 12"))
        folder.write("in/bad\u{1B}]0;owned\u{7}.jpg", Array("not a photo".utf8))
        let result = try CommandRunner.photogate(["sanitize", "--out", folder.path + "/out", folder.path + "/in"])
        #expect(result.status == 1)
        Self.expectInert(result, "sanitize")
        #expect(result.stdout.contains("good\\u{1B}[2K\\u{1B}[1A\\u{D}.jpg"))
        #expect(result.stderr.contains("bad\\u{1B}]0;owned\\u{7}.jpg"))
        let json = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/out2", folder.path + "/in"])
        Self.expectInert(json, "sanitize --json")
        let inputs = try #require(try json.json() as? [[String: Any]]).compactMap { $0["input"] as? String }
        #expect(inputs.contains { $0.hasSuffix("good\(Self.erase)\r.jpg") })
    }

    @Test("a consent list with hidden characters in its names is refused by line; one already stored is shown inert")
    func consentNames() throws {
        let school = try SchoolHome()
        let sheet = school.folder.write("consent.csv", Array("""
        person_id,first_name,last_name,kind,website,names
        P001,Amelia,Pond,pupil,yes,yes
        P002,"Rory\(Self.forgedLine.replacingOccurrences(of: "\n", with: ""))",Williams,pupil,yes,no
        P003,Clara,Os\u{200B}wald,pupil,yes,no

        """.utf8))
        let refused = try school.run(as: "admin", ["consent", "import", sheet])
        #expect(refused.status == 2)
        Self.expectInert(refused, "consent import")
        #expect(refused.stderr.contains("line 3: the first_name cell contains an invisible character (U+000D, carriage return)"))
        #expect(refused.stderr.contains("line 4: the last_name cell contains an invisible character (U+200B, zero width space)"))

        let good = school.folder.write("good.csv", Array("""
        person_id,first_name,last_name,kind,website,names
        P001,Amelia,Pond,pupil,yes,yes

        """.utf8))
        #expect(try school.run(as: "admin", ["consent", "import", good]).status == 0)
        // A name stored before the rule (or edited in the database) still reaches no terminal raw.
        try school.sqlite(#"UPDATE consentPerson SET record = replace(record, '"Amelia"', '"Ame\u001b[2K\u000dlia"');"#)
        let list = try school.run(as: "amy", ["consent", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        Self.expectInert(list, "consent list")
        #expect(list.stdout.contains("Ame\\u{1B}[2K\\u{D}lia Pond"))
        let show = try school.run(as: "amy", ["consent", "show", "p001"])
        Self.expectInert(show, "consent show")
        #expect(show.stdout.contains("Ame\\u{1B}[2K\\u{D}lia Pond (P001)"))
        let json = try school.run(as: "amy", ["consent", "list", "--json"])
        Self.expectInert(json, "consent list --json")
        #expect((try json.json() as? [[String: Any]])?.first?["first_name"] as? String == "Ame\u{1B}[2K\rlia")
    }

    @Test("ids that differ only in letter case are one person: a sheet with both is refused, by line")
    func idCase() throws {
        let school = try SchoolHome()
        let clash = school.folder.write("clash.csv", Array("""
        person_id,first_name,last_name,kind,website,exclude
        d777,Danny,Pink,pupil,,yes
        P001,Amelia,Pond,pupil,yes,
        D777,Danny,Pink,pupil,yes,

        """.utf8))
        let refused = try school.run(as: "admin", ["consent", "import", clash])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("line 4: person id D777 already appears on line 2 as d777"))
    }

    @Test("a camera's make and model are stored as they read; the audit log shows a hostile file name inert")
    func ingestAndAudit() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        school.folder.write("phone/DCIM/IMG\(Self.erase)\r.JPG", Self.photo(make: "Ap\u{200B}ple", model: "iPhone 12\u{2060}"))
        let ingest = try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        Self.expectInert(ingest, "ingest")
        #expect(try school.sqlite("SELECT make || '|' || model FROM photo") == ["Apple|iPhone 12"])

        let log = try school.run(as: "audrey", ["audit", "log"])
        #expect(log.status == 0)
        Self.expectInert(log, "audit log")
        #expect(log.stdout.contains("IMG\\u{1B}[2K\\u{1B}[1A\\u{D}.JPG"))
        let json = try school.run(as: "audrey", ["audit", "log", "--json"])
        Self.expectInert(json, "audit log --json")
        let events = try #require(try json.json() as? [[String: Any]])
        #expect(events.contains { ($0["details"] as? [String: String])?["source"]?.hasSuffix("IMG\(Self.erase)\r.JPG") == true })
    }

    /// A school whose consent list has Rory Williams (no consent to be named), a website
    /// channel and one photo ingested from the approved phone.
    static func schoolWithPhoto() throws -> (SchoolHome, String) {
        let school = try SchoolHome()
        try school.addStandardDevices()
        let consent = school.folder.write("consent.csv", Array("""
        person_id,first_name,last_name,kind,website,names
        P001,Amelia,Pond,pupil,yes,yes
        P002,Rory,Williams,pupil,yes,no

        """.utf8))
        #expect(try school.run(as: "admin", ["consent", "import", consent]).status == 0)
        #expect(try school.run(as: "admin", ["channel", "add", "website", "--platform", "Website", "--account", "roselane.sch.uk",
                                             "--purpose", "website"]).status == 0)
        school.folder.write("phone/IMG_1.JPG", CameraPhoto.jpeg())
        #expect(try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"]).status == 0)
        return (school, school.folder.path + "/phone/IMG_1.JPG")
    }

    func post(_ school: SchoolHome, _ photo: String, caption: String) throws -> CommandResult {
        try school.run(as: "amy", ["post", "create", "--channel", "website", "--caption", caption,
                                   "--checklist", "data-protection,checked-twice,consent,appropriate", photo])
    }

    @Test("the approver reads what is published: a caption with a hidden character is refused before it is stored")
    func captionRefused() throws {
        let (school, photo) = try Self.schoolWithPhoto()
        for caption in ["Sports day\rRory Williams won", "Well done\(Self.erase) everyone", "Sports day \u{202E}won yroR"] {
            let result = try post(school, photo, caption: caption)
            #expect(result.status == 2, "\(result.stderr)")
            Self.expectInert(result, "post create")
            #expect(result.stderr.contains("the caption contains an invisible character"))
        }
        #expect(try school.run(as: "amy", ["post", "list"]).stdout.contains("No posts yet."))
    }

    @Test("a name hidden by look-alike letters is still found in a caption")
    func captionLookAlike() throws {
        let (school, photo) = try Self.schoolWithPhoto()
        let result = try post(school, photo, caption: "Rоry Williams won the race") // a Cyrillic о
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("the caption names Rory Williams (P002), who has no consent to be named"))
    }

    @Test("a caption's own line breaks are kept, shown indented under it, and published as written")
    func captionLines() throws {
        let (school, photo) = try Self.schoolWithPhoto()
        let result = try post(school, photo, caption: "Sports day!\r\nWell done, everyone")
        #expect(result.status == 0, "\(result.stderr)")
        let show = try school.run(as: "amy", ["post", "show", "1"])
        Self.expectInert(show, "post show")
        #expect(show.stdoutLines.contains("  Caption: Sports day!"))
        #expect(show.stdoutLines.contains("           Well done, everyone"))
        let queue = try school.run(as: "head", ["queue", "--json"])
        #expect((try queue.json() as? [[String: Any]])?.first?["caption"] as? String == "Sports day!\nWell done, everyone")
        #expect(try school.run(as: "head", ["approve", "1"]).status == 0)
        let outbox = school.folder.path + "/outbox"
        let publish = try school.run(as: "head", ["publish", "1", "--outbox", outbox])
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(school.folder.read(outbox + "/1/caption.txt") == Array("Sports day!\nWell done, everyone\n".utf8))
    }

    @Test("a caption stored before the rule is shown inert in the queue and cannot be approved")
    func captionStoredBefore() throws {
        let (school, photo) = try Self.schoolWithPhoto()
        #expect(try post(school, photo, caption: "Sports day").status == 0)
        try school.sqlite("UPDATE post SET caption = 'Sports day' || char(13) || 'Rory Williams won' WHERE id = 1;")
        let queue = try school.run(as: "head", ["queue"])
        Self.expectInert(queue, "queue")
        #expect(queue.stdout.contains("Caption: Sports day\\u{D}Rory Williams won"))
        // Put there with the sqlite3 shell, it is also an edit behind the log's back: approval
        // refuses on that before it reads the caption (the caption rule is PostRecheck's).
        let approve = try school.run(as: "head", ["approve", "1"])
        #expect(approve.status == 4, "\(approve.stderr)")
        #expect(approve.stderr.contains("edited behind the audit log's back (post 1 was changed outside Photogate"), "\(approve.stderr)")
        #expect(try school.sqlite("SELECT state FROM post WHERE id = 1") == ["queued"])
    }

    @Test("what staff type is refused with a hidden character, before anything is recorded")
    func typedText() throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        let before = try school.eventCount()
        let device = try school.run(as: "admin", ["device", "add", "cam2", "--kind", "trust", "--make", "Canon\(Self.erase)", "--model", "R5"])
        #expect(device.status == 2)
        Self.expectInert(device, "device add")
        #expect(device.stderr.contains("the make contains an invisible character (U+001B, escape)"))
        let channel = try school.run(as: "admin", ["channel", "add", "x", "--platform", "X", "--account", "@rose\u{202E}lane",
                                                   "--purpose", "website"])
        #expect(channel.status == 2)
        #expect(channel.stderr.contains("the account contains an invisible character (U+202E, right-to-left override)"))
        let revoke = try school.run(as: "head", ["device", "revoke", "amy-phone", "--reason", "lost\rfound"])
        #expect(revoke.status == 2)
        #expect(try school.eventCount() == before, "nothing refused reached the record")
    }

    @Test("a box that is not four sane numbers is refused with a reason, never a crash", arguments: [
        "nan,0,10,10", "0,0,inf,10", "1e20,0,10,10", "0,0,10,-5", "0,0,10,1e308",
    ])
    func boxes(box: String) throws {
        let school = try SchoolHome()
        try school.addStandardDevices()
        school.folder.write("phone/IMG_1.JPG", CameraPhoto.jpeg())
        #expect(try school.run(as: "amy", ["ingest", "--device", "amy-phone", school.folder.path + "/phone"]).status == 0)
        let consent = school.folder.write("consent.csv", Array("person_id,first_name,last_name,kind\nP001,Amelia,Pond,pupil\n".utf8))
        #expect(try school.run(as: "admin", ["consent", "import", consent]).status == 0)
        let photo = school.folder.path + "/phone/IMG_1.JPG"

        let typed = try school.run(as: "amy", ["tag", photo, "--person", "P001", "--box", box])
        #expect(typed.status == 2, "\(typed.stderr)")
        #expect(typed.stderr.contains("--box is x,y,width,height: four plain numbers of pixels"), "\(typed.stderr)")
        let manifest = school.folder.write("tags.csv", Array("photo,person,box\n\(photo),P001,\"\(box)\"\n".utf8))
        let listed = try school.run(as: "amy", ["tag", "--manifest", manifest])
        #expect(listed.status == 2, "\(listed.stderr)")
        #expect(listed.stderr.contains("line 2: the box must be x,y,width,height: four plain numbers of pixels"), "\(listed.stderr)")
    }
}
