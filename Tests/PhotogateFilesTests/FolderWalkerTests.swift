import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateTestSupport
import Testing

@Suite("FolderWalker and InputCollector: a camera card read the safe way")
struct FolderWalkerTests {
    let folder = TemporaryFolder("folder-walker")
    var card: String { folder.path + "/card" }

    /// NFC (`é` as one code point) and NFD (`e` and a combining accent): one name to a
    /// `String`, two files to Linux.
    static let composed = "caf\u{E9}.jpg"
    static let decomposed = "cafe\u{301}.jpg"

    /// A file whose name is the given bytes, which need not be UTF-8.
    func createFile(named bytes: [UInt8], in directory: String) {
        let path = Array(directory.utf8) + [UInt8(ascii: "/")] + bytes + [0]
        let descriptor = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
    }

    @Test("every photo in every folder, in byte order; hidden and system files and what is in hidden folders skipped")
    func hiddenAndSystemSkipped() {
        for name in ["DCIM/100APPLE/IMG_0002.JPG", "DCIM/100APPLE/IMG_0001.JPG", "DCIM/IMG_0003.HEIC", "a.jpg",
                     ".DS_Store", "DCIM/._IMG_0001.JPG", "DCIM/100APPLE/Thumbs.db", "desktop.ini", ".Trashes/IMG_9.JPG"] {
            folder.write("card/" + name, [1])
        }
        #expect(FolderWalker().walk(card) == [
            .file(card + "/DCIM/100APPLE/IMG_0001.JPG"), .file(card + "/DCIM/100APPLE/IMG_0002.JPG"),
            .file(card + "/DCIM/IMG_0003.HEIC"), .file(card + "/a.jpg"),
        ])
        #expect(FolderWalker.isHiddenOrSystem("THUMBS.DB") && FolderWalker.isHiddenOrSystem("._IMG.JPG"))
        #expect(!FolderWalker.isHiddenOrSystem("IMG.JPG"))
    }

    @Test("links to files and to folders are reported, never followed; pipes are reported as not files")
    func linksRefused() throws {
        folder.write("card/IMG_1.JPG", [1])
        folder.write("elsewhere/secret.jpg", [2])
        try FileManager.default.createSymbolicLink(atPath: card + "/link.jpg", withDestinationPath: card + "/IMG_1.JPG")
        try FileManager.default.createSymbolicLink(atPath: card + "/linked-folder", withDestinationPath: folder.path + "/elsewhere")
        #expect(mkfifo(card + "/pipe.jpg", 0o600) == 0)
        #expect(FolderWalker().walk(card) == [
            .file(card + "/IMG_1.JPG"), .symbolicLink(card + "/link.jpg"), .symbolicLink(card + "/linked-folder"),
            .notRegularFile(card + "/pipe.jpg"),
        ])
    }

    @Test("two names that differ only in Unicode form are two files, each named by its own bytes")
    func unicodeFormsKeptApart() throws {
        folder.write("card/" + Self.composed, [1])
        folder.write("card/" + Self.decomposed, [2])
        let found = FolderWalker().walk(card)
        #expect(found.count == 2)
        let paths = found.compactMap { if case let .file(path) = $0 { path } else { nil } }
        // Byte order: "cafe" + U+0301 comes before "caf" + U+00E9.
        #expect(paths.map { Array($0.utf8) } == [Array((card + "/" + Self.decomposed).utf8), Array((card + "/" + Self.composed).utf8)])
        #expect(paths.map { folder.read($0) } == [[2], [1]], "each path opens its own file")
    }

    @Test("a name that is not UTF-8 is reported, so it is never opened under another name")
    func undecodableName() throws {
        try FileManager.default.createDirectory(atPath: card, withIntermediateDirectories: true)
        createFile(named: Array("IMG_".utf8) + [0xFF, 0xFE] + Array(".JPG".utf8), in: card)
        let found = FolderWalker().walk(card)
        guard case let .unreadableFolder(path, reason) = try #require(found.first), found.count == 1 else {
            Issue.record("expected one unreadable entry, got \(found)")
            return
        }
        #expect(path.hasPrefix(card + "/IMG_") && path.hasSuffix(".JPG"))
        #expect(reason.contains("not valid UTF-8"))
    }

    @Test("a folder that cannot be listed is reported")
    func unlistableFolder() {
        #expect(FolderWalker().walk(folder.path + "/no-card") == [.unreadableFolder(folder.path + "/no-card", "cannot list the folder")])
    }

    @Test("inputs: folders walked, sidecars left to their photo, every refusal kept, a file named twice is one input")
    func collector() throws {
        folder.write("card/IMG_1.JPG", [1])
        folder.write("card/IMG_1.xmp", [2])
        folder.write("card/.DS_Store", [3])
        folder.write("single.jpg", [4])
        try FileManager.default.createSymbolicLink(atPath: card + "/link.jpg", withDestinationPath: card + "/IMG_1.JPG")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/card-again", withDestinationPath: card)
        let link = folder.path + "/shortcut.jpg"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.path + "/single.jpg")
        #expect(mkfifo(folder.path + "/pipe.jpg", 0o600) == 0)

        let items = InputCollector().collect([
            card, folder.path + "/single.jpg", folder.path + "/missing.jpg", link, folder.path + "/pipe.jpg",
            // The same files again: directly, and through a linked folder.
            card + "/IMG_1.JPG", folder.path + "/card-again/IMG_1.JPG", folder.path + "/./single.jpg",
        ])
        #expect(items == [
            .photo(card + "/IMG_1.JPG"), .refused(card + "/link.jpg", .symbolicLink), .photo(folder.path + "/single.jpg"),
            .refused(folder.path + "/missing.jpg", .notFound), .refused(link, .symbolicLink), .refused(folder.path + "/pipe.jpg", .notRegularFile),
        ])
    }

    @Test("inputs whose names differ only in Unicode form are two inputs")
    func collectorKeepsUnicodeFormsApart() {
        let composed = folder.write(Self.composed, [1])
        let decomposed = folder.write(Self.decomposed, [2])
        let items = InputCollector().collect([composed, decomposed, composed])
        #expect(items.count == 2)
        #expect(items.map { if case let .photo(path) = $0 { Array(path.utf8) } else { [] } } == [Array(composed.utf8), Array(decomposed.utf8)])
    }
}
