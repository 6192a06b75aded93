import Foundation
import PhotogateCore
import PhotogateFiles

/// Consent lists uploaded for a preview and not yet confirmed, in the home's `consent-previews`
/// folder: the file as it was sent (`TOKEN.csv`) and what the preview was made against
/// (`TOKEN.json`). Confirming imports the kept file, never one sent again; a preview older
/// than a day is swept.
public struct ConsentPreviews: Sendable {
    /// What a preview was made against: who uploaded which file, over which version.
    public struct Pending: Sendable, Codable, Equatable {
        public var fileName: String
        public var uploadedBy: String
        /// The version in force when the preview was made (nil before the first import).
        public var baseVersion: Int64?
        /// The purposes the sheet was read with: the same bytes read under other purposes
        /// would be other consent.
        public var purposes: [String]
        public var madeAt: Date

        public init(fileName: String, uploadedBy: String, baseVersion: Int64?, purposes: [String], madeAt: Date) {
            self.fileName = fileName
            self.uploadedBy = uploadedBy
            self.baseVersion = baseVersion
            self.purposes = purposes
            self.madeAt = madeAt
        }
    }

    static let keptFor: TimeInterval = 24 * 3600
    let folder: String

    init(homeRoot: String) {
        folder = homeRoot + "/consent-previews"
    }

    /// Only a token this store could have made names a file.
    public static func isValidToken(_ token: String) -> Bool {
        token.utf8.count == 32 && token.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Keeps a file and its preview's base; returns the token that confirms it.
    public func keep(_ bytes: [UInt8], _ pending: Pending) throws -> String {
        sweep(now: pending.madeAt)
        if SafeFile.entry(at: folder) == .missing {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        }
        let token = Digest.randomHex(bytes: 16)
        // What it was made against first: a kill before the file leaves a preview that cannot
        // be confirmed, and is swept.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try AtomicFile(destination: "\(folder)/\(token).json", permissions: 0o600).write(Array(try encoder.encode(pending)))
        try AtomicFile(destination: "\(folder)/\(token).csv", permissions: 0o600).write(bytes)
        return token
    }

    /// The kept file and its preview's base, unless the token is unknown, or the preview a
    /// day old (then it is removed).
    public func kept(_ token: String, maxBytes: Int64, now: Date) -> (bytes: [UInt8], pending: Pending)? {
        guard let pending = pending(token) else { return nil }
        guard now.timeIntervalSince(pending.madeAt) < Self.keptFor else {
            remove(token)
            return nil
        }
        guard let bytes = try? SafeFile.read("\(folder)/\(token).csv", maxBytes: maxBytes) else { return nil }
        return (bytes, pending)
    }

    private func pending(_ token: String) -> Pending? {
        guard Self.isValidToken(token), let meta = try? SafeFile.read("\(folder)/\(token).json", maxBytes: 1 << 16) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(Pending.self, from: Data(meta))
    }

    public func remove(_ token: String) {
        guard Self.isValidToken(token) else { return }
        for suffix in [".csv", ".json"] { try? FileManager.default.removeItem(atPath: "\(folder)/\(token)\(suffix)") }
        AtomicFile.syncFolder(folder)
    }

    /// Removes previews nobody confirmed within a day.
    private func sweep(now: Date) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasSuffix(".json") {
            let token = String(name.dropLast(5))
            if let pending = pending(token), now.timeIntervalSince(pending.madeAt) < Self.keptFor { continue }
            remove(token)
        }
    }
}
