import Foundation
import PhotogateFiles

/// The publishable copy of each post photo (faces hidden, no metadata), in the home's
/// `renders` folder: `renders/POST/POSITION-HASH.jpg`, named by the SHA-256 of its content.
///
/// Posts record a render by its path relative to the home, so a home that is moved, or
/// restored from a backup to another folder, still finds its renders. Renders are written in
/// a staging folder first and moved into the post's folder inside the transaction that
/// records them; what a killed run left is removed by a later one.
struct Renders: Sendable {
    let homeRoot: String

    init(homeRoot: String) {
        self.homeRoot = homeRoot
    }

    static let folderName = "renders"

    var folder: String { homeRoot + "/" + Self.folderName }

    /// Runs `body` with a staging folder of this run's own for new renders, removed after.
    func staging<T>(_ body: (String) async throws -> T) async throws -> T {
        if SafeFile.entry(at: folder) == .missing {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return try await StagingFolder.using(in: folder, body)
    }

    /// Moves a staged render into its post's folder; returns the path to record. Call inside
    /// the write transaction that records it: if that transaction does not commit, the file
    /// is an unrecorded leftover, removed by `removeUnrecorded` later.
    func keep(_ staged: String, post: Int64, position: Int, sha256: String) throws -> String {
        let postFolder = folder + "/\(post)"
        if SafeFile.entry(at: postFolder) == .missing {
            try FileManager.default.createDirectory(atPath: postFolder, withIntermediateDirectories: true)
            AtomicFile.syncFolder(folder)
        }
        // Named by its content: a file already under this name is this very render.
        let relative = "\(Self.folderName)/\(post)/\(position)-\(sha256.prefix(16)).jpg"
        guard rename(staged, homeRoot + "/" + relative) == 0 else { throw FileSystemError.fromErrno(homeRoot + "/" + relative) }
        AtomicFile.syncFolder(postFolder)
        return relative
    }

    /// Where a recorded render is now, or nil when the record does not name a file in the
    /// renders folder (an absolute path, a `..`): such a record is never followed.
    func path(of recorded: String) -> String? {
        guard let relative = Self.relativePath(recorded), relative == recorded else { return nil }
        return homeRoot + "/" + relative
    }

    /// Removes the files of a post's folder that `recorded` (the post's rows, read in the
    /// caller's write transaction) does not name: an earlier round's renders, or those of a
    /// run killed before it recorded them. A folder with no post row at all (a create killed
    /// before it committed) is removed whole by passing an empty list.
    func removeUnrecorded(post: Int64, recorded: [String]) {
        let postFolder = folder + "/\(post)"
        let kept = Set(recorded.compactMap { ($0 as NSString).lastPathComponent })
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: postFolder) else { return }
        for name in names where !kept.contains(name) {
            try? FileManager.default.removeItem(atPath: postFolder + "/" + name)
        }
        if kept.isEmpty { rmdir(postFolder) }
    }

    /// The home-relative form (`renders/POST/NAME`) of a render path as any version recorded
    /// it: earlier versions recorded the absolute path of the home at the time. Nil when the
    /// path does not end in a render's place.
    static func relativePath(_ recorded: String) -> String? {
        let parts = recorded.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        let tail = parts.suffix(3)
        let (folder, post, name) = (tail[tail.startIndex], tail[tail.startIndex + 1], tail[tail.startIndex + 2])
        guard folder == folderName, !post.isEmpty, post.allSatisfy(\.isASCII), post.allSatisfy(\.isNumber),
              !name.isEmpty, !name.hasPrefix("."), name.hasSuffix(".jpg") else { return nil }
        return "\(folder)/\(post)/\(name)"
    }
}
