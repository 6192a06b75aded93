import Foundation
import PhotogateCore

/// Lists the files under a folder the way a camera card should be read: recursively, in a
/// stable order (by bytes, so two Unicode forms of one name keep their order), skipping hidden and system files (`.DS_Store`, `._*`, `Thumbs.db`), and
/// never following symbolic links (they are reported, so the caller can say why they were
/// skipped).
public struct FolderWalker: Sendable {
    public enum Found: Sendable, Equatable {
        case file(String)
        case symbolicLink(String)
        /// A device, a pipe or a socket: never a photo, but reported, not skipped in silence.
        case notRegularFile(String)
        case unreadableFolder(String, String)
    }

    public init() {}

    public func walk(_ root: String) -> [Found] {
        var found: [Found] = []
        visit(root, into: &found)
        return found
    }

    /// Names that are never photos: dot-files (macOS resource forks, `.DS_Store`, `.Trashes`)
    /// and Windows' thumbnail caches.
    public static func isHiddenOrSystem(_ name: String) -> Bool {
        name.hasPrefix(".") || ["thumbs.db", "desktop.ini"].contains(name.lowercased())
    }

    private func visit(_ folder: String, into found: inout [Found]) {
        guard let listing = Self.list(folder) else {
            found.append(.unreadableFolder(folder, "cannot list the folder"))
            return
        }
        for name in listing.names.sorted(by: { ExactPath($0) < ExactPath($1) }) where !Self.isHiddenOrSystem(name) {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            switch SafeFile.entry(at: path) {
            case .regularFile: found.append(.file(path))
            case .directory: visit(path, into: &found)
            case .symbolicLink: found.append(.symbolicLink(path))
            case .other: found.append(.notRegularFile(path))
            case .missing: found.append(.unreadableFolder(path, "disappeared while the folder was being read"))
            }
        }
        for name in listing.undecodable.sorted(by: { ExactPath($0) < ExactPath($1) }) where !Self.isHiddenOrSystem(name) {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            found.append(.unreadableFolder(path, "its name is not valid UTF-8 text, so it cannot be opened safely: rename it"))
        }
    }

    /// The names in a folder (hidden ones too) that a path `String` names exactly, as the
    /// disk stores them; nil when the folder cannot be listed.
    public static func names(in folder: String) -> [String]? {
        list(folder)?.names
    }

    /// The names in a folder as the disk stores them: those that are valid UTF-8, which a
    /// path `String` names exactly, and the others, shown with their bad bytes replaced.
    private static func list(_ folder: String) -> (names: [String], undecodable: [String])? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = [], undecodable: [String] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if bytes == Array(".".utf8) || bytes == Array("..".utf8) { continue }
            let name = String(decoding: bytes, as: UTF8.self)
            if Array(name.utf8) == bytes { names.append(name) } else { undecodable.append(name) }
        }
        return (names, undecodable)
    }
}
