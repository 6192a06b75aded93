import Foundation
import PhotogateCore

/// The outbox a publisher posts from: `OUTBOX/POST/` holds a publication's files. A
/// publication is written in a staging folder of the run's own inside the outbox, its images
/// checked byte for byte, then appears whole by one move that never replaces anything.
public struct OutboxFolder: Sendable {
    /// The outbox's resolved path.
    public let path: String

    public init(_ given: String) throws {
        try FileManager.default.createDirectory(atPath: given, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: given).standardizedFileURL.path
    }

    /// Where a post's folder is.
    public func folder(ofPost post: Int64) -> String {
        "\(path)/\(post)"
    }

    /// A file of a post's folder, when the folder is there: nil when it is not; an error when
    /// the file cannot be read.
    public func file(_ name: String, ofPost post: Int64) throws -> [UInt8]? {
        let folder = folder(ofPost: post)
        guard SafeFile.entry(at: folder) != .missing else { return nil }
        return try SafeFile.read(folder + "/" + name, maxBytes: 1_000_000)
    }

    /// The names of a post's files that end in `suffix`, sorted.
    public func names(ofPost post: Int64, endingWith suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder(ofPost: post)).filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// Writes a post's files privately, checks the files named in `checks` against their
    /// SHA-256, runs `record`, then makes the folder appear whole. When `record` throws,
    /// nothing appears.
    public func write(post: Int64, files: [(name: String, bytes: [UInt8])], checks: [(name: String, sha256: String)],
                      record: () async throws -> Void) async throws {
        let destination = folder(ofPost: post)
        try await StagingFolder.using(in: path) { staging in
            let folder = staging + "/\(post)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            for file in files { try AtomicFile(destination: folder + "/" + file.name).write(file.bytes) }
            // Byte for byte what passed the final check, so that check holds for the copy.
            for check in checks where Digest.sha256(try SafeFile.read(folder + "/" + check.name, maxBytes: .max)) != check.sha256 {
                throw PhotogateError.integrity("\(check.name) changed while it was written")
            }
            try await record()
            guard try FileMove.withoutReplacing(folder, to: destination) else {
                throw PhotogateError.integrity("\(destination) appeared while post \(post) was being published; "
                                               + "it is recorded as published: move that folder away and publish it again to write it",
                                               code: "outbox.appeared")
            }
        }
    }
}
