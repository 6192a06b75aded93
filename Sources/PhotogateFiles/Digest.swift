import Foundation
import Crypto

/// SHA-256 in lowercase hexadecimal, the form used for vault names and the audit chain.
public enum Digest {
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return hex(hasher.finalize())
    }

    /// `count` bytes from the system's secure generator, in hexadecimal: ids and tokens
    /// nobody can guess.
    public static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lowercase hexadecimal, without `String(format:)`, which is slow enough on Linux to
    /// dominate verifying a long audit log.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(64)
        for byte in bytes {
            characters.append(hexDigits[Int(byte >> 4)])
            characters.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
