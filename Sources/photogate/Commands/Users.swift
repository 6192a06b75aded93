import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateServices
import PhotogateStore

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the people who sign in (admin).",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user with one or more roles: admin, staff, approver, publisher, auditor.",
            discussion: "The new user's password comes from $PHOTOGATE_NEW_PASSWORD or is asked twice."
        )

        @OptionGroup var session: SessionOptions

        @Argument(help: "The new user's name.")
        var name: String

        @Option(name: .customLong("role"), help: "Roles, separated by commas (e.g. staff or approver,publisher).")
        var roles: String

        func run() async throws {
            let roleSet: Set<Role>
            switch Role.parseList(roles) {
            case let .success(parsed): roleSet = parsed
            case let .failure(error): throw ValidationError(error.description)
            }
            let (home, user) = try session.signIn()
            let password = try Password.read(prompt: "Choose a password for \(name): ", environment: "PHOTOGATE_NEW_PASSWORD", confirm: true)
            try UserService(home: home, user: user).add(name, roles: roleSet, password: password)
            Terminal.line("Added \(name) (\(roleSet.sorted().map(\.rawValue).joined(separator: ", "))).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users and their roles.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try session.signIn()
            let users = try UserService(home: home, user: user).list()
            if json {
                JSONOutput.print(users.map(UserJSON.init))
            } else {
                Terminal.line(TextTable.render(header: ["USER", "ROLES", "ADDED", "BY"], rows: users.map {
                    [$0.name, $0.roles.map(\.rawValue).joined(separator: ", "), HumanTime.string($0.createdAt), $0.createdBy]
                }))
            }
        }
    }
}

struct UserJSON: JSONRecord {
    var name: String
    var roles: [String]
    var created_at: String
    var created_by: String

    init(_ user: UserService.Summary) {
        name = user.name
        roles = user.roles.map(\.rawValue)
        created_at = Timestamp.string(user.createdAt)
        created_by = user.createdBy
    }
}
