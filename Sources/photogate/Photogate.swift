import ArgumentParser
import Foundation

/// The `photogate` command. Exit codes are the same for every subcommand: see `ExitStatus`.
struct Photogate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photogate",
        abstract: "The gate every school photo passes before it is published.",
        discussion: """
        Exit codes: 0 all done; 1 done, but some inputs were rejected; 2 bad usage or unreadable \
        input; 3 not signed in or not permitted; 4 integrity failure.
        """,
        subcommands: [Inspect.self, Sanitize.self]
    )
}

@main
enum Main {
    static func main() async {
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
        let code = Photogate.exitCode(for: error)
        let message = Photogate.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            Foundation.exit(0)
        }
        if !message.isEmpty { Terminal.error(message) }
        Foundation.exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
    }
}
