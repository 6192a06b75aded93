import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateServices
import PhotogateStore

/// The photos a person named on the command line, as services take them: folders walked,
/// each file read (with its sidecars) only when its turn comes, and what cannot be used kept
/// as a rejection so that every input gets its line.
struct FileInputs {
    let items: [InputCollector.Item]
    let limits: DecodeLimits

    init(_ paths: [String], limits: DecodeLimits) {
        items = InputCollector().collect(paths)
        self.limits = limits
    }

    var photoInputs: [PhotoInput] {
        items.map { item in
            switch item {
            case let .refused(path, rejection):
                PhotoInput.refused(path, rejection)
            case let .photo(path):
                PhotoInput(label: path) { [limits] () throws(InputRejection) -> PhotoWithSidecars in
                    PhotoWithSidecars(file: try PhotoFile.read(path, limits: limits), sidecars: Sidecar.beside(path))
                }
            }
        }
    }

    /// Where each input really is (its resolved path), which names its output; nil for an
    /// input that cannot be read, which has none.
    var places: [String?] {
        items.map { item in
            switch item {
            case .refused: nil
            case let .photo(path): SafeFile.resolvedPath(path)
            }
        }
    }
}

/// An output folder as a service's sink: each JPEG is written in the run's own staging folder,
/// then takes the name planned for its input (or the next free one), never replacing anything.
struct FolderSink: PhotoSink {
    let folder: OutputFolder
    let staging: String
    let names: [OutputName?]

    /// Runs `body` with a sink writing into `folder`, names planned for inputs at `places`.
    static func using<T>(_ folder: OutputFolder, places: [String?], _ body: (FolderSink) async throws -> T) async throws -> T {
        let named = places.indices.filter { places[$0] != nil }
        var names = [OutputName?](repeating: nil, count: places.count)
        for (index, name) in zip(named, folder.names(for: named.map { places[$0]! })) { names[index] = name }
        return try await folder.staging { staging in try await body(FolderSink(folder: folder, staging: staging, names: names)) }
    }

    func keep(_ jpeg: [UInt8], forInput index: Int) throws -> KeptPhoto {
        guard let name = names[index] else { throw PhotogateError.invalid("input \(index + 1) has no output name") }
        let staged = "\(staging)/\(index).jpg"
        try AtomicFile(destination: staged).write(jpeg)
        let placed = try folder.place(staged, as: name)
        return KeptPhoto(shown: folder.shownFile(placed.fileName), nameTaken: placed.alreadyTaken)
    }
}

/// What a person means by a photo on the command line: a file (matched by its content to the
/// photo in the vault, so a copy anywhere names the same photo, as long as the sidecars beside
/// it are ones it was ingested with) or the start of its SHA-256.
enum PhotoReference {
    static func sha256(of reference: String, home: PhotogateHome, user: SignedInUser, limits: DecodeLimits = .standard) async throws -> String {
        let vault = VaultService(home: home, user: user)
        guard SafeFile.entry(at: reference) != .missing else { return try await vault.photo(matching: reference) }
        let hash: String
        do {
            hash = Digest.sha256(try SafeFile.read(reference, maxBytes: limits.maxFileBytes))
        } catch let error as FileSystemError {
            throw PhotogateError.invalid("\(reference): \(error.detail)")
        }
        do {
            return try await vault.photo(hashed: hash, file: reference, sidecars: Sidecar.beside(reference))
        } catch let error as PhotogateError where error.kind == .notFound {
            throw PhotogateError.notFound("\(reference) has not been ingested; ingest it from its device first", code: "photo.not-ingested")
        }
    }

    /// A vault photo as a service's source, labelled as the person named it.
    static func source(_ reference: String, home: PhotogateHome, user: SignedInUser, limits: DecodeLimits) async throws -> PhotoSource {
        guard SafeFile.entry(at: reference) != .missing else {
            return .vault(sha256: try await VaultService(home: home, user: user).photo(matching: reference), label: reference)
        }
        return .given(PhotoInput(label: reference) { () throws(InputRejection) -> PhotoWithSidecars in
            PhotoWithSidecars(file: try PhotoFile.read(reference, limits: limits), sidecars: Sidecar.beside(reference))
        })
    }
}

/// A whole file a person named (a consent list, a tag manifest), read safely, or a one-line
/// refusal naming it.
enum NamedFile {
    static func read(_ path: String, maxBytes: Int) throws -> [UInt8] {
        do {
            return try SafeFile.read(path, maxBytes: Int64(maxBytes))
        } catch let error as FileSystemError {
            throw PhotogateError.invalid(error.kind == .tooLarge ? "\(path) is larger than \(maxBytes / 1_000_000) MB" : "\(path): \(error.detail)")
        }
    }
}
