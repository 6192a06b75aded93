import Foundation

/// A private folder where a run writes files before they take their names, inside the folder
/// they go to (so one rename moves each in, on the same disk). Every run gets its own. While
/// its run lives the folder is locked (`flock`, which the system releases when the process
/// ends, however it ends), so the next run to make one in the same place removes what a
/// killed run left there, and never what a live run is writing.
public enum StagingFolder {
    /// Staging folders are dot-folders with this name, then `-` and a random suffix.
    public static let namePrefix = ".photogate-partial"

    /// True for a staging folder's name (and the single one earlier versions used).
    public static func isStaging(_ name: String) -> Bool {
        name == namePrefix || name.hasPrefix(namePrefix + "-")
    }

    /// Makes a staging folder in `parent`, runs `body` with its path, then removes it.
    public static func using<T>(in parent: String, _ body: (String) throws -> T) throws -> T {
        let held = try Held(in: parent)
        defer { held.release() }
        return try body(held.path)
    }

    /// Makes a staging folder in `parent`, runs `body` with its path, then removes it.
    public static func using<T>(in parent: String, _ body: (String) async throws -> T) async throws -> T {
        let held = try Held(in: parent)
        defer { held.release() }
        return try await body(held.path)
    }

    /// A staging folder and the descriptor holding its lock.
    private struct Held {
        let path: String
        let descriptor: Int32

        /// While the parent folder is locked (so no other run is between making its folder
        /// and locking it), removes abandoned staging folders, then makes and locks one.
        init(in parent: String) throws {
            let parentDescriptor = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard parentDescriptor >= 0 else { throw FileSystemError.fromErrno(parent) }
            defer { close(parentDescriptor) }
            guard flock(parentDescriptor, LOCK_EX) == 0 else { throw FileSystemError.fromErrno(parent) }
            Self.removeAbandoned(in: parent)

            var template = Array("\(parent)/\(StagingFolder.namePrefix)-XXXXXX".utf8CString)
            guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
                throw FileSystemError.fromErrno(parent)
            }
            path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let error = FileSystemError.fromErrno(path)
                if descriptor >= 0 { close(descriptor) }
                rmdir(path)
                throw error
            }
        }

        func release() {
            try? FileManager.default.removeItem(atPath: path)
            close(descriptor)
        }

        /// A staging folder whose lock can be taken belongs to a run that has ended.
        private static func removeAbandoned(in parent: String) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where StagingFolder.isStaging(name) {
                let path = parent + "/" + name
                guard SafeFile.entry(at: path) == .directory else { continue }
                let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard descriptor >= 0 else { continue }
                defer { close(descriptor) }
                if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                    try? FileManager.default.removeItem(atPath: path)
                }
            }
        }
    }
}
