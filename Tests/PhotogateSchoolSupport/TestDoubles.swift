import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateServices
import Synchronization

/// A camera card held in memory, as an ingest's source (the seam a front end fills: the
/// command line's is a folder, a web page's an upload). It deletes a file when asked, unless
/// told to keep it, and knows which of its files are gone.
public final class MemoryCard: IngestSource {
    public struct File: Sendable {
        public var name: String
        public var bytes: [UInt8]
        /// XMP sidecars read with the photo: their names and bytes.
        public var sidecars: [(name: String, bytes: [UInt8])]

        public init(_ name: String, _ bytes: [UInt8], sidecars: [(name: String, bytes: [UInt8])] = []) {
            self.name = name
            self.bytes = bytes
            self.sidecars = sidecars
        }
    }

    public let names = ["memory card"]
    public let items: [IngestItem]
    public let canRemoveFromDevice: Bool
    /// When set, every deletion is refused with this reason (a file changed after it was read).
    public let keepReason: String?
    /// The names of the files on the card now.
    private let present: Mutex<Set<String>>
    /// Every name the card has held, so it can tell a file deleted since is gone.
    private let everHeld: Set<String>

    /// A card with `files`, which earlier held the files named `formerly` too.
    public init(_ files: [File], formerly: [String] = [], canRemove: Bool = true, keepReason: String? = nil) {
        canRemoveFromDevice = canRemove
        self.keepReason = keepReason
        present = Mutex(Set(files.map(\.name)))
        everHeld = Set(files.map(\.name) + formerly)
        items = files.map { file in
            IngestItem(source: file.name) { () throws(InputRejection) -> PhotoWithSidecars in
                PhotoWithSidecars(file: try PhotoFile(path: file.name, bytes: file.bytes),
                                  sidecars: file.sidecars.map { Sidecar(path: $0.name, content: .xmp($0.bytes)) })
            }
        }
    }

    public func removeFromDevice(_ item: IngestItem, read: PhotoWithSidecars) -> DeviceRemoval {
        if let keepReason { return .kept(keepReason) }
        return present.withLock { $0.remove(item.source) } == nil ? .kept("was not on the card") : .removed
    }

    public func isGone(_ source: String) -> Bool? {
        guard everHeld.contains(source) else { return nil }
        return !remaining.contains(source)
    }

    /// The files still on the card.
    public var remaining: Set<String> { present.withLock { $0 } }
}

/// Where a check's renders go: kept in memory by input number.
public final class MemorySink: PhotoSink {
    private let kept = Mutex<[Int: [UInt8]]>([:])

    public init() {}

    public func keep(_ jpeg: [UInt8], forInput index: Int) throws -> KeptPhoto {
        kept.withLock { $0[index] = jpeg }
        return KeptPhoto(shown: "render \(index)")
    }

    public var renders: [Int: [UInt8]] { kept.withLock { $0 } }
}

/// An outbox in memory, as a publication's target. It can be told to stop right after the
/// service recorded the publication, as a run killed at that moment would.
public final class MemoryOutbox: PublicationTarget {
    public struct Interrupted: Error {}

    private let posts = Mutex<[Int64: [String: [UInt8]]]>([:])
    /// How many of the next publications stop right after they were recorded.
    private let interruptions: Mutex<Int>
    /// How many publications were written whole.
    private let writes = Mutex(0)

    public init(interruptNext count: Int = 0) {
        interruptions = Mutex(count)
    }

    public func location(ofPost post: Int64) -> String {
        "memory outbox/\(post)"
    }

    public func existingManifest(ofPost post: Int64) throws -> PublicationManifest? {
        guard let files = posts.withLock({ $0[post] }) else { return nil }
        guard let bytes = files["manifest.json"], let manifest = PublicationManifest.decoded(bytes) else {
            throw PhotogateError.conflict("\(location(ofPost: post)) holds something else", code: "outbox.taken")
        }
        return manifest
    }

    public func imageNames(ofPost post: Int64) throws -> [String] {
        (posts.withLock { $0[post] } ?? [:]).keys.filter { $0.hasSuffix(".jpg") }.sorted()
    }

    public func publish(_ publication: Publication, record: () async throws -> Void) async throws {
        let files = try publication.files()
        try await record()
        let interrupted = interruptions.withLock { count in
            defer { count = max(0, count - 1) }
            return count > 0
        }
        if interrupted { throw Interrupted() }
        posts.withLock { $0[publication.post] = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.bytes) }) }
        writes.withLock { $0 += 1 }
    }

    /// Puts another publication (the manifest of post `other`) where `post` would go.
    public func occupy(post: Int64, manifestOfPost other: Int64) {
        let manifest = """
        {"post": \(other), "channel": "facebook", "platform": "Facebook", "account": "Rose Lane Primary", "purpose": "social_media",
         "caption": "Another post", "prepared_by": "amy", "prepared_at": "2026-06-19T10:00:00.000Z", "approvers": [],
         "published_by": "head", "published_at": "2026-06-19T11:00:00.000Z", "images": [{"file": "01.jpg", "sha256": "00"}]}
        """
        precondition(PublicationManifest.decoded(Array(manifest.utf8)) != nil, "the manifest reads as one")
        posts.withLock { $0[post] = ["manifest.json": Array(manifest.utf8)] }
    }

    public func files(ofPost post: Int64) -> [String: [UInt8]] {
        posts.withLock { $0[post] } ?? [:]
    }

    /// The names of the files there for a post (what a failed expectation prints).
    public func names(ofPost post: Int64) -> Set<String> {
        Set(files(ofPost: post).keys)
    }

    public var publicationsWritten: Int { writes.withLock { $0 } }
}

/// A value closures running anywhere may change: what a callback saw, in order.
public final class Recorded<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) {
        mutex = Mutex(value)
    }

    public func change(_ body: (inout Value) -> Void) {
        mutex.withLock { body(&$0) }
    }

    public var value: Value { mutex.withLock { $0 } }
}
