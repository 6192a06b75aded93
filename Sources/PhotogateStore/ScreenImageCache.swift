import Foundation
import PhotogateCore
import PhotogateFiles

/// Screen copies of photos (thumbnails and views), kept in the home's `screen` folder under the
/// hash of what they were made from and their size, so each is made once. They are derived
/// from recorded content and hold nothing the log must prove: a missing or damaged one is made
/// again.
public struct ScreenImageCache: Sendable {
    let folder: String

    init(homeRoot: String) {
        folder = homeRoot + "/screen"
    }

    /// The kept copy, or nil when there is none yet. Only a name made from a SHA-256 is read.
    public func copy(of sha256: String, size: ScreenSize) -> [UInt8]? {
        guard let path = path(of: sha256, size: size) else { return nil }
        return try? SafeFile.read(path, maxBytes: 32 << 20)
    }

    /// Keeps a copy, whole or not at all.
    public func keep(_ bytes: [UInt8], of sha256: String, size: ScreenSize) throws {
        guard let path = path(of: sha256, size: size) else { return }
        if SafeFile.entry(at: folder) == .missing {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try AtomicFile(destination: path, permissions: 0o600).write(bytes)
    }

    private func path(of sha256: String, size: ScreenSize) -> String? {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return folder + "/\(sha256)-\(size.rawValue).jpg"
    }
}
