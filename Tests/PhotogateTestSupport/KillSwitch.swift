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
        /// `delay` seconds after `probe` first gives something else than it gave just before
        /// the start.
        case changes(String, delay: Double, @Sendable () -> [Int])

        public var description: String {
            switch self {
            case let .after(seconds): "after \(seconds) s"
            case let .when(label, _): "when \(label)"
            case let .changes(label, delay, _): delay > 0 ? "\(delay) s after \(label)" : "when \(label)"
            }
        }
    }

    /// Starts `photogate` with these arguments and environment (and nothing of the test's own),
    /// without waiting for it. Its standard error goes to `errors` when given.
    public static func start(_ arguments: [String], environment: [String: String], errors: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.photogate)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        if let errors, FileManager.default.createFile(atPath: errors, contents: nil), let handle = FileHandle(forWritingAtPath: errors) {
            process.standardError = handle
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// What became of a run that was to be killed.
    public struct Outcome: Sendable {
        /// True when it was still running when killed.
        public var interrupted: Bool
        /// How it ended by itself, when it was not interrupted: its exit status and last words.
        public var status: Int32
        public var lastError: String
    }

    /// Starts `photogate`, waits for `moment`, and kills it.
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String], killAt moment: Moment) throws -> Outcome {
        var baseline: [Int] = []
        var changedAt: Date?
        if case let .changes(_, _, probe) = moment { baseline = probe() }
        let errors = FileManager.default.temporaryDirectory.path + "/photogate-kill-\(UUID().uuidString).err"
        defer { try? FileManager.default.removeItem(atPath: errors) }
        let process = try start(arguments, environment: environment, errors: errors)
        let started = Date()
        while process.isRunning {
            if case let .changes(_, _, probe) = moment, changedAt == nil, probe() != baseline { changedAt = Date() }
            let reached: Bool = switch moment {
            case let .after(seconds): Date().timeIntervalSince(started) >= seconds
            case let .when(_, condition): condition()
            case let .changes(_, delay, _): changedAt.map { Date().timeIntervalSince($0) >= delay } ?? false
            }
            if reached { break }
            usleep(500)
        }
        let interrupted = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let said = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        return Outcome(interrupted: interrupted, status: interrupted ? -1 : process.terminationStatus,
                       lastError: said.split(separator: "\n").last.map(String.init) ?? "")
    }

    /// Kill moments spread over a run that took `duration` seconds once: from its first
    /// instant to two thirds of it, since the next run may well be quicker (moments that
    /// watch its progress reach the end itself).
    public static func spread(over duration: Double, count: Int) -> [Moment] {
        (0..<count).map { index in .after(seconds: duration * Double(index) / Double(max(1, count - 1)) * 0.66) }
    }

    /// Counts the kills that landed while their command ran, and says what the others did.
    public final class Tally {
        public private(set) var landed = 0
        public private(set) var missed: [String] = []

        public init() {}

        public var total: Int { landed + missed.count }

        /// At least three kills in four landed while their command ran: the kills test what
        /// they are meant to, however busy the machine.
        public var mostLanded: Bool { landed * 4 >= total * 3 }

        public func record(_ outcome: Outcome, _ label: String) {
            if outcome.interrupted {
                landed += 1
            } else {
                missed.append("\(label): it had ended by itself (exit \(outcome.status)\(outcome.lastError.isEmpty ? "" : ": " + outcome.lastError))")
            }
        }
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

    /// Runs `photogate` as `user` and kills it at `moment`, counting it in `tally`.
    public func killedRun(as user: String, _ arguments: [String], environment extra: [String: String] = [:], at moment: KillSwitch.Moment,
                          tally: KillSwitch.Tally) throws {
        let outcome = try KillSwitch.run(arguments, environment: environment(as: user).merging(extra) { $1 }, killAt: moment)
        tally.record(outcome, "\(arguments.prefix(2).joined(separator: " ")) \(moment)")
    }

    /// A moment for `KillSwitch`: `delay` seconds after the database is first written (its
    /// write-ahead log changed). With no delay the kill lands in the command's transaction;
    /// a few milliseconds later, mostly after it committed and before the command said so.
    public func databaseWritten(delay: Double = 0) -> KillSwitch.Moment {
        let wal = path + "/photogate.sqlite-wal"
        return .changes("the database is written", delay: delay) { Self.signature(of: wal) }
    }

    /// Staging folders (`.photogate-partial-*`, and what is in them) and half-written files
    /// (`.NAME.partial-*`) under `folder`, at any depth, as paths relative to it.
    public static func stagingLeftovers(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).filter { path in
            path.split(separator: "/").contains { $0.hasPrefix(".photogate-partial") || $0.contains(".partial-") }
        }
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
