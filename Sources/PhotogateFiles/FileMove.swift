import CFileOps
import Foundation

/// Moving a finished file (or folder) into place without ever replacing what is there.
public enum FileMove {
    /// Renames `source` to `destination` only if nothing is at `destination`, atomically, and
    /// flushes the destination's folder. Returns false, leaving both as they were, when the
    /// name is taken (whatever its letter case, on a disk that ignores case).
    public static func withoutReplacing(_ source: String, to destination: String) throws -> Bool {
        if pg_rename_no_replace(source, destination) != 0 {
            switch errno {
            case EEXIST, ENOTEMPTY:
                return false
            case EINVAL, ENOSYS, ENOTSUP:
                guard try fallback(source, to: destination) else { return false }
            default:
                throw FileSystemError.fromErrno(destination)
            }
        }
        let folder = (destination as NSString).deletingLastPathComponent
        AtomicFile.syncFolder(folder.isEmpty ? "." : folder)
        return true
    }

    /// For file systems that cannot rename that way (NFS, some FUSE and network disks).
    private static func fallback(_ source: String, to destination: String) throws -> Bool {
        if SafeFile.entry(at: source) == .directory {
            // rename(2) never replaces a folder that holds anything, and an empty one holds
            // nothing to lose.
            guard rename(source, destination) == 0 else {
                if errno == EEXIST || errno == ENOTEMPTY || errno == ENOTDIR { return false }
                throw FileSystemError.fromErrno(destination)
            }
            return true
        }
        // A hard link is made only when the name is free; then the staged name is dropped.
        if link(source, destination) == 0 {
            unlink(source)
            return true
        }
        if errno == EEXIST { return false }
        guard errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP else { throw FileSystemError.fromErrno(destination) }
        // No hard links either (FAT through FUSE): the name is checked, then taken. Only
        // another run taking the same name in the same instant could be replaced.
        guard SafeFile.entry(at: destination) == .missing else { return false }
        guard rename(source, destination) == 0 else { throw FileSystemError.fromErrno(destination) }
        return true
    }
}
