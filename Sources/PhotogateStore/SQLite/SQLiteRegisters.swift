import Foundation
import GRDB
import PhotogateCore

struct SQLiteUsers: UserStore {
    let database: SQLiteDatabase

    public func user(named name: String) async throws -> UserAccount? {
        try await database.read { try Self.user(named: name, $0) }
    }

    public func all() async throws -> [UserAccount] {
        try await database.read { try UserAccount.order(Column("name")).fetchAll($0) }
    }

    public func add(_ user: UserAccount) async throws {
        try await database.write { db in try Self.add(user, db) }
    }

    public func change(_ name: String, _ change: UserChange, by actor: String, at time: Date) async throws -> UserAccount {
        try await database.write { db in
            guard var user = try Self.user(named: name, db) else { throw PhotogateError.notFound("there is no user \(name)", code: "user.unknown") }
            let before = user.account
            try user.apply(change)
            let others = try UserAccount.filter(Column("name") != user.name).fetchAll(db).map(\.account)
            if let problem = Account.lastAdminProblem(changing: before, to: user.account, others: others) {
                throw PhotogateError.conflict(problem, code: "user.last-admin")
            }
            try user.update(db)
            var details = user.auditDetails
            if case .roles = change { details["previous_roles"] = before.roles.sorted().map(\.rawValue).joined(separator: ",") }
            let who = if case .ownPassword = change { user.name } else { actor }
            try AuditLog.append(db, actor: who, action: change.action, subject: user.name, details: details, at: time)
            return user
        }
    }

    public func checkPassword(_ password: String, of name: String) async throws -> UserAccount? {
        let pool = database.pool
        return try await PasswordHash.check(password) { try pool.read { try Self.user(named: name, $0) } }
    }

    /// Someone's account by name, without regard to letter case (the user table's collation).
    static func user(named name: String, _ db: Database) throws -> UserAccount? {
        try UserAccount.filter(sql: "name = ? COLLATE NOCASE", arguments: [name]).fetchOne(db)
    }

    static func add(_ user: UserAccount, _ db: Database) throws {
        if try Self.user(named: user.name, db) != nil {
            throw PhotogateError.conflict("there is already a user called \(user.name)", code: "user.exists")
        }
        try user.insert(db)
        try AuditLog.append(db, actor: user.createdBy, action: "user.added", subject: user.name, details: user.auditDetails, at: user.createdAt)
    }

    /// A user's name as the home spells it, or why there is none.
    static func existingUserName(_ name: String, for purpose: String, _ db: Database) throws -> String {
        guard let user = try user(named: name, db) else {
            throw PhotogateError.notFound("there is no user \(name) \(purpose)", code: "user.unknown")
        }
        return user.name
    }
}

struct SQLiteDevices: DeviceStore {
    let database: SQLiteDatabase

    public func device(id: String) async throws -> RegisteredDevice? {
        try await database.read { try Self.device(id: id, $0) }
    }

    public func all() async throws -> [RegisteredDevice] {
        try await database.read { try RegisteredDevice.order(Column("id")).fetchAll($0) }
    }

    public func add(_ device: Device, by actor: String, at time: Date) async throws -> RegisteredDevice {
        try await database.write { db in
            if try Self.device(id: device.id, db) != nil { throw PhotogateError.conflict("there is already a device \(device.id)", code: "device.exists") }
            var device = device
            device.holder = try device.holder.map { try SQLiteUsers.existingUserName($0, for: "to hold device \(device.id)", db) }
            let registered = RegisteredDevice(device, addedAt: time, addedBy: actor)
            try registered.insert(db)
            var details = ["kind": device.kind.rawValue, "make": device.make, "model": device.model, "status": device.status.rawValue]
            details["serial"] = device.serial
            details["imei"] = device.imei
            details["holder"] = device.holder
            try AuditLog.append(db, actor: actor, action: "device.added", subject: device.id, details: details, at: time)
            return registered
        }
    }

    public func approve(id: String, by actor: String, at time: Date) async throws -> RegisteredDevice {
        try await database.write { db in
            var device = try Self.existingDevice(id: id, db)
            try device.approve(by: actor, at: time)
            try device.update(db)
            try AuditLog.append(db, actor: actor, action: "device.approved", subject: device.id, details: ["holder": device.holder ?? ""], at: time)
            return device
        }
    }

    public func revoke(id: String, reason: String, by actor: String, at time: Date) async throws -> RegisteredDevice {
        try await database.write { db in
            var device = try Self.existingDevice(id: id, db)
            try device.revoke(by: actor, reason: reason, at: time)
            try device.update(db)
            try AuditLog.append(db, actor: actor, action: "device.revoked", subject: device.id, details: ["reason": reason], at: time)
            return device
        }
    }

    static func device(id: String, _ db: Database) throws -> RegisteredDevice? {
        try RegisteredDevice.filter(sql: "id = ? COLLATE NOCASE", arguments: [id]).fetchOne(db)
    }

    static func existingDevice(id: String, _ db: Database) throws -> RegisteredDevice {
        guard let device = try device(id: id, db) else { throw PhotogateError.notFound("there is no device \(id)", code: "device.unknown") }
        return device
    }
}

struct SQLiteChannels: ChannelStore {
    let database: SQLiteDatabase

    public func channel(id: String) async throws -> Channel? {
        try await database.read { try Self.channel(id: id, $0) }
    }

    public func all() async throws -> [Channel] {
        try await database.read { try Channel.order(Column("id")).fetchAll($0) }
    }

    public func add(_ channel: Channel) async throws -> Channel {
        try await database.write { db in
            let purposes = try SQLiteSettings.settings(db).purposes
            guard purposes.contains(channel.purpose) else {
                throw PhotogateError.invalid("\(channel.purpose) is not a purpose of the consent list (purposes are \(purposes.joined(separator: ", ")))",
                                             code: "channel.purpose")
            }
            if try Self.channel(id: channel.id, db) != nil { throw PhotogateError.conflict("there is already a channel \(channel.id)", code: "channel.exists") }
            var channel = channel
            channel.posters = try channel.posters.map { try SQLiteUsers.existingUserName($0, for: "to post on \(channel.id)", db) }
            try channel.insert(db)
            try AuditLog.append(db, actor: channel.openedBy, action: "channel.added", subject: channel.id, details: [
                "platform": channel.platform, "account": channel.account, "purpose": channel.purpose,
                "admin_role": channel.adminRole ?? "", "posters": channel.posters.joined(separator: ","),
            ], at: channel.openedAt)
            return channel
        }
    }

    public func close(id: String, by actor: String, at time: Date) async throws -> Channel {
        try await database.write { db in
            guard var channel = try Self.channel(id: id, db) else { throw PhotogateError.notFound("there is no channel \(id)", code: "channel.unknown") }
            guard channel.isOpen else { throw PhotogateError.conflict("channel \(channel.id) is already closed", code: "channel.closed") }
            channel.closedAt = time
            channel.closedBy = actor
            try channel.update(db)
            try AuditLog.append(db, actor: actor, action: "channel.closed", subject: channel.id, at: time)
            return channel
        }
    }

    static func channel(id: String, _ db: Database) throws -> Channel? {
        try Channel.filter(sql: "id = ? COLLATE NOCASE", arguments: [id]).fetchOne(db)
    }
}

struct SQLiteSettings: SettingsStore {
    let database: SQLiteDatabase

    public func current() async throws -> Settings {
        try await database.read { try Self.settings($0) }
    }

    public func change(_ key: SettingKey, to value: String, by actor: String, at time: Date) async throws -> Settings {
        try await database.write { db in
            var settings = try Self.settings(db)
            let old = settings.text(for: key)
            try settings.set(key, to: value)
            try Self.save(settings, db)
            try AuditLog.append(db, actor: actor, action: "settings.changed", subject: key.rawValue,
                                details: ["from": old, "to": settings.text(for: key)], at: time)
            return settings
        }
    }

    static func settings(_ db: Database) throws -> Settings {
        guard let row = try SettingRow.fetchOne(db, key: SettingRow.settingsKey) else {
            throw PhotogateError.integrity("the home has no settings")
        }
        return row.value
    }

    static func save(_ settings: Settings, _ db: Database) throws {
        try SettingRow(key: SettingRow.settingsKey, value: settings).save(db)
    }
}
