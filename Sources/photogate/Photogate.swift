import PhotogateCore
import ArgumentParser
import Foundation
import PhotogateFiles
import PhotogateMedia
import PhotogateServices

/// The `photogate` command. Exit codes are the same for every subcommand: see `ExitStatus`.
struct Photogate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photogate",
        abstract: "The gate every school photo passes before it is published.",
        discussion: """
        Exit codes: 0 all done; 1 done, but some inputs were rejected; 2 bad usage or unreadable \
        input; 3 not signed in or not permitted; 4 integrity failure.
        """,
        subcommands: [
            Init.self, Users.self, Devices.self, Channels.self, Consent.self, Config.self,
            Ingest.self, BatchCommand.self, Tag.self, Check.self, Preview.self, Post.self, Queue.self, Approve.self, Reject.self,
            Publish.self, Takedowns.self, Deletion.self, Audit.self,
            Inspect.self, Sanitize.self, Serve.self,
        ]
    )
}

@main
enum Main {
    static func main() async {
        // Everything Photogate creates (the home, exports) is private unless it says otherwise.
        umask(0o077)
        VipsRuntime.limitHeapArenas()
        do {
            var command = try Photogate.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(with: error)
        }
    }

    /// Prints help and parse errors the way ArgumentParser would, but exits with Photogate's
    /// own codes: a usage error is 2, not 64.
    private static func exit(with error: Error) -> Never {
        if let status = error as? ExitStatus {
            Foundation.exit(status.rawValue)
        }
        if let refusal = error as? PhotogateError {
            Terminal.error("photogate: \(Hint.message(for: refusal))")
            Foundation.exit(ExitStatus(refusal).rawValue)
        }
        if let refused = error as? FileRefused {
            refusedFile(refused)
        }
        if error is FileSystemError {
            Terminal.error("photogate: \(error)")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        let code = Photogate.exitCode(for: error)
        let message = Photogate.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { Terminal.line(TerminalText(lines: message)) }
            Foundation.exit(0)
        }
        if !message.isEmpty { Terminal.error(TerminalText(lines: message)) }
        Foundation.exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
    }

    /// A file refused whole: every problem by line, nothing changed.
    private static func refusedFile(_ refused: FileRefused) -> Never {
        let problems = refused.problems
        Terminal.error("photogate: \(refused.file) was not imported; nothing changed. Fix these and import it again:")
        for problem in problems.prefix(200) { Terminal.error("  \(problem)") }
        if problems.count > 200 { Terminal.error("  … and \(problems.count - 200) more") }
        Foundation.exit(ExitStatus.usage.rawValue)
    }
}
