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
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted { ExactPath($0) < ExactPath($1) }
        } catch {
            found.append(.unreadableFolder(folder, "cannot list the folder"))
            return
        }
        for name in names where !Self.isHiddenOrSystem(name) {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            switch SafeFile.entry(at: path) {
            case .regularFile: found.append(.file(path))
            case .directory: visit(path, into: &found)
            case .symbolicLink: found.append(.symbolicLink(path))
            case .other: found.append(.notRegularFile(path))
            case .missing: found.append(.unreadableFolder(path, "disappeared while the folder was being read"))
            }
        }
    }
}
