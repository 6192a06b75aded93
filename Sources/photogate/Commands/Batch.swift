import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateServices

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Bring a device's photos in and check them for a channel in one go (staff).",
        discussion: """
        The same as `photogate ingest` followed by `photogate check --batch` for the channel: each \
        photo is copied into the vault (the device's rules and camera check apply), its faces are \
        found and each photo is decided for the channel's purpose. Exit code 1 when any file was \
        refused or any photo needs a decision (review) or cannot be published (rejected).
        """
    )

    @OptionGroup var session: SessionOptions

    @Option(help: "The channel the photos are for.")
    var channel: String

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var files: DeviceFiles

    func run() async throws {
        let (home, user) = try await session.signIn()
        let service = BatchService(home: home, user: user, engine: try FaceModels.engine(for: home), limits: files.limitOptions.limits)
        let copying = Terminal.Progress("Copying photo", enabled: !json && Terminal.errorIsInteractive)
        let checking = Terminal.Progress("Checking photo", enabled: !json && Terminal.errorIsInteractive)
        let report = try await service.run(device: files.device, channel: channel, from: files.source,
                                           deleteFromDevice: files.deleteFromDevice) { event, done, total in
            if !json, case let .rejected(file) = event {
                copying.finish()
                Terminal.error("✗ \(file.file): refused: \(file.reason)")
            }
            copying.update(done, of: total)
        } checked: { _, done, total in
            copying.finish()
            checking.update(done, of: total)
        }
        checking.finish()
        if json {
            JSONOutput.print(BatchJSON(ingest: IngestJSON(report.ingest), checks: report.checks.map(CheckJSON.init)))
        } else {
            print(report)
        }
        if !report.ingest.rejected.isEmpty || !report.ingest.notDeleted.isEmpty || report.checks.contains(where: { !$0.isPublishable }) {
            throw ExitStatus.someRejected
        }
    }

    private func print(_ report: BatchService.Report) {
        let ingest = report.ingest
        Terminal.line("Batch \(ingest.batch) from \(ingest.device.id) for \(channel): \(ingest.accepted.count) stored, \(ingest.duplicates.count) already in the vault, \(ingest.rejected.count) refused.")
        let verdicts = report.checks.map { BatchService.summary(of: $0).verdict }
        let counts = [Verdict.clear, .redacted, .review, .rejected].map { verdict in "\(verdicts.count { $0 == verdict }) \(verdict.rawValue)" }
        Terminal.line("Checked \(report.checks.count): \(counts.joined(separator: ", ")).")
        for check in report.checks {
            let (verdict, reason) = BatchService.summary(of: check)
            guard verdict != .clear else { continue }
            Terminal.line("  \(verdict.rawValue): \(check.photo)\(reason.map { ": \($0)" } ?? "")")
        }
        for failure in ingest.notDeleted { Terminal.error("⚠ \(failure.file): \(failure.reason)") }
        if ingest.deletionOwed, let deadline = ingest.deletionDeadline {
            Terminal.line("⚠ This is a personal device: delete these photos from it by \(HumanTime.string(deadline)), then run `photogate deletion confirm \(ingest.batch)`.")
        }
    }
}

struct BatchJSON: Encodable {
    var ingest: IngestJSON
    var checks: [CheckJSON]
}
