import Foundation
import PhotogateCore
import PhotogateFiles

/// A post as published: the rendered JPEGs, the caption, and a manifest saying where it
/// goes and who approved it. What a front end writes to the outbox, or offers as a download.
public struct Publication: Sendable {
    public struct Image: Sendable {
        /// Its file name in the publication (`01.jpg`).
        public var name: String
        public var bytes: [UInt8]
        public var sha256: String
    }

    public var post: Int64
    public var images: [Image]
    public var caption: String
    public var manifest: PublicationManifest

    /// Every file of the publication, by name: the images, `caption.txt` and `manifest.json`.
    public func files() throws -> [(name: String, bytes: [UInt8])] {
        images.map { ($0.name, $0.bytes) } + [("caption.txt", Array((caption + "\n").utf8)), ("manifest.json", try manifest.encoded())]
    }
}

/// The manifest written beside a publication's images.
public struct PublicationManifest: Codable, Equatable, Sendable {
    public struct Image: Codable, Equatable, Sendable {
        public var file: String
        public var sha256: String
    }

    public var post: Int64
    public var channel: String
    public var platform: String
    public var account: String
    public var purpose: String
    public var caption: String
    public var prepared_by: String
    public var prepared_at: String
    public var approvers: [[String: String]]
    public var published_by: String
    public var published_at: String
    public var images: [Image]

    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    public static func decoded(_ bytes: [UInt8]) -> PublicationManifest? {
        try? JSONDecoder().decode(PublicationManifest.self, from: Data(bytes))
    }

    /// Whether `other` (found where this publication goes) is this same publication.
    public func isSamePublication(as other: PublicationManifest) -> Bool {
        other.post == post && other.images == images
    }
}

/// Where published posts go, as a front end provides it (the outbox folder of the command
/// line, a server's configured outbox): the service decides what to publish and records it;
/// the target puts the files in place.
public protocol PublicationTarget: Sendable {
    /// Where a post's publication goes, in the front end's words (recorded with the post).
    func location(ofPost post: Int64) -> String
    /// The manifest of what is already there for the post: nil when nothing is; an error
    /// when something is there that is not a publication.
    func existingManifest(ofPost post: Int64) throws -> PublicationManifest?
    /// The images already there for a post, by name.
    func imageNames(ofPost post: Int64) throws -> [String]
    /// Writes the publication privately, runs `record` (the service records it as
    /// published), then makes it appear whole, by one move that never replaces anything.
    /// When `record` throws, nothing appears.
    func publish(_ publication: Publication, record: () async throws -> Void) async throws
}

/// An outbox folder as a publication's target (the command line's `--outbox`, the server's
/// configured outbox).
public struct OutboxTarget: PublicationTarget {
    let outbox: OutboxFolder

    public init(_ outbox: OutboxFolder) {
        self.outbox = outbox
    }

    public func location(ofPost post: Int64) -> String {
        outbox.folder(ofPost: post)
    }

    public func existingManifest(ofPost post: Int64) throws -> PublicationManifest? {
        let bytes: [UInt8]?
        do {
            bytes = try outbox.file("manifest.json", ofPost: post)
        } catch {
            throw PhotogateError.conflict("\(location(ofPost: post)) already exists and does not belong to this publication; move it away first", code: "outbox.taken")
        }
        guard let bytes else { return nil }
        guard let manifest = PublicationManifest.decoded(bytes) else {
            throw PhotogateError.conflict("\(location(ofPost: post)) already exists and does not belong to this publication; move it away first", code: "outbox.taken")
        }
        return manifest
    }

    public func imageNames(ofPost post: Int64) throws -> [String] {
        try outbox.names(ofPost: post, endingWith: ".jpg")
    }

    public func publish(_ publication: Publication, record: () async throws -> Void) async throws {
        try await outbox.write(post: publication.post, files: try publication.files(), checks: publication.images.map { ($0.name, $0.sha256) },
                               record: record)
    }
}
