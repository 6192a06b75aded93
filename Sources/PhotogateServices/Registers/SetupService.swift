import Foundation
import PhotogateCore
import PhotogateStore

/// Creates a school's home: the database, the vault, the settings and the first admin.
public enum SetupService {
    public static func initialize(at root: String, school: String, admin: String, password: String, now: Date = Date()) throws -> PhotogateHome {
        let school = try OutsideText.typed(school, field: "the school's name")
        guard !school.isEmpty else { throw PhotogateError.invalid("the school needs a name", code: "school.missing") }
        let first = try UserService.newUser(admin, roles: [.admin], password: password, createdBy: admin, now: now)
        let home = try PhotogateHome.create(at: root)
        try home.database.write { db in
            let settings = Settings(school: school)
            try settings.save(db)
            try AuditLog.append(db, actor: admin, action: "home.created", subject: school,
                                details: ["purposes": settings.purposes.joined(separator: ","),
                                          "deletion_deadline_hours": String(settings.deletionDeadlineHours)], at: now)
            try UserRecord.add(first, in: db)
        }
        return home
    }
}
