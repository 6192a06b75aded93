import Foundation

/// Runs a real command and collects what it printed and how it exited.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }

    /// Standard output parsed as JSON.
    public func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
    }
}

public enum CommandRunner {
    /// Runs an executable with arguments, optional environment additions and input.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           input: String? = nil, in directory: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Tests are hermetic: a developer's own PHOTOGATE_* settings never leak in.
        let inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PHOTOGATE_") || $0.key == "PHOTOGATE_BIN" }
        process.environment = inherited.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a large output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var stdoutData = Data(), stderrData = Data()
        DispatchQueue.global().async(group: group) { stdoutData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderrData = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: stdoutData, as: UTF8.self),
                             stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// The `photogate` binary built next to the test bundle (or `$PHOTOGATE_BIN`).
    public static var photogate: String {
        if let explicit = ProcessInfo.processInfo.environment["PHOTOGATE_BIN"] { return explicit }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("photogate").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        for candidate in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent().appendingPathComponent("photogate").path })
            where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        fatalError("photogate binary not found next to the tests; set PHOTOGATE_BIN")
    }

    /// Runs `photogate` in a session of its own (`setsid`), with no controlling terminal, so
    /// a test can never hang at a password prompt even when run from a terminal.
    public static func photogate(_ arguments: [String], environment: [String: String] = [:], input: String? = nil,
                                 in directory: String? = nil) throws -> CommandResult {
        try run("/usr/bin/setsid", ["--wait", photogate] + arguments, environment: environment, input: input, in: directory)
    }
}
