import Foundation

/// Writes a file so that it either appears whole or not at all: the content goes to a
/// temporary file in the same folder, is flushed to disk, and is renamed into place; the
/// folder is flushed too so the rename survives a power cut. A failure or a crash leaves no
/// partial file under the final name.
public struct AtomicFile: Sendable {
    public let destination: String
    public let permissions: mode_t
    /// Where the temporary file is made; it must be on the destination's file system.
    public let temporaryFolder: String?

    public init(destination: String, permissions: mode_t = 0o644, temporaryFolder: String? = nil) {
        self.destination = destination
        self.permissions = permissions
        self.temporaryFolder = temporaryFolder
    }

    /// Creates the temporary file (next to the destination unless a temporary folder is
    /// given), hands its descriptor to `fill`, then flushes it and calls
    /// `check` with the temporary path before renaming. If `fill` or `check` throws, the
    /// temporary file is removed and the error rethrown.
    public func write(
        _ fill: (Int32) throws -> Void,
        check: (String) throws -> Void = { _ in }
    ) throws {
        _ = try write(fill, check: check, replacing: true)
    }

    /// Writes bytes atomically as a new file, never replacing one: false, leaving what is
    /// there as it was, when something already has the destination's name.
    public func writeNew(_ bytes: [UInt8]) throws -> Bool {
        try write({ try Self.writeAll(bytes, to: $0, path: destination) }, check: { _ in }, replacing: false)
    }

    private func write(_ fill: (Int32) throws -> Void, check: (String) throws -> Void, replacing: Bool) throws -> Bool {
        let folder = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        var template = Array("\(temporaryFolder ?? (folder.isEmpty ? "." : folder))/.\(name).partial-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileSystemError.fromErrno(destination) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, permissions) == 0 else { throw FileSystemError.fromErrno(temporary) }
            try fill(descriptor)
            guard fsync(descriptor) == 0 else { throw FileSystemError.fromErrno(temporary) }
        }
        try check(temporary)
        if replacing {
            guard rename(temporary, destination) == 0 else { throw FileSystemError.fromErrno(destination) }
            Self.syncFolder(folder.isEmpty ? "." : folder)
        } else {
            guard try FileMove.withoutReplacing(temporary, to: destination) else { return false }
        }
        renamed = true
        return true
    }

    /// Writes bytes atomically.
    public func write(_ bytes: [UInt8]) throws {
        try write { descriptor in
            try Self.writeAll(bytes, to: descriptor, path: destination)
        }
    }

    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError.fromErrno(path)
            }
            done += count
        }
    }

    /// Flushes a folder's entries (a rename or an unlink) to disk.
    public static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
