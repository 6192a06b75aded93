import Foundation

/// A real pseudo-terminal, for driving a command the way a person at a keyboard would: the
/// command gets the terminal as its controlling terminal (so it can prompt on `/dev/tty`),
/// the test reads what it shows, types keys, and reads the terminal's settings afterwards.
public final class PseudoTerminal: @unchecked Sendable {
    /// The test's side: what the command writes is read here, and keys are typed here.
    private let controller: Int32
    /// The command's side; kept open so the terminal's settings outlive the command.
    private let device: Int32
    public let devicePath: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init() throws {
        let terminalCalls = try TerminalCalls()
        controller = terminalCalls.posixOpenpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard controller >= 0, terminalCalls.grantpt(controller) == 0, terminalCalls.unlockpt(controller) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        var name = [CChar](repeating: 0, count: 128)
        guard terminalCalls.ptsnameR(controller, &name, name.count) == 0 else { throw Failure(description: "cannot name the pseudo-terminal") }
        devicePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        device = open(devicePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard device >= 0 else { throw Failure(description: "cannot open \(devicePath)") }
    }

    /// The C library's pseudo-terminal calls, which glibc's headers declare only for X/Open
    /// programs (so Swift cannot see them), looked up by name.
    private struct TerminalCalls {
        let posixOpenpt: @convention(c) (Int32) -> Int32
        let grantpt: @convention(c) (Int32) -> Int32
        let unlockpt: @convention(c) (Int32) -> Int32
        let ptsnameR: @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32

        init() throws {
            func lookUp<T>(_ name: String, as type: T.Type) throws -> T {
                guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                    throw Failure(description: "the C library has no \(name)")
                }
                return unsafeBitCast(symbol, to: type)
            }
            posixOpenpt = try lookUp("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
            grantpt = try lookUp("grantpt", as: (@convention(c) (Int32) -> Int32).self)
            unlockpt = try lookUp("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
            ptsnameR = try lookUp("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)
        }
    }

    deinit {
        close(device)
        close(controller)
    }

    /// A command running on the terminal.
    public struct Child: Sendable {
        public let pid: pid_t

        /// How a command ended: its exit code, or the signal that ended it.
        public enum Ending: Equatable, Sendable {
            case exited(Int32)
            case signalled(Int32)
        }

        /// Waits for the command to end.
        public func wait() -> Ending {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            // WIFEXITED, WEXITSTATUS and WTERMSIG, which are C macros.
            return status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        }
    }

    /// Starts `executable` as a person at this terminal would: in a session of its own whose
    /// controlling terminal is this one, with the terminal as its standard input, output and
    /// error. It is this process's own child, so `wait()` sees how it really ended.
    public func start(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Child {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // glibc's POSIX_SPAWN_SETSID (spawn.h declares it only for GNU programs): the child
        // starts a new session before the file actions run.
        let startNewSession: Int16 = 0x80
        posix_spawnattr_setflags(&attributes, startNewSession)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // A session leader with no controlling terminal that opens a terminal (without
        // O_NOCTTY) gets it as its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, devicePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        let inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PHOTOGATE_") }
        let variables = inherited.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))") }
        return Child(pid: pid)
    }

    /// Reads what the command shows until `text` appears, or fails after `timeout` seconds.
    @discardableResult
    public func read(until text: String, timeout: TimeInterval = 20) throws -> String {
        var seen = [UInt8]()
        let deadline = Date().addingTimeInterval(timeout)
        while !String(decoding: seen, as: UTF8.self).contains(text) {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw Failure(description: "\"\(text)\" did not appear within \(timeout) s; the terminal showed: \(String(decoding: seen, as: UTF8.self))")
            }
            var poller = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(remaining, 1) * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = Foundation.read(controller, &buffer, buffer.count)
            guard count > 0 else { throw Failure(description: "the terminal closed before \"\(text)\" appeared") }
            seen += buffer.prefix(count)
        }
        return String(decoding: seen, as: UTF8.self)
    }

    /// Types bytes as if at the keyboard (Ctrl-C is `"\u{03}"`).
    public func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// The terminal's settings as `stty -a` reports them.
    public func settings() throws -> String {
        let result = try CommandRunner.run("/usr/bin/stty", ["-a", "-F", devicePath])
        guard result.status == 0 else { throw Failure(description: "stty failed: \(result.stderr)") }
        return result.stdout
    }

    /// Whether typed characters are shown: `stty -a` lists `echo`, or `-echo` when off.
    public func echoes() throws -> Bool {
        let words = try settings().split(whereSeparator: \.isWhitespace)
        return words.contains("echo")
    }
}
