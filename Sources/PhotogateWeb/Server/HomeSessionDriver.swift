import Foundation
import Hummingbird
import PhotogateStore
import ServiceLifecycle

/// Where HummingbirdAuth's session middleware keeps sessions: in the home's database, so a
/// restart signs nobody out. Expired sessions are swept every few minutes while the server runs.
struct HomeSessionDriver: PersistDriver {
    let sessions: any SessionStore

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard try await sessions.create(key: key, value: try Self.encode(value), expiresAt: Self.deadline(expires)) else {
            throw PersistError.duplicate
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await sessions.set(key: key, value: try Self.encode(value), expiresAt: Self.deadline(expires))
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let now = Date()
        guard let stored = try await sessions.get(key: key, now: now),
              let object = try? JSONDecoder().decode(Object.self, from: Data(stored.value)) else { return nil }
        return (object, stored.expiresAt.map { .seconds($0.timeIntervalSince(now)) })
    }

    func remove(key: String) async throws {
        try await sessions.remove(key: key)
    }

    func shutdown() async throws {}

    /// Ends when the server shuts down (gracefully: Ctrl-C, or a test's end), not only when
    /// cancelled; otherwise the server would wait for it forever.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await sessions.removeExpired(now: Date())
                try await Task.sleep(for: .seconds(300))
            }
        }
    }

    private static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    private static func deadline(_ expires: Duration?) -> Date? {
        expires.map { Date().addingTimeInterval(TimeInterval($0.components.seconds)) }
    }
}
