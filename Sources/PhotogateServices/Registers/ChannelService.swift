import Foundation
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

    public func add(_ new: NewChannel, now: Date = Date()) async throws -> Channel {
        try user.require(.manageChannels)
        if let problem = Identifier.problem(new.id, naming: "a channel id") { throw PhotogateError.invalid(problem) }
        let platform = try OutsideText.typed(new.platform, field: "the platform"), account = try OutsideText.typed(new.account, field: "the account")
        let adminRole = try OutsideText.typed(new.adminRole, field: "the admin role")
        for (value, name) in [(platform, "platform"), (account, "account")] where value.isEmpty {
            throw PhotogateError.invalid("the channel's \(name) is missing", code: "channel.\(name)-missing")
        }
        return try await home.channels.add(Channel(id: new.id, platform: platform, account: account, purpose: new.purpose,
                                                   adminRole: adminRole, posters: new.posters, openedAt: now, openedBy: user.name))
    }

    public func close(_ id: String, now: Date = Date()) async throws -> Channel {
        try user.require(.manageChannels)
        return try await home.channels.close(id: id, by: user.name, at: now)
    }

    public func list() async throws -> [Channel] {
        try user.require(.viewChannels)
        return try await home.channels.all()
    }

    /// A channel, for checking or posting: refused when it is closed, unless told otherwise.
    public func channel(_ id: String, requireOpen: Bool = true) async throws -> Channel {
        try user.require(.viewChannels)
        guard let channel = try await home.channels.channel(id: id) else {
            throw PhotogateError.notFound("there is no channel \(id)", code: "channel.unknown")
        }
        if requireOpen, !channel.isOpen { throw PhotogateError.conflict("channel \(channel.id) is closed and takes no posts", code: "channel.closed") }
        return channel
    }
}
