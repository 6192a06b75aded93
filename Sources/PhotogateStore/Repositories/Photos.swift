import Foundation
import PhotogateCore

/// What the home knows about the photos in its vault: their facts, the sidecars that came
/// with them, the tags staff added, and the faces found in them.
public protocol PhotoStore: Sendable {
    func photo(sha256: String) async throws -> StoredPhoto?
    /// The photos whose SHA-256 starts with `prefix` (lowercase hexadecimal), at most `limit`.
    func photos(startingWith prefix: String, limit: Int) async throws -> [String]
    func sidecars(of sha256: String) async throws -> [StoredSidecar]
    /// The staff tags in force on a photo, oldest first.
    func tags(of sha256: String) async throws -> [StaffTag]
    /// Adds tags, all or none; a tag saying the same as one in force is not added again.
    /// Returns the tags added.
    func addTags(_ tags: [StaffTag]) async throws -> [StaffTag]
    /// Removes every tag of `person` in force on a photo; returns how many.
    func removeTags(of person: String, from sha256: String, by actor: String, at time: Date) async throws -> Int
    /// The faces found earlier in a photo with the detection settings named by `settings`.
    func detection(of sha256: String, settings: String) async throws -> [DetectedFace]?
    /// Keeps the faces found, on the record like every row that decides what is blurred.
    func keepDetection(_ faces: [DetectedFace], of sha256: String, settings: String, by actor: String, at time: Date) async throws
    /// The text read earlier in a photo by the reader named by `settings`.
    func textReading(of sha256: String, settings: String) async throws -> [TextRegion]?
    /// Keeps the text read, beside the faces found and on the record like them.
    func keepTextReading(_ regions: [TextRegion], of sha256: String, settings: String, by actor: String, at time: Date) async throws
}

/// One batch from a personal device, as the deletion register counts it.
public struct DeletionTally: Sendable, Equatable {
    public var batch: Batch
    public var holder: String?
    /// Photos stored from the batch (accepted or already in the vault).
    public var storedFiles: Int
    /// Of those, the ones Photogate deleted from the device itself.
    public var deletedFiles: Int
    public var lastDeletedAt: Date?
}

/// Ingest batches: what each file became, and the deletion duty of personal devices.
public protocol BatchStore: Sendable {
    /// Opens a batch (`ingest.started`), with the sources as the front end named them.
    func start(_ batch: Batch, from device: Device, sources: [String]) async throws -> Batch
    /// A file that was not stored, and why.
    func recordRejected(source: String, reason: String, batch: Int64, by actor: String) async throws
    /// A photo whose vault copy is written: its facts (the first time it is seen) and the
    /// sidecars that came with it. Returns true when the vault already had it.
    func recordStored(_ photo: StoredPhoto, source: String, sidecars: [StoredSidecar], sidecarSources: [String],
                      batch: Int64, device: String, by actor: String) async throws -> Bool
    /// Photogate deleted a source file from the device after its copy was safe.
    func recordDeletion(source: String, sha256: String, batch: Int64, device: String, method: String, by actor: String) async throws
    /// Files of the device's batches that asked for deletion and are not yet recorded deleted.
    func pendingDeletions(device: String) async throws -> [BatchFile]
    func finish(_ batch: Int64, counts: [String: String], by actor: String) async throws
    func batch(id: Int64) async throws -> Batch?
    /// The files of a batch that are in the vault (accepted, or already there), in order.
    func storedFiles(of batch: Int64) async throws -> [BatchFile]
    /// The holder (or an admin) attests the batch's photos are gone from the device.
    func confirmDeletion(of batch: Int64, method: String, device: RegisteredDevice, by actor: String, at time: Date) async throws -> Batch
    /// Every batch with a deletion deadline (or just one), with its counts.
    func deletionTallies(batch: Int64?) async throws -> [DeletionTally]
}
