import ArgumentParser
import Foundation
import PhotogateServices
import PhotogateStore

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy photos from an approved device into the vault (staff).",
        discussion: """
        Folders are read recursively (a phone's DCIM folder works as it is); hidden and system files \
        are skipped and links never followed. Each photo's camera must match the device. With \
        --delete-from-device each photo is deleted from the device once its copy is verified and \
        recorded; otherwise the device's holder confirms deletion with `photogate deletion confirm`.
        """
    )

    @OptionGroup var session: SessionOptions

    @Flag(help: "Print a JSON summary.")
    var json = false

    @OptionGroup var files: DeviceFiles

    func run() async throws {
        let (home, user) = try await session.signIn()
        let progress = Terminal.Progress("Ingesting photo", enabled: !json && Terminal.errorIsInteractive)
        let service = IngestService(home: home, user: user, limits: files.limitOptions.limits)
        let summary = try await service.run(device: files.device, from: files.source, deleteFromDevice: files.deleteFromDevice) { event, done, total in
            if !json, case let .rejected(file) = event {
                progress.finish()
                Terminal.error("✗ \(file.file): rejected: \(file.reason)")
            }
            progress.update(done, of: total)
        }
        progress.finish()
        if json {
            JSONOutput.print(IngestJSON(summary))
        } else {
            Terminal.line("Batch \(summary.batch) from \(summary.device.id): \(summary.accepted.count) stored, \(summary.duplicates.count) already in the vault, \(summary.rejected.count) rejected.")
            if files.deleteFromDevice {
                Terminal.line("Deleted \(summary.deleted.count) photos from the device.")
            }
            for failure in summary.notDeleted { Terminal.error("⚠ \(failure.file): \(failure.reason)") }
            if summary.deletionOwed, let deadline = summary.deletionDeadline {
                Terminal.line("⚠ This is a personal device: delete these photos from it by \(HumanTime.string(deadline)), then run `photogate deletion confirm \(summary.batch)`.")
            }
        }
        if !summary.rejected.isEmpty || !summary.notDeleted.isEmpty { throw ExitStatus.someRejected }
    }
}

struct IngestJSON: JSONRecord {
    var batch: Int64
    var device: String
    var accepted: [[String: String]]
    var duplicates: [[String: String]]
    var rejected: [[String: String]]
    var deleted: [String]
    var not_deleted: [[String: String]]
    var deletion_deadline: String?

    init(_ summary: IngestService.Summary) {
        batch = summary.batch
        device = summary.device.id
        accepted = summary.accepted.map { ["file": $0.file, "sha256": $0.sha256] }
        duplicates = summary.duplicates.map { ["file": $0.file, "sha256": $0.sha256] }
        rejected = summary.rejected.map { ["file": $0.file, "reason": $0.reason] }
        deleted = summary.deleted
        not_deleted = summary.notDeleted.map { ["file": $0.file, "reason": $0.reason] }
        deletion_deadline = summary.deletionDeadline.map(Timestamp.string)
    }
}
