import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateStore

/// Finding the vault photo someone means, by its SHA-256 or the start of it (as `check`
/// prints it). A front end that has the photo's file hashes its content first: a copy
/// anywhere names the same photo.
public struct VaultService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// The whole SHA-256 of the one vault photo whose hash starts with `reference` (eight
    /// hexadecimal characters or more), or why there is none.
    public func photo(matching reference: String) async throws -> String {
        try user.require(.checkPhotos)
        let prefix = reference.lowercased()
        guard (8...64).contains(prefix.count), prefix.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
            throw PhotogateError.invalid("\(reference) is not the start of a photo's SHA-256 (8 characters or more)", code: "photo.reference")
        }
        let matches = try await home.photos.photos(startingWith: prefix, limit: 2)
        switch matches.count {
        case 1: return matches[0]
        case 0: throw PhotogateError.notFound("no photo in the vault starts with \(reference)", code: "photo.unknown")
        default: throw PhotogateError.invalid("several photos start with \(reference); give more of the hash", code: "photo.ambiguous")
        }
    }

    /// The vault photo a file someone named is a copy of, from its whole SHA-256 (the front
    /// end hashed the file), with the sidecars found beside the file: refused when one of
    /// them is not a sidecar the photo was ingested with (`SidecarAgreement`). `file` names it
    /// in messages.
    public func photo(hashed sha256: String, file: String, sidecars: [Sidecar]) async throws -> String {
        let found = try await photo(matching: sha256)
        let beside = sidecars.map { sidecar in
            switch sidecar.content {
            case let .xmp(bytes): SidecarAgreement.Found(name: sidecar.name, xmp: bytes, problem: nil)
            case let .unreadable(problem): SidecarAgreement.Found(name: sidecar.name, xmp: nil, problem: problem)
            }
        }
        if let problem = SidecarAgreement.problem(file: file, beside: beside, ingested: try await home.photos.sidecars(of: found)) {
            throw PhotogateError.conflict(problem, code: "photo.sidecar-changed")
        }
        return found
    }

    /// The upright size of a vault photo, read from its header: what its face boxes are
    /// measured in.
    public func uprightSize(_ sha256: String, limits: DecodeLimits = .standard) async throws -> (width: Int, height: Int) {
        try user.require(.checkPhotos)
        let vault = home.vault
        do {
            return try await BlockingWork.run {
                let file: PhotoFile
                do { file = try PhotoFile(path: sha256, bytes: try vault.read(sha256)) } catch let rejection as InputRejection { throw rejection } catch {
                    throw InputRejection.unreadable("\(error)")
                }
                return try PhotoInspector.inspect(file, limits: limits).uprightSize
            }
        } catch let rejection as InputRejection {
            throw PhotogateError.integrity("the vault copy of \(sha256.prefix(12)) cannot be read: \(rejection.message)", code: "vault.unreadable")
        }
    }
}
