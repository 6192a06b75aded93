import Foundation
import GRDB
import PhotogateCore
import PhotogateStore

/// The school's register of official channels. A closed channel takes no posts.
public struct ChannelService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct NewChannel: Sendable {
        public var id: String
        public var platform: String
        public var account: String
        public var purpose: String
        public var adminRole: String?
        public var posters: [String]

        public init(id: String, platform: String, account: String, purpose: String, adminRole: String? = nil, posters: [String] = []) {
            self.id = id
            self.platform = platform
            self.account = account
            self.purpose = purpose
            self.adminRole = adminRole
            self.posters = posters
        }
    }

    public func add(_ new: NewChannel, now: Date = Date()) throws -> ChannelRecord {
        try user.require(.manageChannels)
        if let problem = Identifier.problem(new.id, naming: "a channel id") { throw PhotogateError.invalid(problem) }
        let platform = try OutsideText.typed(new.platform, field: "the platform"), account = try OutsideText.typed(new.account, field: "the account")
        let adminRole = try OutsideText.typed(new.adminRole, field: "the admin role")
        for (value, name) in [(platform, "platform"), (account, "account")] where value.isEmpty {
            throw PhotogateError.invalid("the channel's \(name) is missing", code: "channel.\(name)-missing")
        }
        return try home.database.write { db in
            let purposes = try Settings.load(db).purposes
            guard purposes.contains(new.purpose) else {
                throw PhotogateError.invalid("\(new.purpose) is not a purpose of the consent list (purposes are \(purposes.joined(separator: ", ")))")
            }
            if try ChannelRecord.find(new.id, in: db) != nil { throw PhotogateError.invalid("there is already a channel \(new.id)") }
            var posters: [String] = []
            for name in new.posters {
                guard let poster = try UserRecord.named(name, in: db) else { throw PhotogateError.invalid("there is no user \(name) to post on \(new.id)") }
                posters.append(poster.name)
            }
            let record = ChannelRecord(id: new.id, platform: platform, account: account, purpose: new.purpose,
                                       adminRole: adminRole, posters: posters, openedAt: now, openedBy: user.name)
            try record.insert(db)
            try AuditLog.append(db, actor: user.name, action: "channel.added", subject: record.id, details: [
                "platform": record.platform, "account": record.account, "purpose": record.purpose,
                "admin_role": record.adminRole ?? "", "posters": record.posters,
            ], at: now)
            return record
        }
    }

    public func close(_ id: String, now: Date = Date()) throws -> ChannelRecord {
        try user.require(.manageChannels)
        return try home.database.write { db in
            guard var record = try ChannelRecord.find(id, in: db) else { throw PhotogateError.invalid("there is no channel \(id)") }
            guard record.isOpen else { throw PhotogateError.invalid("channel \(record.id) is already closed") }
            record.closedAt = now
            record.closedBy = user.name
            try record.update(db)
            try AuditLog.append(db, actor: user.name, action: "channel.closed", subject: record.id, at: now)
            return record
        }
    }

    public func list() throws -> [ChannelRecord] {
        try user.require(.viewChannels)
        return try home.database.read { try ChannelRecord.order(Column("id")).fetchAll($0) }
    }

    /// A channel, for checking or posting: refused when it is closed, unless told otherwise.
    public func channel(_ id: String, requireOpen: Bool = true) throws -> ChannelRecord {
        try user.require(.viewChannels)
        guard let record = try home.database.read({ try ChannelRecord.find(id, in: $0) }) else {
            throw PhotogateError.notFound("there is no channel \(id)", code: "channel.unknown")
        }
        if requireOpen, !record.isOpen { throw PhotogateError.invalid("channel \(record.id) is closed and takes no posts") }
        return record
    }
}
