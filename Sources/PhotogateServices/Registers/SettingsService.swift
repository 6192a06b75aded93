import Foundation
import PhotogateCore
import PhotogateStore

/// The school's policy as data: purposes, deadlines, how faces are found and hidden, who
/// approves. Each change is audited with the value before and after.
public struct SettingsService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public func show() async throws -> Settings {
        try user.require(.viewSettings)
        return try await home.settings.current()
    }

    public func set(_ key: SettingKey, to value: String, now: Date = Date()) async throws -> Settings {
        try user.require(.changeSettings)
        return try await home.settings.change(key, to: value, by: user.name, at: now)
    }
}
