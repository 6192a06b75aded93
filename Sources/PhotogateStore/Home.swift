import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles

/// A school's Photogate home, open for writing: its records (an SQLite database, WAL,
/// migrated on open) behind the store's repositories, and the vault of originals, in one
/// private folder. An existing home is reached through `HomeEntrance`, which signs someone in
/// before anything can change.
public final class PhotogateHome: Sendable {
    public let root: String
    public let vault: Vault
    public let users: any UserStore
    public let devices: any DeviceStore
    public let channels: any ChannelStore
    public let settings: any SettingsStore
    public let consent: any ConsentListStore
    public let photos: any PhotoStore
    public let batches: any BatchStore
    public let posts: any PostStore
    public let audit: any AuditStore
    public let sessions: any SessionStore
    public let screenImages: ScreenImageCache
    public let batchJobs: BatchJobs
    public let consentPreviews: ConsentPreviews
    /// The database itself, for the store's own tests.
    let database: DatabasePool
    /// The same, as the repositories use it.
    private let sqlite: SQLiteDatabase

    static let databaseName = "photogate.sqlite"

    fileprivate init(root: String, opened: OpenedDatabase) {
        self.root = root
        database = opened.pool
        vault = Vault(root: root + "/vault", staging: root + "/incoming")
        let database = SQLiteDatabase(pool: opened.pool, schemaGuard: opened.schemaGuard)
        sqlite = database
        users = SQLiteUsers(database: database)
        devices = SQLiteDevices(database: database)
        channels = SQLiteChannels(database: database)
        settings = SQLiteSettings(database: database)
        consent = SQLiteConsentList(database: database)
        photos = SQLitePhotos(database: database)
        batches = SQLiteBatches(database: database)
        posts = SQLitePosts(database: database, renders: Renders(homeRoot: root))
        audit = SQLiteAudit(database: database)
        sessions = SQLiteSessions(database: database)
        screenImages = ScreenImageCache(homeRoot: root)
        batchJobs = BatchJobs(homeRoot: root)
        consentPreviews = ConsentPreviews(homeRoot: root)
    }

    /// Creates a new home with its settings and first admin, recorded as the log's first
    /// events. Refuses a folder that already holds one, or is not empty.
    public static func create(at root: String, settings: Settings, admin: UserAccount) async throws -> PhotogateHome {
        let home = try create(at: root)
        try await home.sqlite.write { db in
            try SQLiteSettings.save(settings, db)
            try AuditLog.append(db, actor: admin.createdBy, action: AuditLog.firstAction, subject: settings.school,
                                details: ["purposes": settings.purposes.joined(separator: ","),
                                          "deletion_deadline_hours": String(settings.deletionDeadlineHours)], at: admin.createdAt)
            try SQLiteUsers.add(admin, db)
        }
        return home
    }

    /// An empty home (the folder, the vault and a migrated database), for `create` and the
    /// store's own tests.
    static func create(at root: String) throws -> PhotogateHome {
        switch SafeFile.entry(at: root) {
        case .missing:
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        case .directory:
            if FileManager.default.fileExists(atPath: root + "/" + databaseName) {
                throw PhotogateError.conflict("\(root) is already a Photogate home", code: "home.exists")
            }
            guard (try FileManager.default.contentsOfDirectory(atPath: root)).isEmpty else {
                throw PhotogateError.conflict("\(root) is not empty; choose a new folder for the home", code: "home.not-empty")
            }
        default:
            throw PhotogateError.invalid("\(root) is not a folder", code: "home.not-a-folder")
        }
        // Password hashes and children's consent live here: only the school's account may read it.
        chmod(root, 0o700)
        try FileManager.default.createDirectory(atPath: root + "/vault", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // SQLite gives its -wal and -shm files the database file's permissions.
        let database = root + "/" + databaseName
        guard FileManager.default.createFile(atPath: database, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw PhotogateError.invalid("cannot create \(database)")
        }
        return try PhotogateHome(root: root, opened: openDatabase(root))
    }

    /// A database open for writing, and what keeps its writes off a schema that is not Photogate's.
    fileprivate struct OpenedDatabase {
        var pool: DatabasePool
        var schemaGuard: SchemaGuard
    }

    /// Opens the database for writing, migrates it, and keeps its record whole (the state
    /// ledger). Any failure is one refusal in words: a database that cannot be opened or
    /// migrated is an integrity problem, never a half-opened home.
    fileprivate static func openDatabase(_ root: String) throws -> OpenedDatabase {
        do {
            return try migratedDatabase(root)
        } catch let error as DatabaseError {
            throw PhotogateError.integrity("the home's database at \(root) cannot be opened: \(error.message ?? error.resultCode.description)",
                                           code: "home.database")
        }
    }

    private static func migratedDatabase(_ root: String) throws -> OpenedDatabase {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        let pool = try DatabasePool(path: root + "/" + databaseName, configuration: configuration)
        // Before anything is written, upgrades included: a record of upgrades edited by hand,
        // or anything in the schema Photogate did not make (a planted trigger would fire
        // inside Photogate's own transactions), and the home is opened for reading only.
        let (integrity, foreign): (SchemaIntegrity?, [String]) = try pool.read { db in
            if let problem = try Schema.upgradeProblem(db) {
                throw PhotogateError.integrity("the home at \(root) cannot be opened: \(problem); nothing was changed", code: "home.upgrades")
            }
            guard let last = try Schema.lastApplied(db) else { return (nil, []) }
            let integrity = try SchemaIntegrity(upTo: last)
            // Kept for the writes to come, unless upgrades are about to change the schema.
            return (last == Schema.migrator.migrations.last ? integrity : nil, try integrity.differences(in: db))
        }
        let schemaGuard = SchemaGuard(root: root, expected: integrity)
        guard foreign.isEmpty else {
            schemaGuard.refuse(SchemaGuard.refusal(root: root, differences: foreign))
            return OpenedDatabase(pool: pool, schemaGuard: schemaGuard)
        }
        let upgrade = try StateLedger.Upgrade(before: pool, migrator: Schema.migrator)
        try Schema.migrator.migrate(pool)
        // A reader that looked at the tables before the migrations could keep their old shape.
        pool.invalidateReadOnlyConnections()
        try pool.writeWithoutTransaction { try StateLedger.install(on: $0) }
        pool.add(transactionObserver: StateGuard(), extent: .databaseLifetime)
        try upgrade.record(pool, migrator: Schema.migrator)
        return OpenedDatabase(pool: pool, schemaGuard: schemaGuard)
    }

    /// Runs `body` while holding the home's write lock (an exclusive `flock`), so two ingests
    /// never interleave their vault work. The lock is released if the process dies. Waiting
    /// for it never blocks a thread: the lock is tried, and the task sleeps between tries.
    public func withExclusiveLock<T>(_ body: () async throws -> T) async throws -> T {
        let path = root + "/.lock"
        let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileSystemError.fromErrno(path) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw FileSystemError.fromErrno(path) }
            try await Task.sleep(for: .milliseconds(50))
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}

/// An existing home opened only for reading, to sign someone in. Opening it proves the
/// database is a Photogate home's (not another program's file that happens to share the
/// name); nothing in the folder is written until `enter()`, after the password was checked.
public final class HomeEntrance: Sendable {
    public let root: String
    private let database: DatabaseQueue

    private init(root: String, database: DatabaseQueue) {
        self.root = root
        self.database = database
    }

    public static func open(at root: String) throws -> HomeEntrance {
        let path = root + "/" + PhotogateHome.databaseName
        guard FileManager.default.fileExists(atPath: path) else {
            throw PhotogateError.notFound("no Photogate home at \(root)", code: "home.missing")
        }
        let notAHome = PhotogateError.invalid(
            "\(root) is not a Photogate home: its \(PhotogateHome.databaseName) belongs to another program; nothing was changed", code: "home.foreign")
        let header = try DatabaseFileHeader(path: path)
        guard header.isSQLite, header.applicationID == 0 || header.applicationID == Schema.applicationID else { throw notAHome }
        do {
            if header.applicationID == 0, header.usesWriteAheadLog, !FileManager.default.fileExists(atPath: path + "-wal") {
                // Made before `v7`, or another program's. SQLite reading a database in
                // WAL mode creates its missing -wal and -shm files; reading it as immutable
                // creates nothing and, with no -wal file, sees every committed change. (A URI
                // file name: the system SQLite is built to accept them, as Debian's is.)
                let immutable = URL(fileURLWithPath: path).absoluteString + "?immutable=1"
                guard try readOnlyQueue(immutable).read(Schema.recognise) != .foreign else { throw notAHome }
            }
            let database = try readOnlyQueue(path)
            switch try database.read(Schema.recognise) {
            case .photogate: return HomeEntrance(root: root, database: database)
            case .foreign: throw notAHome
            case .newer: throw PhotogateError.conflict("\(root) was changed by a newer version of Photogate; use that version (nothing was changed)", code: "home.newer")
            case let .damaged(problem): throw PhotogateError.integrity("the home at \(root) cannot be used: \(problem); nothing was changed", code: "home.upgrades")
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw notAHome
        } catch let error as DatabaseError {
            throw PhotogateError.integrity("cannot read \(path): \(error.message ?? error.resultCode.description)")
        }
    }

    private static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The user with this name (in any case) and password, or nil when there is no such user
    /// or the password is wrong. It costs exactly one Argon2 verification either way, against
    /// the user's hash or, for a name nobody has, against a decoy with the same parameters,
    /// so the time taken does not tell which names exist.
    public func user(named name: String, password: String) async throws -> UserAccount? {
        let database = database
        return try await PasswordHash.check(password) { try database.read { try EarlierUserRow.named(name, in: $0) } }
    }

    /// Opens the home for writing and applies any new migrations: call it only once someone
    /// has signed in.
    public func enter() async throws -> PhotogateHome {
        let root = root
        return try await BlockingWork.run { try PhotogateHome(root: root, opened: PhotogateHome.openDatabase(root)) }
    }
}
