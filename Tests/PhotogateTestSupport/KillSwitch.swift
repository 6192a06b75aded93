import Foundation

/// Runs the real `photogate` and ends it with `kill -9` at a chosen moment, as a power cut or
/// a forced quit would: the shared half of every kill test.
public enum KillSwitch {
    /// When to kill a run. Watching the run's progress (a file appearing, a count growing),
    /// not only the clock, puts kills at the same points however busy the machine is.
    public enum Moment: CustomStringConvertible, Sendable {
        /// Seconds after the process started.
        case after(seconds: Double)
        /// As soon as `condition` holds (checked every half millisecond).
        case when(String, @Sendable () -> Bool)
        /// As soon as `probe` gives something else than it gave just before the start.
        case changes(String, @Sendable () -> [Int])

        public var description: String {
            switch self {
            case let .after(seconds): "after \(seconds) s"
            case let .when(label, _): "when \(label)"
            case let .changes(label, _): "when \(label)"
            }
        }
    }

    /// Starts `photogate` with these arguments and environment (and nothing of the test's own),
    /// without waiting for it.
    public static func start(_ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.photogate)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts `photogate`, waits for `moment`, and kills it. Returns whether it was still
    /// running when killed (a run that finished first was not interrupted).
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String], killAt moment: Moment) throws -> Bool {
        var baseline: [Int] = []
        if case let .changes(_, probe) = moment { baseline = probe() }
        let process = try start(arguments, environment: environment)
        let started = Date()
        while process.isRunning {
            let reached: Bool = switch moment {
            case let .after(seconds): Date().timeIntervalSince(started) >= seconds
            case let .when(_, condition): condition()
            case let .changes(_, probe): probe() != baseline
            }
            if reached { break }
            usleep(500)
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return wasRunning
    }

    /// Kill moments spread over a run that takes about `duration` seconds: from its first
    /// instant to just before its end, where the writing happens.
    public static func spread(over duration: Double, count: Int) -> [Moment] {
        (0..<count).map { index in .after(seconds: duration * Double(index) / Double(max(1, count - 1)) * 0.97) }
    }

    /// How long a command takes here and now, to spread kill moments over.
    public static func duration(of body: () throws -> Void) rethrows -> Double {
        let started = Date()
        try body()
        return Date().timeIntervalSince(started)
    }
}

extension SchoolHome {
    /// The environment `run(as:)` gives `photogate`, for a run that is started and killed.
    public func environment(as user: String) -> [String: String] {
        ["PHOTOGATE_HOME": path, "PHOTOGATE_USER": user, "PHOTOGATE_PASSWORD": passwords[user] ?? "unknown-password",
         "PHOTOGATE_FACE_MODEL": TestAssets.path("centerface.onnx")]
    }

    /// Runs `photogate` as `user` and kills it at `moment`; returns whether it was still running.
    @discardableResult
    public func killedRun(as user: String, _ arguments: [String], at moment: KillSwitch.Moment) throws -> Bool {
        try KillSwitch.run(arguments, environment: environment(as: user), killAt: moment)
    }

    /// A moment for `KillSwitch`: as soon as the database is written (its write-ahead log
    /// changed), which is during or just after the command's transaction.
    public var databaseWritten: KillSwitch.Moment {
        let wal = path + "/photogate.sqlite-wal"
        return .changes("the database is written") { Self.signature(of: wal) }
    }

    /// What is left of killed runs' staging folders (`.photogate-partial-*`) under `folder`,
    /// at any depth.
    public static func stagingLeftovers(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? [])
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(".photogate-partial") || ($0 as NSString).lastPathComponent.contains(".partial-") }
    }

    /// The whole home holds together after a kill: the audit chain verifies and the vault
    /// holds every stored photo whole.
    public func auditVerifies() throws -> CommandResult {
        try run(as: "audrey", ["audit", "verify"])
    }

    /// Size and modification time to the nanosecond: changes with every write.
    private static func signature(of path: String) -> [Int] {
        var status = stat()
        guard stat(path, &status) == 0 else { return [] }
        return [Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)]
    }
}
