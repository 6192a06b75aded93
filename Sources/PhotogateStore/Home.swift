import Foundation
import GRDB
import PhotogateFiles

/// A school's Photogate home: the SQLite database (WAL, migrated on open) and the vault of
/// originals, in one private folder.
public final class PhotogateHome: Sendable {
    public let root: String
    public let database: DatabasePool
    public let vault: Vault
    public let renders: Renders

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    static let databaseName = "photogate.sqlite"

    private init(root: String, database: DatabasePool) {
        self.root = root
        self.database = database
        vault = Vault(root: root + "/vault", staging: root + "/incoming")
        renders = Renders(homeRoot: root)
    }

    /// Creates a new home. Refuses a folder that already holds one, or is not empty.
    public static func create(at root: String) throws -> PhotogateHome {
        switch SafeFile.entry(at: root) {
        case .missing:
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        case .directory:
            if FileManager.default.fileExists(atPath: root + "/" + databaseName) {
                throw Problem(description: "\(root) is already a Photogate home")
            }
            guard (try FileManager.default.contentsOfDirectory(atPath: root)).isEmpty else {
                throw Problem(description: "\(root) is not empty; choose a new folder for the home")
            }
        default:
            throw Problem(description: "\(root) is not a folder")
        }
        // Password hashes and children's consent live here: only the school's account may read it.
        chmod(root, 0o700)
        try FileManager.default.createDirectory(atPath: root + "/vault", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // SQLite gives its -wal and -shm files the database file's permissions.
        let database = root + "/" + databaseName
        guard FileManager.default.createFile(atPath: database, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Problem(description: "cannot create \(database)")
        }
        return try PhotogateHome(root: root, database: openDatabase(root))
    }

    /// Opens an existing home, applying any new migrations.
    public static func open(at root: String) throws -> PhotogateHome {
        guard FileManager.default.fileExists(atPath: root + "/" + databaseName) else {
            throw Problem(description: "no Photogate home at \(root); create one with `photogate init`")
        }
        return try PhotogateHome(root: root, database: openDatabase(root))
    }

    private static func openDatabase(_ root: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        let pool = try DatabasePool(path: root + "/" + databaseName, configuration: configuration)
        let upgrade = try StateLedger.Upgrade(before: pool, migrator: Schema.migrator)
        try Schema.migrator.migrate(pool)
        // A reader that looked at the tables before the migrations could keep their old shape.
        pool.invalidateReadOnlyConnections()
        try pool.writeWithoutTransaction { try StateLedger.install(on: $0) }
        pool.add(transactionObserver: StateGuard(), extent: .databaseLifetime)
        try upgrade.record(pool, migrator: Schema.migrator)
        return pool
    }

    /// Runs `body` while holding the home's write lock (an exclusive `flock`), so two ingests
    /// never interleave their vault work. The lock is released if the process dies.
    public func withExclusiveLock<T>(_ body: () async throws -> T) async throws -> T {
        let path = root + "/.lock"
        let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileSystemError.fromErrno(path) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw FileSystemError.fromErrno(path) }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
