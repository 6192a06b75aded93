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
                // A file system that cannot rename that way (NFS): a hard link is made only
                // when the name is free, then the staged name is dropped.
                guard link(source, destination) == 0 else {
                    if errno == EEXIST { return false }
                    throw FileSystemError.fromErrno(destination)
                }
                unlink(source)
            default:
                throw FileSystemError.fromErrno(destination)
            }
        }
        let folder = (destination as NSString).deletingLastPathComponent
        AtomicFile.syncFolder(folder.isEmpty ? "." : folder)
        return true
    }
}
