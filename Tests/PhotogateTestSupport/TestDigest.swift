import Crypto
import Foundation

/// SHA-256 for tests, independent of the code under test.
public enum TestDigest {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
