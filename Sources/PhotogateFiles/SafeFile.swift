import Foundation

/// Reading files without trusting their paths: symbolic links are never followed, only
/// regular files are opened, and the size is checked before anything is read.
public enum SafeFile {
    /// Which file a path named when it was read: enough to tell, later, whether the path
    /// still names that same, unchanged file.
    public struct Identity: Sendable, Equatable {
        public var device: UInt64
        public var inode: UInt64
        public var size: Int64
        public var modifiedSeconds: Int
        public var modifiedNanoseconds: Int

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modifiedSeconds = Int(status.st_mtim.tv_sec)
            modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
        }
    }

    /// The identity of what a path names now, without following a final link.
    public static func identity(at path: String) -> Identity? {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Identity(status)
    }

    /// Reads a whole regular file, refusing links, devices, folders and files over `maxBytes`.
    /// The size is checked on the open descriptor, so what is read is what was checked.
    public static func read(_ path: String, maxBytes: Int64) throws -> [UInt8] {
        try readIdentified(path, maxBytes: maxBytes).bytes
    }

    /// Reads a file as `read` does, and says which file it was.
    public static func readIdentified(_ path: String, maxBytes: Int64) throws -> (bytes: [UInt8], identity: Identity) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw FileSystemError.fromErrno(path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileSystemError.fromErrno(path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw FileSystemError(kind: .notRegularFile, path: path, detail: "not a regular file")
        }
        let size = Int64(status.st_size)
        guard size <= maxBytes else {
            throw FileSystemError(kind: .tooLarge, path: path, detail: "\(size) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + done, buffer.count - done)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError.fromErrno(path)
            }
            if count == 0 { break }
            done += count
        }
        return (done == bytes.count ? bytes : Array(bytes[..<done]), Identity(status))
    }

    /// What is at a path, without following a final symbolic link.
    public enum Entry: Sendable, Equatable {
        case regularFile(size: Int64)
        case directory
        case symbolicLink
        case other
        case missing
    }

    public static func entry(at path: String) -> Entry {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regularFile(size: Int64(status.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The absolute, symlink-free form of an existing path (its parent folders resolved).
    public static func resolvedPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().resolvingSymlinksInPath()
        return parent.appendingPathComponent(url.lastPathComponent).standardizedFileURL.path
    }
}
