import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateServices

/// The outbox folder a publisher posts from, as a publication's target: `OUTBOX/POST/` holds
/// the images, `caption.txt` and `manifest.json`. A publication is written in a staging
/// folder of the run's own inside the outbox, checked byte for byte, then appears whole by
/// one move that never replaces anything.
struct OutboxFolder: PublicationTarget {
    /// The outbox's resolved path.
    let path: String

    init(_ given: String) throws {
        try FileManager.default.createDirectory(atPath: given, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: given).standardizedFileURL.path
    }

    func location(ofPost post: Int64) -> String {
        "\(path)/\(post)"
    }

    func existingManifest(ofPost post: Int64) throws -> PublicationManifest? {
        let folder = location(ofPost: post)
        guard SafeFile.entry(at: folder) != .missing else { return nil }
        guard let bytes = try? SafeFile.read(folder + "/manifest.json", maxBytes: 1_000_000), let manifest = PublicationManifest.decoded(bytes) else {
            throw PhotogateError.conflict("\(folder) already exists and does not belong to this publication; move it away first", code: "outbox.taken")
        }
        return manifest
    }

    func imageNames(ofPost post: Int64) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: location(ofPost: post)).filter { $0.hasSuffix(".jpg") }.sorted()
    }

    func publish(_ publication: Publication, record: () async throws -> Void) async throws {
        let destination = location(ofPost: publication.post)
        try await StagingFolder.using(in: path) { staging in
            let folder = staging + "/\(publication.post)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            for file in try publication.files() { try AtomicFile(destination: folder + "/" + file.name).write(file.bytes) }
            // Byte for byte what passed the final check, so that check holds for the copy.
            for image in publication.images {
                guard Digest.sha256(try SafeFile.read(folder + "/" + image.name, maxBytes: .max)) == image.sha256 else {
                    throw PhotogateError.integrity("\(image.name) changed while it was written")
                }
            }
            try await record()
            guard try FileMove.withoutReplacing(folder, to: destination) else {
                throw PhotogateError.integrity("\(destination) appeared while post \(publication.post) was being published; "
                                               + "it is recorded as published: move that folder away and publish it again to write it",
                                               code: "outbox.appeared")
            }
        }
    }
}
