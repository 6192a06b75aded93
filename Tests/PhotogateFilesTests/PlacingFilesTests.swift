import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateTestSupport
import Testing

@Suite("FileMove, StagingFolder and OutputFolder: files take their names without replacing anything")
struct PlacingFilesTests {
    let folder = TemporaryFolder("placing-files")

    /// Writes a file at a full path (a staging folder's, which is not named inside `folder`).
    @discardableResult
    func put(_ path: String, _ bytes: [UInt8]) -> String {
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
        return path
    }

    // MARK: FileMove

    @Test("a free name is taken by the move; the source is gone")
    func moveToFreeName() throws {
        let source = folder.write("staged.jpg", [1, 2])
        #expect(try FileMove.withoutReplacing(source, to: folder.path + "/IMG_1.jpg"))
        #expect(folder.read("IMG_1.jpg") == [1, 2])
        #expect(SafeFile.entry(at: source) == .missing)
    }

    @Test("a name already taken is left as it was, and so is the source")
    func takenNameKept() throws {
        let source = folder.write("staged.jpg", [1, 2])
        let existing = folder.write("IMG_1.jpg", [9, 9, 9])
        #expect(try !FileMove.withoutReplacing(source, to: existing))
        #expect(folder.read(existing) == [9, 9, 9])
        #expect(folder.read(source) == [1, 2])

        // A folder onto a folder that is there, empty or not, is refused too.
        folder.write("staging/1/01.jpg", [1])
        folder.write("outbox/1/01.jpg", [2])
        #expect(try !FileMove.withoutReplacing(folder.path + "/staging/1", to: folder.path + "/outbox/1"))
        try FileManager.default.createDirectory(atPath: folder.path + "/outbox/2", withIntermediateDirectories: false)
        #expect(try !FileMove.withoutReplacing(folder.path + "/staging/1", to: folder.path + "/outbox/2"))
        #expect(folder.read("outbox/1/01.jpg") == [2] && folder.read("staging/1/01.jpg") == [1])
        #expect(try FileMove.withoutReplacing(folder.path + "/staging/1", to: folder.path + "/outbox/3"))
        #expect(folder.read("outbox/3/01.jpg") == [1])
    }

    @Test("a source that is not there is an error naming the destination, not a silent false")
    func missingSource() {
        let error = #expect(throws: FileSystemError.self) {
            try FileMove.withoutReplacing(folder.path + "/nothing.jpg", to: folder.path + "/IMG_1.jpg")
        }
        #expect(error?.kind == .notFound)
        #expect(error?.path == folder.path + "/IMG_1.jpg")
    }

    // MARK: StagingFolder

    /// Makes a staging folder as a killed run would have left it: a file inside, no lock held.
    func abandonedStaging(_ name: String) -> String {
        folder.write("out/\(name)/0.jpg", [1])
        return folder.path + "/out/" + name
    }

    @Test("a run's staging folder is private to it, inside the folder given, and removed after, even when the run fails")
    func stagingLifetime() throws {
        try FileManager.default.createDirectory(atPath: folder.path + "/out", withIntermediateDirectories: false)
        var used: String?
        try StagingFolder.using(in: folder.path + "/out") { staging in
            used = staging
            #expect(SafeFile.entry(at: staging) == .directory)
            #expect(StagingFolder.isStaging((staging as NSString).lastPathComponent))
            #expect((staging as NSString).deletingLastPathComponent == folder.path + "/out")
            put(staging + "/0.jpg", [1])
        }
        #expect(used.map { SafeFile.entry(at: $0) } == .missing)

        struct Failed: Error {}
        #expect(throws: Failed.self) {
            try StagingFolder.using(in: folder.path + "/out") { staging in
                used = staging
                throw Failed()
            }
        }
        #expect(used.map { SafeFile.entry(at: $0) } == .missing)
        #expect(folder.list("out").isEmpty)
    }

    @Test("folders a killed run left are removed by the next run; other dot-folders are not")
    func abandonedRemoved() throws {
        let abandoned = abandonedStaging(StagingFolder.namePrefix + "-k1ll3d")
        let older = abandonedStaging(StagingFolder.namePrefix)
        let unrelated = abandonedStaging(".photogate-partialities")
        try StagingFolder.using(in: folder.path + "/out") { _ in
            #expect(SafeFile.entry(at: abandoned) == .missing)
            #expect(SafeFile.entry(at: older) == .missing)
        }
        #expect(SafeFile.entry(at: unrelated) == .directory)
        #expect(!StagingFolder.isStaging(".photogate-partialities"))
    }

    @Test("a live run's staging folder is kept while another run makes its own beside it")
    func liveKept() throws {
        try FileManager.default.createDirectory(atPath: folder.path + "/out", withIntermediateDirectories: false)
        try StagingFolder.using(in: folder.path + "/out") { live in
            put(live + "/0.jpg", [7])
            try StagingFolder.using(in: folder.path + "/out") { other in
                #expect(other != live)
                #expect(folder.read(live + "/0.jpg") == [7], "the live run's work is untouched")
            }
            #expect(folder.read(live + "/0.jpg") == [7])
        }
    }

    // MARK: OutputFolder

    @Test("the output folder is made when missing; a file or a link in its place is refused")
    func outputFolderCreation() throws {
        let output = try OutputFolder(creating: folder.path + "/sanitized/today")
        #expect(SafeFile.entry(at: output.path) == .directory)
        #expect(output.shown == folder.path + "/sanitized/today")
        #expect(output.shownFile("IMG_1.jpg") == folder.path + "/sanitized/today/IMG_1.jpg")

        let file = folder.write("not-a-folder", [1])
        let error = #expect(throws: PhotogateError.self) { try OutputFolder(creating: file) }
        #expect(error?.kind == .invalid)
        #expect(error?.message == "the output folder \(file) is not a folder")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: output.path)
        #expect(throws: PhotogateError.self) { try OutputFolder(creating: folder.path + "/link") }
    }

    @Test("names: one per input place, never one the folder holds, the same input the same name")
    func outputNames() throws {
        let output = try OutputFolder(creating: folder.path + "/out")
        folder.write("out/IMG_1.jpg", [1])
        let names = output.names(for: ["/card/a/IMG_1.JPG", "/card/b/IMG_1.JPG", "/card/IMG 2.png", "/card/a/IMG_1.JPG"])
        #expect(names.map(\.fileName) == ["IMG_1-2.jpg", "IMG_1-3.jpg", "IMG_2.jpg", "IMG_1-2.jpg"])
        #expect(names[0].alreadyTaken == "IMG_1.jpg", "the summary says the plain name was taken")
        #expect(names[2].alreadyTaken == nil)
    }

    @Test("placing: a name taken meanwhile by another run gets the next free one, and the other file is kept")
    func placeNextFree() async throws {
        let output = try OutputFolder(creating: folder.path + "/out")
        let name = try #require(output.names(for: ["/card/IMG_1.JPG"]).first)
        #expect(name.fileName == "IMG_1.jpg")
        try await output.staging { staging in
            folder.write("out/IMG_1.jpg", [9])
            let staged = put(staging + "/0.jpg", [1])
            let placed = try output.place(staged, as: name)
            #expect(placed.fileName == "IMG_1-2.jpg")
            #expect(placed.alreadyTaken == "IMG_1.jpg")
        }
        #expect(folder.read("out/IMG_1.jpg") == [9])
        #expect(folder.read("out/IMG_1-2.jpg") == [1])
        #expect(folder.list("out") == ["IMG_1-2.jpg", "IMG_1.jpg"], "the staging folder is gone")
    }

    // MARK: Digest

    @Test("SHA-256 in lowercase hexadecimal: the standard vectors, and agreement with an independent implementation")
    func digest() {
        #expect(Digest.sha256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<10_000).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        #expect(Digest.sha256(bytes) == TestDigest.sha256(Data(bytes)))
        #expect(Digest.sha256(bytes[1...]) == TestDigest.sha256(Data(bytes[1...])), "any sequence of bytes, not only arrays")
    }

    @Test("random ids and tokens are the length asked for, lowercase hexadecimal, and never repeat")
    func randomHex() {
        let tokens = (0..<1000).map { _ in Digest.randomHex(bytes: 32) }
        #expect(tokens.allSatisfy { $0.utf8.count == 64 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
        #expect(Set(tokens).count == tokens.count)
        #expect(Set(tokens.flatMap { Array($0) }).count == 16, "every digit turns up")
    }
}
