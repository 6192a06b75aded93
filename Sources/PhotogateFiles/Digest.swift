import Foundation
import Crypto

/// SHA-256 in lowercase hexadecimal, the form used for vault names and the audit chain.
public enum Digest {
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
