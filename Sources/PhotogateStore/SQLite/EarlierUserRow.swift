import Foundation
import GRDB
import PhotogateCore

/// A user as sign-in reads them, before the home's migrations have run: a home made by an
/// earlier version may keep roles joined with commas (before `v8`) and have no columns for
/// disabling users or forcing a new password (before `v7`); those read as not set. A role
/// this version does not know is an integrity failure, never dropped.
struct EarlierUserRow: FetchableRecord {
    let account: UserAccount

    init(row: Row) throws {
        let roleText: String = row["roles"]
        let names: [String]
        if roleText.hasPrefix("[") {
            names = try JSONDecoder().decode([String].self, from: Data(roleText.utf8))
        } else {
            names = roleText.split(separator: ",").map(String.init)
        }
        let roles = try names.map { name -> Role in
            guard let role = Role(rawValue: name) else { throw PhotogateError.integrity("the home records a role this version does not know: \(name)") }
            return role
        }
        account = UserAccount(name: row["name"], passwordHash: row["passwordHash"], roles: Set(roles), createdAt: row["createdAt"],
                              createdBy: row["createdBy"], disabled: row["disabled"] ?? false, mustChangePassword: row["mustChangePassword"] ?? false)
    }

    static func named(_ name: String, in db: Database) throws -> UserAccount? {
        try EarlierUserRow.fetchOne(db, sql: "SELECT * FROM user WHERE name = ? COLLATE NOCASE", arguments: [name])?.account
    }
}
