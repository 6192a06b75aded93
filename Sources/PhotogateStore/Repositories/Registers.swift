import Foundation
import PhotogateCore

// The store's seam, in domain terms: what the services ask of a home's records. Each
// method that changes something is one transaction that keeps the home's rules and appends
// its audit event with the change. SQLite implements these (`SQLiteStore`); another
// database could, without the services knowing.

/// The people who sign in.
public protocol UserStore: Sendable {
    /// The user with this name, in any letter case.
    func user(named name: String) async throws -> UserAccount?
    func all() async throws -> [UserAccount]
    /// Adds a user (audited as done by its `createdBy`); a name already taken is a conflict.
    func add(_ user: UserAccount) async throws
    /// Changes someone's account. A change that would leave the home without an admin who
    /// can sign in is refused. Returns the account as it now is.
    func change(_ name: String, _ change: UserChange, by actor: String, at time: Date) async throws -> UserAccount
    /// The user with this name (in any case) and password, or nil: one Argon2 verification
    /// whether or not the name exists (`PasswordCheck`), off the cooperative pool.
    func checkPassword(_ password: String, of name: String) async throws -> UserAccount?
}

/// The cameras and phones photos may come from.
public protocol DeviceStore: Sendable {
    func device(id: String) async throws -> RegisteredDevice?
    func all() async throws -> [RegisteredDevice]
    /// Registers a device. Its id must be free, and its holder must be a user (stored by their
    /// name as the home spells it).
    func add(_ device: Device, by actor: String, at time: Date) async throws -> RegisteredDevice
    func approve(id: String, by actor: String, at time: Date) async throws -> RegisteredDevice
    func revoke(id: String, reason: String, by actor: String, at time: Date) async throws -> RegisteredDevice
}

/// The school's official channels.
public protocol ChannelStore: Sendable {
    func channel(id: String) async throws -> Channel?
    func all() async throws -> [Channel]
    /// Registers a channel. Its id must be free, its purpose one of the settings', and its
    /// posters users (stored by their names as the home spells them).
    func add(_ channel: Channel) async throws -> Channel
    func close(id: String, by actor: String, at time: Date) async throws -> Channel
}

/// The school's policy as data.
public protocol SettingsStore: Sendable {
    func current() async throws -> Settings
    /// Changes one setting from the text a person typed (`Settings.set`).
    func change(_ key: SettingKey, to value: String, by actor: String, at time: Date) async throws -> Settings
}

/// What importing a new consent list did.
public struct ConsentImport: Sendable {
    public var version: ConsentVersion
    public var diff: ConsentDiff
    /// Queued or approved posts sent back to their preparers: someone in them lost consent.
    public var returnedPosts: [Int64]
    /// Published posts to take down.
    public var takedowns: [Takedown]
}

/// The version a preview was made over (nil: before the first import).
public struct ConsentBase: Sendable, Equatable {
    public var version: Int64?

    public init(version: Int64?) {
        self.version = version
    }
}

/// What an import would do: the difference, the queued and approved posts it would send back
/// (with why) and the published ones it would list for takedown.
public struct ConsentPreview: Sendable {
    public var base: ConsentBase
    public var diff: ConsentDiff
    public var returned: [(post: Post, losses: [ConsentConsequences.Loss])]
    public var takedowns: [(post: Post, losses: [ConsentConsequences.Loss])]
}

extension ConsentListStore {
    public func importVersion(_ people: [ConsentRecord], fileName: String, fileSHA256: String, by actor: String, at time: Date,
                              names: NameSkeleton) async throws -> ConsentImport {
        try await importVersion(people, fileName: fileName, fileSHA256: fileSHA256, by: actor, at: time, names: names, over: nil)
    }
}

/// The consent list, version by version.
public protocol ConsentListStore: Sendable {
    /// The list in force: the newest version's people (empty before the first import).
    func current() async throws -> [ConsentRecord]
    func latestVersion() async throws -> ConsentVersion?
    /// Stores a new version of the list, with what changed, and applies what it means for
    /// posts (`ConsentConsequences`), in one transaction.
    /// With `over`, refused as a conflict (`consent.stale`) unless that is still the version in
    /// force (nil: none yet): the import a preview showed, not one made on another's.
    func importVersion(_ people: [ConsentRecord], fileName: String, fileSHA256: String, by actor: String, at time: Date,
                       names: NameSkeleton, over base: ConsentBase?) async throws -> ConsentImport
    /// One person through every version of the list, oldest first: their record in each, or
    /// nil in a version they were not on.
    func history(of personID: String) async throws -> [(version: ConsentVersion, record: ConsentRecord?)]
    /// What importing `people` at `time` would change, read without changing anything.
    func preview(_ people: [ConsentRecord], at time: Date, names: NameSkeleton) async throws -> ConsentPreview
    /// Lists for takedown every published post that shows (or names) someone who may no
    /// longer appear for its channel on the day of `time` under the list in force, and is not
    /// listed yet: above all consent that has expired by its date since the post went out,
    /// which no import announces. Each is recorded; nothing is written when none is new.
    /// Returns the new ones.
    func listTakedownsDue(at time: Date, by actor: String, names: NameSkeleton) async throws -> [Takedown]
}

/// Browser sessions, kept in the home so they survive a restart: opaque values under random
/// keys, each with the moment it expires. Nothing here decides what is published (every
/// request re-reads the user it names), so the audit log does not cover them.
public protocol SessionStore: Sendable {
    /// Stores a value under a new key; false when the key is taken.
    func create(key: String, value: [UInt8], expiresAt: Date?) async throws -> Bool
    /// Stores a value under a key, keeping its expiry when `expiresAt` is nil.
    func set(key: String, value: [UInt8], expiresAt: Date?) async throws
    /// The value under a key and when it expires, unless it has expired.
    func get(key: String, now: Date) async throws -> (value: [UInt8], expiresAt: Date?)?
    func remove(key: String) async throws
    /// Forgets every expired value.
    func removeExpired(now: Date) async throws
}
