import Foundation
import PhotogateTestSupport
import Testing

/// Files whose names differ only in Unicode form, output folders used twice or by two runs at
/// once, and a run killed mid-way: every photo gets its own output and its own vault entry,
/// and nothing already on disk is replaced.
@Suite("Nothing lost, nothing overwritten")
struct NothingLostTests {
    let folder = TemporaryFolder("nothing-lost")

    /// `café` written precomposed (NFC: `é` is one character) and decomposed (NFD: `e` and a
    /// combining accent), as a Mac and a phone may name the same word.
    static let composed = "caf\u{E9}.jpg", decomposed = "cafe\u{301}.jpg"

    /// Two different photos side by side whose names differ only in Unicode form.
    func twoCafes(in subfolder: String, make: String = "Apple", model: String = "iPhone 12") throws -> [String] {
        let paths = [
            folder.write("\(subfolder)/\(Self.composed)", CameraPhoto.jpeg(make: make, model: model, variant: 1, width: 96, height: 64)),
            folder.write("\(subfolder)/\(Self.decomposed)", CameraPhoto.jpeg(make: make, model: model, variant: 2, width: 96, height: 64)),
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/" + subfolder)
        try #require(Set(names.map { Array($0.utf8) }).count == 2, "the disk keeps both names")
        return paths
    }

    /// Each JSON object's input, as bytes (a `String` key would merge the two forms), and output.
    func outputsByInput(_ result: CommandResult) throws -> [[UInt8]: String] {
        let objects = try #require(try result.json() as? [[String: Any]])
        var outputs: [[UInt8]: String] = [:]
        for object in objects {
            outputs[Array(try #require(object["input"] as? String).utf8)] = object["output"] as? String
        }
        return outputs
    }

    @Test("sanitize: two names differing only in Unicode form are two photos with two outputs, the same on every run")
    func sanitizeUnicodeForms() throws {
        let inputs = try twoCafes(in: "card")
        let first = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/out1", folder.path + "/card"])
        #expect(first.status == 0, "\(first.stderr)")
        let outputs = try outputsByInput(first)
        #expect(outputs.count == 2)
        let expected: [[UInt8]: String] = [
            Array(inputs[1].utf8): folder.path + "/out1/cafe.jpg", Array(inputs[0].utf8): folder.path + "/out1/cafe-2.jpg",
        ]
        #expect(outputs == expected)
        let written = try folder.list("out1").map { try #require(folder.read("out1/" + $0)) }
        #expect(folder.list("out1") == ["cafe-2.jpg", "cafe.jpg"])
        #expect(Set(written).count == 2, "two different photos, two different outputs")

        // The same names every time, whatever order the inputs are given in.
        let second = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/out2", inputs[1], inputs[0]])
        #expect(try outputsByInput(second).mapValues { ($0 as NSString).lastPathComponent }
            == expected.mapValues { ($0 as NSString).lastPathComponent })
    }

    @Test("ingest --delete-from-device: both Unicode forms are stored, deleted from the phone and recorded")
    func ingestUnicodeForms() throws {
        let school = try SchoolHome("nothing-lost-ingest")
        try school.addStandardDevices()
        let phone = school.folder.path + "/phone"
        let cafes = [Self.composed, Self.decomposed]
        for (index, name) in cafes.enumerated() {
            school.folder.write("phone/DCIM/\(name)", CameraPhoto.jpeg(variant: 10 + index, width: 96, height: 64))
        }
        let result = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", "--delete-from-device", phone])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try result.json() as? [String: Any])
        #expect((summary["accepted"] as? [Any])?.count == 2)
        #expect((summary["deleted"] as? [Any])?.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: phone + "/DCIM").isEmpty, "nothing stays on the phone")
        #expect(school.vaultFiles().count == 2)
        let sources = try school.sqlite("SELECT hex(sourcePath) FROM batchFile WHERE deletedAt IS NOT NULL")
        #expect(Set(sources).count == 2, "each file has its own row, recorded as deleted")
        let deletions = try school.sqlite("SELECT COUNT(*) FROM event WHERE action = 'photo.deleted-from-device'")
        #expect(deletions == ["2"])
        #expect(try school.auditVerifies().status == 0)
    }

    @Test("a file whose name is not valid UTF-8 is refused by name, never dropped in silence")
    func undecodableName() throws {
        let photo = CameraPhoto.jpeg(variant: 3, width: 96, height: 64)
        folder.write("card/good.jpg", photo)
        // caf\xE9.jpg: the é in Latin-1, as an old camera or a Windows copy may write it.
        let name = Array((folder.path + "/card/caf").utf8) + [0xE9] + Array(".jpg".utf8) + [0]
        let descriptor = name.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
        try #require(descriptor >= 0)
        _ = photo.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        close(descriptor)

        let result = try CommandRunner.photogate(["sanitize", "--out", folder.path + "/out", folder.path + "/card"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/card/caf\u{FFFD}.jpg: rejected: cannot be read (its name is not valid UTF-8 text"), "\(result.stderr)")
        #expect(folder.list("out") == ["good.jpg"])
    }

    @Test("a second run into the same folder keeps the first run's files and says which names were taken")
    func secondRunKeepsTheFirst() throws {
        folder.write("card1/IMG_1.JPG", CameraPhoto.jpeg(variant: 1, width: 96, height: 64))
        let first = try CommandRunner.photogate(["sanitize", "--out", folder.path + "/out", folder.path + "/card1"])
        #expect(first.status == 0)
        let kept = try #require(folder.read("out/IMG_1.jpg"))

        // Another card, the camera's numbering started again.
        let input = folder.write("card2/IMG_1.JPG", CameraPhoto.jpeg(variant: 2, width: 96, height: 64))
        let inputBytes = try #require(folder.read(input))
        let second = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path + "/out", folder.path + "/card2"])
        #expect(second.status == 0, "\(second.stderr)")
        let object = try #require((try second.json() as? [[String: Any]])?.first)
        #expect(object["output"] as? String == folder.path + "/out/IMG_1-2.jpg")
        #expect(object["name_taken"] as? String == "IMG_1.jpg")
        #expect(folder.read("out/IMG_1.jpg") == kept, "the first run's output is untouched")
        #expect(folder.list("out") == ["IMG_1-2.jpg", "IMG_1.jpg"])
        #expect(folder.read(input) == inputBytes, "the input is never changed")

        let third = try CommandRunner.photogate(["sanitize", "--out", folder.path + "/out", folder.path + "/card2"])
        #expect(third.stdout.contains("IMG_1-3.jpg (") && third.stdout.contains("IMG_1.jpg was already in the folder and was kept"))
        #expect(third.stdout.contains("1 saved under a new name"))
        #expect(folder.read("out/IMG_1.jpg") == kept)
    }

    /// Photos big enough that a run takes a while, each different (`first` numbers them).
    func card(_ name: String, count: Int, first: Int = 0, side: Int = 480) {
        for index in 0..<count {
            folder.write("\(name)/IMG_\(index).JPG", CameraPhoto.jpeg(variant: first + index, width: side, height: side * 3 / 4))
        }
    }

    @Test("two runs at once into one folder each clean every photo, and neither replaces the other's")
    func concurrentRuns() throws {
        card("cardA", count: 20, side: 320)
        card("cardB", count: 20, first: 100, side: 320)
        let out = folder.path + "/out"
        let runs = try ["cardA", "cardB"].map {
            try KillSwitch.start(["sanitize", "--jobs", "1", "--out", out, folder.path + "/" + $0], environment: [:])
        }
        for run in runs { run.waitUntilExit() }
        #expect(runs.map(\.terminationStatus) == [0, 0], "no photo is falsely rejected")
        let outputs = folder.list("out")
        #expect(outputs.count == 40, "every photo of both runs has its own file: \(outputs)")
        #expect(SchoolHome.stagingLeftovers(under: out).isEmpty)
    }

    @Test("a killed run's leftovers are removed by the next run, never a live run's")
    func killedRunLeftovers() throws {
        card("big", count: 16, side: 480)
        folder.write("small/IMG_S.JPG", CameraPhoto.jpeg(variant: 7, width: 96, height: 64))
        let out = folder.path + "/out"
        // Killed once its staging folder holds something (the folder and a file in it).
        let killed = try KillSwitch.run(["sanitize", "--jobs", "1", "--out", out, folder.path + "/big"], environment: [:],
                                        killAt: .when("a photo is being written") { SchoolHome.stagingLeftovers(under: out).count >= 2 })
        #expect(killed.interrupted)
        let leftovers = SchoolHome.stagingLeftovers(under: out).filter { !$0.contains("/") }
        #expect(leftovers.count == 1, "the killed run left its staging folder: \(leftovers)")

        // A long run, live, while a short one comes and goes.
        let live = try KillSwitch.start(["sanitize", "--jobs", "1", "--out", out + "/live", folder.path + "/big"], environment: [:])
        defer { if live.isRunning { kill(live.processIdentifier, SIGKILL) } }
        let liveStaging = { SchoolHome.stagingLeftovers(under: out + "/live").filter { !$0.contains("/") } }
        // Its staging folder made, and the folder it is in no longer locked: a run holds that
        // lock only while it makes its staging folder, and stopped inside that moment it would
        // keep the short run waiting for ever.
        while live.isRunning, liveStaging().isEmpty || !Self.lockIsFree(on: out + "/live") { usleep(1000) }
        // Held still while the short run comes and goes, so that it is live however slowly
        // the short run starts on a loaded machine (a stopped process still holds its lock).
        try #require(kill(live.processIdentifier, SIGSTOP) == 0)
        let short = try CommandRunner.photogate(["sanitize", "--out", out + "/live", folder.path + "/small"])
        #expect(short.status == 0, "\(short.stderr)")
        try #require(live.isRunning, "the long run must still be running while the short one ran")
        #expect(liveStaging().count == 1, "the live run's staging folder is left alone")
        kill(live.processIdentifier, SIGCONT)

        let again = try CommandRunner.photogate(["sanitize", "--out", out, folder.path + "/small"])
        #expect(again.status == 0)
        #expect(SchoolHome.stagingLeftovers(under: out).filter { !$0.contains("/") }.isEmpty, "the killed run's leftovers are gone")

        live.waitUntilExit()
        #expect(live.terminationStatus == 0, "the live run cleaned every photo")
        #expect(folder.list("out/live").count == 17)
    }

    /// Whether no process holds the `flock` on a folder now (taken and given back at once).
    static func lockIsFree(on folder: String) -> Bool {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(descriptor, LOCK_UN)
        return true
    }
}
