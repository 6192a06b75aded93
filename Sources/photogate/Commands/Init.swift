import ArgumentParser
import Foundation
import PhotogateServices

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a school's Photogate home: the database, the vault and the first admin.",
        discussion: "The admin's password comes from $PHOTOGATE_PASSWORD or is asked twice (at least 12 characters)."
    )

    @Option(help: "The Photogate home folder to create (default: $PHOTOGATE_HOME, else ./photogate-home).")
    var home: String?

    @Option(help: "The school's name.")
    var school: String

    @Option(help: "The first administrator's user name.")
    var admin: String

    func run() async throws {
        let path = HomeLocation.resolve(option: home, environment: ProcessInfo.processInfo.environment)
        let password = try Password.read(prompt: "Choose a password for \(admin): ", environment: "PHOTOGATE_PASSWORD", confirm: true)
        _ = try await SetupService.initialize(at: path, school: school, admin: admin, password: password)
        Terminal.line("Created the Photogate home for \(school) in \(path).")
        Terminal.line("\(admin) is its admin. Next: add users (photogate user add), devices (photogate device add) and the consent list (photogate consent import).")
    }
}
