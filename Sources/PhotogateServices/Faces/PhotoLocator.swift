import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore

/// Finds the vault photo a user means: a file (its content is hashed, so a copy anywhere
/// names the same photo) or the start of its SHA-256 as `check` prints it.
struct PhotoLocator {
    let home: PhotogateHome

    func sha256(of reference: String, limits: DecodeLimits) throws -> String {
        if SafeFile.entry(at: reference) != .missing {
            do {
                let bytes = try SafeFile.read(reference, maxBytes: limits.maxFileBytes)
                let hash = Digest.sha256(bytes)
                guard try home.database.read({ try PhotoRecord.exists($0, key: hash) }) else {
                    throw PhotogateError.invalid("\(reference) has not been ingested; ingest it from its device first")
                }
                return hash
            } catch let error as FileSystemError {
                throw PhotogateError.invalid("\(reference): \(error.detail)")
            }
        }
        let prefix = reference.lowercased()
        guard prefix.count >= 8, prefix.count <= 64, prefix.allSatisfy(\.isHexDigit) else {
            throw PhotogateError.invalid("\(reference) is neither a file nor the start of a photo's SHA-256 (8 characters or more)")
        }
        let matches = try home.database.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 FROM photo WHERE sha256 LIKE ? LIMIT 2", arguments: [prefix + "%"])
        }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw PhotogateError.invalid("no photo in the vault starts with \(reference)")
        default: throw PhotogateError.invalid("several photos start with \(reference); give more of the hash")
        }
    }
}
