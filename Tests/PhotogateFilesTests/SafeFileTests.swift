import Foundation
import PhotogateFiles
import PhotogateTestSupport
import Testing

@Suite("SafeFile: reading without trusting the path")
struct SafeFileTests {
    let folder = TemporaryFolder("safe-file")

    @Test("a regular file is read whole, with the identity of what was read")
    func readsRegularFile() throws {
        let path = folder.write("photo.jpg", Array(0..<200).map { UInt8($0) })
        let read = try SafeFile.readIdentified(path, maxBytes: 200)
        #expect(read.bytes == Array(0..<200).map { UInt8($0) })
        #expect(read.identity == SafeFile.identity(at: path))
        #expect(read.identity.size == 200)
        #expect(SafeFile.entry(at: path) == .regularFile(size: 200))
    }

    @Test("a symbolic link is never followed: not read, not identified, reported as a link")
    func linksNeverFollowed() throws {
        let target = folder.write("real.jpg", [1, 2, 3])
        let link = folder.path + "/link.jpg"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let error = try #require(throws: FileSystemError.self) { try SafeFile.read(link, maxBytes: 100) }
        #expect(error.kind == .symbolicLink)
        #expect(error.path == link)
        #expect(SafeFile.identity(at: link) == nil)
        #expect(SafeFile.entry(at: link) == .symbolicLink)

        // A link whose target is missing is still a link, not a missing file.
        let dangling = folder.path + "/dangling.jpg"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: folder.path + "/nowhere.jpg")
        #expect(SafeFile.entry(at: dangling) == .symbolicLink)
    }

    @Test("folders, pipes and missing files are refused with their kind")
    func notRegularFiles() throws {
        try FileManager.default.createDirectory(atPath: folder.path + "/DCIM", withIntermediateDirectories: false)
        let folderError = try #require(throws: FileSystemError.self) { try SafeFile.read(folder.path + "/DCIM", maxBytes: 1_000) }
        #expect(folderError.kind == .notRegularFile)
        #expect(SafeFile.entry(at: folder.path + "/DCIM") == .directory)

        // A pipe would block a plain open(2) forever; it is refused at once.
        let pipe = folder.path + "/pipe.jpg"
        #expect(mkfifo(pipe, 0o600) == 0)
        let pipeError = try #require(throws: FileSystemError.self) { try SafeFile.read(pipe, maxBytes: 1_000) }
        #expect(pipeError.kind == .notRegularFile)
        #expect(SafeFile.entry(at: pipe) == .other)
        #expect(SafeFile.identity(at: pipe) == nil)

        let missing = try #require(throws: FileSystemError.self) { try SafeFile.read(folder.path + "/gone.jpg", maxBytes: 1_000) }
        #expect(missing.kind == .notFound)
        #expect(SafeFile.entry(at: folder.path + "/gone.jpg") == .missing)
    }

    @Test("the size limit is checked before reading: at the limit it is read, one byte over it is refused")
    func sizeLimit() throws {
        let path = folder.write("big.jpg", [UInt8](repeating: 7, count: 1_000))
        #expect(try SafeFile.read(path, maxBytes: 1_000).count == 1_000)
        let error = try #require(throws: FileSystemError.self) { try SafeFile.read(path, maxBytes: 999) }
        #expect(error.kind == .tooLarge)
        #expect(error.detail == "1000 bytes")
        #expect(try SafeFile.read(folder.write("empty.jpg", []), maxBytes: 0) == [])
    }

    @Test("the identity tells a replaced or rewritten file from the one that was read")
    func identityChanges() throws {
        let path = folder.write("IMG_1.JPG", [1, 2, 3, 4])
        let first = try SafeFile.readIdentified(path, maxBytes: 100).identity
        #expect(SafeFile.identity(at: path) == first, "nothing changed")

        // Same size, same content, but written again later: its time differs.
        let later = Date(timeIntervalSince1970: TimeInterval(first.modifiedSeconds) + 60)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: path)
        let touched = try #require(SafeFile.identity(at: path))
        #expect(touched != first)
        #expect(touched.inode == first.inode)

        // Another file put in its place: another inode.
        let other = folder.write("other.jpg", [1, 2, 3, 4])
        #expect(rename(other, path) == 0)
        let replaced = try #require(SafeFile.identity(at: path))
        #expect(replaced.inode != first.inode)

        // Grown in place.
        folder.write("IMG_1.JPG", [1, 2, 3, 4, 5])
        #expect(SafeFile.identity(at: path)?.size == 5)
    }

    @Test("a resolved path has its folders' links resolved, and keeps a final link as it is")
    func resolvedPath() throws {
        let real = folder.path + "/card"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        folder.write("card/IMG_1.JPG", [1])
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/mounted", withDestinationPath: real)
        let resolvedFolder = URL(fileURLWithPath: real).resolvingSymlinksInPath().path
        #expect(SafeFile.resolvedPath(folder.path + "/mounted/./IMG_1.JPG") == resolvedFolder + "/IMG_1.JPG")
        try FileManager.default.createSymbolicLink(atPath: real + "/latest.jpg", withDestinationPath: real + "/IMG_1.JPG")
        #expect(SafeFile.resolvedPath(real + "/latest.jpg") == resolvedFolder + "/latest.jpg")
    }
}
