import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore

/// Photos at screen sizes for a browser: a vault photo sanitized first (its faces as taken,
/// for tagging), or a post's render (its faces hidden, as it will be published). Only ever a
/// verified clean JPEG leaves: never an original, never a byte of its metadata. Each copy is
/// made once and kept in the home under its source's hash.
public struct ImageService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser
    let limits: DecodeLimits

    public init(home: PhotogateHome, user: SignedInUser, limits: DecodeLimits = .standard) {
        self.home = home
        self.user = user
        self.limits = limits
    }

    /// A screen copy and its entity tag (the hash of its bytes: the same bytes, the same tag).
    public struct Copy: Sendable {
        public var jpeg: [UInt8]
        public var entityTag: String
    }

    public func copy(of sha256: String, size: ScreenSize) async throws -> Copy {
        try user.require(.checkPhotos)
        let cache = home.screenImages
        if let kept = cache.copy(of: sha256, size: size) { return Copy(jpeg: kept, entityTag: Digest.sha256(kept)) }
        let clean = try await cleanSource(sha256)
        let jpeg = try await BlockingWork.run { () throws -> [UInt8] in
            let jpeg = try ScreenImage.jpeg(fromClean: clean, size: size)
            try cache.keep(jpeg, of: sha256, size: size)
            return jpeg
        }
        return Copy(jpeg: jpeg, entityTag: Digest.sha256(jpeg))
    }

    /// The full-size clean JPEG the copy is made from.
    private func cleanSource(_ sha256: String) async throws -> [UInt8] {
        if try await home.photos.photo(sha256: sha256) != nil {
            let (vault, limits) = (home.vault, limits)
            return try await BlockingWork.run {
                do {
                    let file = try PhotoFile(path: "photo \(sha256.prefix(12))", bytes: try vault.read(sha256))
                    return try Sanitizer(options: SanitizeOptions(limits: limits)).sanitize(file).jpeg
                } catch let rejection as InputRejection {
                    throw PhotogateError.integrity("photo \(sha256.prefix(12)) cannot be shown: it \(rejection.message)", code: "image.unreadable")
                }
            }
        }
        if let photo = try await home.posts.photo(renderedAs: sha256) {
            return try await home.posts.render(of: photo)
        }
        throw PhotogateError.notFound("there is no photo \(sha256.prefix(12))", code: "image.unknown")
    }
}
