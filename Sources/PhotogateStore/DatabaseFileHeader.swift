import PhotogateCore
import Foundation
import PhotogateFiles

/// What the first 100 bytes of an SQLite database file say about it, read as plain bytes
/// (https://www.sqlite.org/fileformat.html), so a file can be judged before SQLite opens it.
struct DatabaseFileHeader {
    /// The file starts with SQLite's magic string.
    let isSQLite: Bool
    /// The application id (offset 68, big-endian) that marks whose file it is; 0 when unset.
    let applicationID: Int32
    /// In write-ahead-log mode (the read and write versions at offsets 18 and 19 are 2).
    let usesWriteAheadLog: Bool

    static let magic = Array("SQLite format 3\u{0}".utf8)

    init(bytes: [UInt8]) {
        guard bytes.count >= 100, Array(bytes.prefix(16)) == Self.magic else {
            isSQLite = false
            applicationID = 0
            usesWriteAheadLog = false
            return
        }
        isSQLite = true
        applicationID = bytes[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        usesWriteAheadLog = bytes[18] == 2 && bytes[19] == 2
    }

    /// Reads the header of the file at `path`; a shorter file is not an SQLite database.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.unreadable(path) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 100)
        var count = 0
        while count < bytes.count {
            let done = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if done < 0, errno == EINTR { continue }
            guard done >= 0 else { throw Self.unreadable(path) }
            if done == 0 { break }
            count += done
        }
        self.init(bytes: Array(bytes.prefix(count)))
    }

    private static func unreadable(_ path: String) -> PhotogateError {
        PhotogateError.invalid("cannot read \(FileSystemError.fromErrno(path))")
    }
}
