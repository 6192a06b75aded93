/// Everything a signed-in user can ask Photogate to do, and which roles may do it. The CLI
/// and any web front end ask this table; neither decides on its own.
public enum Permission: String, Sendable, CaseIterable {
    case manageUsers
    case changeOwnPassword
    case resetPasswords
    case disableUsers
    case changeRoles
    case addDevice
    case approveDevice
    case revokeDevice
    case viewDevices
    case importConsent
    case viewConsent
    case changeSettings
    case viewSettings
    case ingest
    case confirmDeletion
    case viewDeletions
    case verifyAudit
    case readAudit
    case manageChannels
    case viewChannels
    case tagPhotos
    case checkPhotos
    case preparePosts
    case publishPosts
    case viewTakedowns
    case confirmTakedowns

    /// The roles that grant this permission.
    public var roles: Set<Role> {
        switch self {
        case .manageUsers, .resetPasswords, .disableUsers, .changeRoles: [.admin]
        case .changeOwnPassword: Set(Role.allCases)
        case .addDevice, .importConsent, .changeSettings: [.admin]
        case .approveDevice: [.approver]
        case .revokeDevice: [.admin, .approver]
        case .viewDevices, .viewSettings: [.admin, .staff, .approver, .publisher, .auditor]
        case .viewConsent: [.admin, .staff, .approver, .publisher]
        case .ingest: [.staff]
        // The device's holder may confirm too; that is checked against the device.
        case .confirmDeletion: [.admin]
        case .viewDeletions, .verifyAudit, .readAudit: [.auditor, .admin]
        case .manageChannels: [.admin]
        case .viewChannels: [.admin, .staff, .approver, .publisher, .auditor]
        case .tagPhotos: [.staff, .admin]
        case .checkPhotos: [.admin, .staff, .approver, .publisher]
        case .preparePosts: [.staff]
        case .publishPosts: [.publisher]
        case .viewTakedowns: [.publisher, .approver, .admin, .auditor]
        case .confirmTakedowns: [.publisher, .approver]
        }
    }

    /// What the permission lets someone do, for "not permitted" messages.
    public var plainDescription: String {
        switch self {
        case .manageUsers: "manage users"
        case .changeOwnPassword: "change their own password"
        case .resetPasswords: "reset other people's passwords"
        case .disableUsers: "disable or enable users"
        case .changeRoles: "change users' roles"
        case .addDevice: "add devices"
        case .approveDevice: "approve devices"
        case .revokeDevice: "revoke devices"
        case .viewDevices: "see the device list"
        case .importConsent: "import the consent list"
        case .viewConsent: "see the consent list"
        case .changeSettings: "change settings"
        case .viewSettings: "see settings"
        case .ingest: "ingest photos"
        case .confirmDeletion: "confirm deletions"
        case .viewDeletions: "see deletion records"
        case .verifyAudit: "verify the audit log"
        case .readAudit: "read the audit log"
        case .manageChannels: "manage channels"
        case .viewChannels: "see the channels"
        case .tagPhotos: "tag people in photos"
        case .checkPhotos: "check photos against the consent list"
        case .preparePosts: "prepare posts"
        case .publishPosts: "publish posts"
        case .viewTakedowns: "see the posts to take down"
        case .confirmTakedowns: "confirm posts were taken down"
        }
    }

    public func isGranted(to roles: Set<Role>) -> Bool {
        !self.roles.isDisjoint(with: roles)
    }
}
