import ArgumentParser
import PhotogateServices
import PhotogateStore

extension SettingsService.Key: ExpressibleByArgument {}

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
            let (home, user) = try session.signIn()
            let settings = try SettingsService(home: home, user: user).show()
            if json {
                JSONOutput.print(["school": settings.school, "purposes": settings.purposes.joined(separator: ","),
                                  "deletion_deadline_hours": String(settings.deletionDeadlineHours),
                                  "face_threshold": String(settings.detection.threshold), "redaction": settings.redactionFill,
                                  "redaction_grow": String(settings.redactionGrow), "subject_share": String(settings.decision.subjectShare),
                                  "approval_chain": settings.approvalChain.steps.map(\.rawValue).joined(separator: ",")])
            } else {
                Terminal.line("school                   \(settings.school)")
                Terminal.line("purposes                 \(settings.purposes.joined(separator: ","))")
                Terminal.line("deletion-deadline-hours  \(settings.deletionDeadlineHours)")
                Terminal.line("face-threshold           \(settings.detection.threshold)")
                Terminal.line("redaction                \(settings.redactionFill)")
                Terminal.line("redaction-grow           \(settings.redactionGrow)")
                Terminal.line("subject-share            \(settings.decision.subjectShare)")
                Terminal.line("approval-chain           \(settings.approvalChain.steps.map(\.rawValue).joined(separator: ","))")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a setting (admin). The change is recorded in the audit log.")

        @OptionGroup var session: SessionOptions

        @Argument(help: "school, purposes, deletion-deadline-hours, face-threshold, redaction, redaction-grow, subject-share or approval-chain.")
        var key: SettingsService.Key

        @Argument(help: "The new value (purposes: a comma-separated list).")
        var value: String

        func run() async throws {
            let (home, user) = try session.signIn()
            _ = try SettingsService(home: home, user: user).set(key, to: value)
            Terminal.line("Set \(key.rawValue) to \(value).")
        }
    }
}
