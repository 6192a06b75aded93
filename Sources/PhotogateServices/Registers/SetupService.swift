import Foundation
import PhotogateCore
import PhotogateStore

/// Creates a school's home: the database, the vault, the settings and the first admin.
public enum SetupService {
    public static func initialize(at root: String, school: String, admin: String, password: String, now: Date = Date()) async throws -> PhotogateHome {
        let school = try OutsideText.typed(school, field: "the school's name")
        guard !school.isEmpty else { throw PhotogateError.invalid("the school needs a name", code: "school.missing") }
        let first = try await UserService.newAccount(admin, roles: [.admin], password: password, school: school, createdBy: admin, now: now)
        return try await PhotogateHome.create(at: root, settings: Settings(school: school), admin: first)
    }
}
