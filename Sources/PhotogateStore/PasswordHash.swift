import CArgon2
import Foundation
import PhotogateCore

/// Passwords are kept only as Argon2id hashes (the reference library), in the standard
/// encoded form `$argon2id$v=19$m=...,t=...,p=...$salt$hash` that records its own
/// parameters, so stronger settings later still verify older hashes.
public enum PasswordHash {
    /// 19 MiB, 2 passes, 1 lane: OWASP's minimum for Argon2id, about 50 ms here.
    static let memoryKiB: UInt32 = 19 * 1024
    static let passes: UInt32 = 2
    static let lanes: UInt32 = 1
    static let saltLength = 16
    static let hashLength = 32

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func make(_ password: String) throws -> String {
        runs?.count()
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let length = argon2_encodedlen(passes, memoryKiB, lanes, UInt32(saltLength), UInt32(hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let bytes = Array(password.utf8)
        let result = argon2id_hash_encoded(passes, memoryKiB, lanes, bytes, bytes.count, salt, salt.count, hashLength, &encoded, length)
        guard result == ARGON2_OK.rawValue else {
            throw Failure(description: String(cString: argon2_error_message(result)))
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True when the password matches; comparison is constant-time inside the library.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        runs?.count()
        let bytes = Array(password.utf8)
        return argon2id_verify(encoded, bytes, bytes.count) == ARGON2_OK.rawValue
    }

    /// The account `find` returns when `password` is its password; nil otherwise. Exactly one
    /// Argon2 verification either way: against the account's hash or, for a name nobody has,
    /// against `decoy`, so the time taken does not tell which names exist. Runs off the
    /// cooperative pool; a test counting Argon2 runs still sees it.
    static func check(_ password: String, find: @escaping @Sendable () throws -> UserAccount?) async throws -> UserAccount? {
        let counter = runs
        return try await BlockingWork.run {
            try $runs.withValue(counter) {
                let account = try find()
                return verify(password, against: account?.passwordHash ?? decoy) ? account : nil
            }
        }
    }

    /// What sign-in verifies against when nobody has the name given: an Argon2id hash with
    /// the same parameters as `make` uses, of 32 random bytes nobody kept, so checking it
    /// costs what checking a real one costs. A constant: making it on first use would be a
    /// second Argon2 run, and a name that does not exist would take twice as long.
    static let decoy = "$argon2id$v=19$m=19456,t=2,p=1$7vHqTXDRzeZoK4uprwkwow$/hKLwtqQ96D3+UQbXZiL2jcIIgOrXq0KJxWkydpm3KQ"

    /// Counts Argon2 runs (hashes and verifications) in a task that sets one, so tests can
    /// check that a sign-in costs exactly one run whoever signs in, without timing anything.
    @TaskLocal public static var runs: RunCounter?

    public final class RunCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var total = 0

        public init() {}

        public var value: Int { lock.withLock { total } }

        func count() {
            lock.withLock { total += 1 }
        }
    }
}
