import ArgumentParser
import Foundation
import PhotogateServices

struct Deletion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deletion of photos from personal devices.",
        subcommands: [Confirm.self]
    )

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm a batch's photos were deleted from the personal device (its holder, or an admin)."
        )

        @OptionGroup var session: SessionOptions

        @Argument(help: "The batch number ingest printed.")
        var batch: Int64

        @Option(help: "How they were deleted, e.g. \"deleted in Photos and emptied Recently Deleted\".")
        var method: String?

        func run() async throws {
            let (home, user) = try await session.signIn()
            let row = try await DeletionService(home: home, user: user).confirm(batch: batch, method: method)
            Terminal.line("Recorded: the \(row.files) photos of batch \(row.batch) were deleted from \(row.device) (\(row.method ?? "")).")
        }
    }
}
