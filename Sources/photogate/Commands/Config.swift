import PhotogateCore
import ArgumentParser
import PhotogateServices
import PhotogateStore

extension SettingKey: ExpressibleByArgument {}

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The school's policy settings: purposes, deadlines, face detection and redaction.",
        subcommands: [Show.self, Set.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the settings.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let settings = try await SettingsService(home: home, user: user).show()
            if json {
                JSONOutput.print(Dictionary(uniqueKeysWithValues: SettingKey.allCases.map { ($0.rawValue.replacingOccurrences(of: "-", with: "_"), settings.text(for: $0)) }))
            } else {
                for key in SettingKey.allCases { Terminal.line("\(key.rawValue.padding(toLength: 25, withPad: " ", startingAt: 0))\(settings.text(for: key))") }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a setting (admin). The change is recorded in the audit log.")

        @OptionGroup var session: SessionOptions

        @Argument(help: "school, purposes, deletion-deadline-hours, face-threshold, redaction, redaction-grow, subject-share or approval-chain.")
        var key: SettingKey

        @Argument(help: "The new value (purposes: a comma-separated list).")
        var value: String

        func run() async throws {
            let (home, user) = try await session.signIn()
            let settings = try await SettingsService(home: home, user: user).set(key, to: value)
            Terminal.line("Set \(key.rawValue) to \(settings.text(for: key)).")
        }
    }
}
