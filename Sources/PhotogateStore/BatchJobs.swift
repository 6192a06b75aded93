import Foundation
import PhotogateCore
import PhotogateFiles

/// The browser's batches in the home's `batch-jobs` folder: each job's progress (`ID.json`,
/// replaced whole after every photo) and, while it is being ingested, the files as they were
/// uploaded (`ID/`). Uploaded files are originals, GPS and all: they are removed as soon as
/// the ingest has them in the vault. A job is a front end's progress, not a record: what it
/// says is shown, never decided from (a post checks every photo again).
public struct BatchJobs: Sendable {
    let folder: String

    init(homeRoot: String) {
        folder = homeRoot + "/batch-jobs"
    }

    /// A new job's id: 16 random hex digits.
    public static func newID() -> String {
        Digest.randomHex(bytes: 8)
    }

    /// Only an id this store could have made names a file.
    public static func isValidID(_ id: String) -> Bool {
        id.utf8.count == 16 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public func save(_ job: BatchJob) throws {
        guard Self.isValidID(job.id) else { throw PhotogateError.invalid("there is no batch \(job.id)", code: "batch.unknown") }
        try makeFolder(folder)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try AtomicFile(destination: "\(folder)/\(job.id).json", permissions: 0o600).write(Array(try encoder.encode(job)))
    }

    public func job(id: String) -> BatchJob? {
        guard Self.isValidID(id), let bytes = try? SafeFile.read("\(folder)/\(id).json", maxBytes: 64 << 20) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(BatchJob.self, from: Data(bytes))
    }

    /// Every job, newest first.
    public func all() -> [BatchJob] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { job(id: String($0.dropLast(5))) }
            .sorted { $0.createdAt > $1.createdAt }
    }

    /// The folder a job's uploaded files are written to (made, private, when missing).
    public func uploadFolder(of id: String) throws -> String {
        guard Self.isValidID(id) else { throw PhotogateError.invalid("there is no batch \(id)", code: "batch.unknown") }
        try makeFolder(folder)
        let uploads = "\(folder)/\(id)"
        try makeFolder(uploads)
        return uploads
    }

    /// Removes a job's uploaded files (the vault has them, or the upload was abandoned).
    public func removeUploads(of id: String) {
        guard Self.isValidID(id) else { return }
        try? FileManager.default.removeItem(atPath: "\(folder)/\(id)")
        AtomicFile.syncFolder(folder)
    }

    private func makeFolder(_ path: String) throws {
        guard SafeFile.entry(at: path) == .missing else { return }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }
}

extension BatchJobs {
    /// Removes upload folders no unfinished job needs: an upload cut off with its request
    /// (no job was saved for it), or a job that has moved past its ingest.
    public func removeAbandonedUploads() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where Self.isValidID(name) {
            if let job = job(id: name), job.stage == .ingesting { continue }
            removeUploads(of: name)
        }
    }
}
