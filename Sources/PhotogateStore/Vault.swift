import Foundation
import PhotogateFiles

/// The originals, as ingested: one private file per distinct photo, named by the SHA-256 of
/// its content (`vault/ab/cd/abcd…`). A name is therefore also a check: a file whose content
/// no longer hashes to its name has been damaged or replaced. Copies are written in a
/// staging folder beside the vault and renamed in, so the vault never holds a partial file.
public struct Vault: Sendable {
    public let root: String
    public let staging: String

    public init(root: String, staging: String) {
        self.root = root
        self.staging = staging
    }

    public func path(for sha256: String) -> String {
        precondition(sha256.count == 64 && sha256.allSatisfy(\.isHexDigit), "not a SHA-256")
        let a = sha256.prefix(2), b = sha256.dropFirst(2).prefix(2)
        return "\(root)/\(a)/\(b)/\(sha256)"
    }

    /// Stores bytes under their hash: written to a temporary file, flushed, checked by hash,
    /// then renamed into place (mode 0600). An existing, intact copy is kept as it is.
    public func store(_ bytes: [UInt8], sha256: String) throws {
        if contains(sha256) { return }
        let destination = path(for: sha256)
        let folder = (destination as NSString).deletingLastPathComponent
        // New folders are flushed into their parents too, so a power cut cannot lose the copy
        // after its source was deleted.
        let middle = (folder as NSString).deletingLastPathComponent
        for path in [middle, folder, staging] where SafeFile.entry(at: path) == .missing {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            AtomicFile.syncFolder((path as NSString).deletingLastPathComponent)
        }
        try AtomicFile(destination: destination, permissions: 0o600, temporaryFolder: staging).write({ descriptor in
            try AtomicFile.writeAll(bytes, to: descriptor, path: destination)
        }, check: { temporary in
            guard Digest.sha256(try SafeFile.read(temporary, maxBytes: .max)) == sha256 else {
                throw FileSystemError(kind: .other, path: temporary, detail: "the copy does not match its hash")
            }
        })
    }

    /// True when the vault holds an intact copy: the file exists and hashes to its name.
    public func contains(_ sha256: String) -> Bool {
        (try? read(sha256)) != nil
    }

    /// A stored copy that no longer hashes to its name.
    public struct DamagedCopy: Error, CustomStringConvertible {
        public var sha256: String

        public var description: String {
            "the vault copy of \(sha256.prefix(12)) is damaged: it no longer matches its hash"
        }
    }

    /// A stored photo, checked against its name: a damaged copy is never handed out.
    public func read(_ sha256: String) throws -> [UInt8] {
        let bytes = try SafeFile.read(path(for: sha256), maxBytes: .max)
        guard Digest.sha256(bytes) == sha256 else { throw DamagedCopy(sha256: sha256) }
        return bytes
    }

    /// Removes temporary files a killed run left in the staging folder. Call only while
    /// holding the home's write lock, so no running ingest is writing one.
    public func sweepTemporaryFiles() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? [] {
            try? FileManager.default.removeItem(atPath: "\(staging)/\(name)")
        }
    }
}
