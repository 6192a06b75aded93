import Foundation
import GRDB
import PhotogateCore

/// The school's policy as data: its name, the purposes photos may be used for, and the
/// deadline for deleting photos from personal devices.
public struct Settings: Sendable, Equatable, Codable {
    public var school: String
    public var purposes: [String]
    public var deletionDeadlineHours: Int

    public init(school: String, purposes: [String] = Purposes.defaults, deletionDeadlineHours: Int = 24) {
        self.school = school
        self.purposes = purposes
        self.deletionDeadlineHours = deletionDeadlineHours
    }

    static let key = "settings"

    public static func load(_ db: Database) throws -> Settings {
        guard let json = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) else {
            throw PhotogateHome.Problem(description: "the home has no settings; was it created with `photogate init`?")
        }
        return try JSONDecoder().decode(Settings.self, from: Data(json.utf8))
    }

    public func save(_ db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(self), as: UTF8.self)
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [Self.key, json])
    }
}
