import Foundation
import PhotogateFiles
import PhotogateTestSupport
import Testing

@Suite("AtomicFile: a file appears whole or not at all")
struct AtomicFileTests {
    let folder = TemporaryFolder("atomic-file")

    struct CheckFailed: Error {}

    /// Files in the folder other than the ones named: a half-written temporary file would be one.
    func leftovers(besides names: Set<String> = []) -> [String] {
        folder.list().filter { !names.contains($0) }
    }

    @Test("the bytes appear under the final name with the permissions asked for, and nothing else is left")
    func writesWhole() throws {
        let destination = folder.path + "/manifest.json"
        try AtomicFile(destination: destination, permissions: 0o600).write(Array("{\"post\": 1}\n".utf8))
        #expect(folder.read(destination) == Array("{\"post\": 1}\n".utf8))
        let permissions = try FileManager.default.attributesOfItem(atPath: destination)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(leftovers(besides: ["manifest.json"]).isEmpty)
    }

    @Test("the check sees the whole content, flushed, under a temporary name, before the final name exists")
    func checkSeesWholeTemporaryFile() throws {
        let destination = folder.path + "/01.jpg"
        let bytes = [UInt8](repeating: 0xAB, count: 70_000)
        var checked: String?
        try AtomicFile(destination: destination).write({ descriptor in
            try AtomicFile.writeAll(bytes, to: descriptor, path: destination)
        }, check: { temporary in
            checked = temporary
            #expect(SafeFile.entry(at: destination) == .missing, "the final name appears only after the check")
            let written = try SafeFile.read(temporary, maxBytes: .max)
            #expect(written == bytes)
        })
        let temporary = try #require(checked)
        #expect(temporary != destination)
        #expect((temporary as NSString).deletingLastPathComponent == folder.path)
        #expect((temporary as NSString).lastPathComponent.hasPrefix(".01.jpg.partial-"), "a hidden name no walker picks up")
        #expect(SafeFile.entry(at: temporary) == .missing, "renamed, not copied")
        #expect(folder.read(destination) == bytes)
    }

    @Test("when the check fails, no file is left: neither half a new one nor a temporary one, and the old file stays")
    func failedCheckLeavesNothing() throws {
        let destination = folder.path + "/caption.txt"
        #expect(throws: CheckFailed.self) {
            try AtomicFile(destination: destination).write({ try AtomicFile.writeAll(Array("new caption".utf8), to: $0, path: destination) },
                                                          check: { _ in throw CheckFailed() })
        }
        #expect(SafeFile.entry(at: destination) == .missing)
        #expect(leftovers().isEmpty)

        folder.write("caption.txt", Array("old caption".utf8))
        #expect(throws: CheckFailed.self) {
            try AtomicFile(destination: destination).write({ try AtomicFile.writeAll(Array("new caption".utf8), to: $0, path: destination) },
                                                          check: { _ in throw CheckFailed() })
        }
        #expect(folder.read(destination) == Array("old caption".utf8))
        #expect(leftovers(besides: ["caption.txt"]).isEmpty)
    }

    @Test("when filling fails halfway, the half written is removed")
    func failedFillLeavesNothing() throws {
        let destination = folder.path + "/photo.jpg"
        #expect(throws: CheckFailed.self) {
            try AtomicFile(destination: destination).write { descriptor in
                try AtomicFile.writeAll([1, 2, 3], to: descriptor, path: destination)
                throw CheckFailed()
            }
        }
        #expect(leftovers().isEmpty)
    }

    @Test("a temporary folder given is where the temporary file is made")
    func temporaryFolder() throws {
        let staging = folder.path + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        let destination = folder.path + "/photo.jpg"
        var seen: String?
        try AtomicFile(destination: destination, temporaryFolder: staging).write({ try AtomicFile.writeAll([9], to: $0, path: destination) },
                                                                              check: { seen = $0 })
        #expect(seen.map { ($0 as NSString).deletingLastPathComponent } == staging)
        #expect(folder.read(destination) == [9])
        #expect(folder.list("staging").isEmpty)
    }

    @Test("a new file never replaces one: false, the old file as it was, no temporary file left")
    func newFileNeverReplaces() throws {
        let destination = folder.path + "/preview.jpg"
        #expect(try AtomicFile(destination: destination).writeNew([1, 2, 3]))
        #expect(folder.read(destination) == [1, 2, 3])
        #expect(try !AtomicFile(destination: destination).writeNew([4, 5]))
        #expect(folder.read(destination) == [1, 2, 3])
        try FileManager.default.createDirectory(atPath: folder.path + "/taken", withIntermediateDirectories: false)
        #expect(try !AtomicFile(destination: folder.path + "/taken").writeNew([6]))
        #expect(SafeFile.entry(at: folder.path + "/taken") == .directory)
        #expect(leftovers(besides: ["preview.jpg", "taken"]).isEmpty)
    }

    @Test("a destination in a folder that does not exist is refused, naming it")
    func missingFolder() {
        let destination = folder.path + "/no-such-folder/photo.jpg"
        let error = #expect(throws: FileSystemError.self) { try AtomicFile(destination: destination).write([1]) }
        #expect(error?.kind == .notFound)
        #expect(error?.path == destination)
    }
}
