import Foundation

/// One of the school's official channels (QEGSMAT 5.3, Appendix 1): where posts may go and
/// for which purpose of the consent list.
public struct Channel: Sendable, Equatable, Codable {
    public var id: String
    public var platform: String
    public var account: String
    public var purpose: String
    /// The role that holds the account's master admin rights (e.g. "CEO").
    public var adminRole: String?
    /// The users approved to post on it; empty when every member of staff may.
    public var posters: [String]
    public var openedAt: Date
    public var openedBy: String
    public var closedAt: Date?
    public var closedBy: String?

    public init(id: String, platform: String, account: String, purpose: String, adminRole: String?, posters: [String],
                openedAt: Date, openedBy: String) {
        self.id = id
        self.platform = platform
        self.account = account
        self.purpose = purpose
        self.adminRole = adminRole
        self.posters = posters
        self.openedAt = openedAt
        self.openedBy = openedBy
    }

    public var isOpen: Bool { closedAt == nil }

    /// Whether `user` may post on it.
    public func accepts(poster user: String) -> Bool {
        posters.isEmpty || posters.contains { Identifier.same($0, user) }
    }
}
