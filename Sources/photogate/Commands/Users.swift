import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateServices
import PhotogateStore

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the people who sign in (admin), and change your own password.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ChangePassword.self, Roles.self]
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
            let roleSet = try parseRoles(roles)
            let (home, user) = try await session.signIn()
            let password = try Password.read(prompt: "Choose a password for \(name): ", environment: "PHOTOGATE_NEW_PASSWORD", confirm: true)
            try await UserService(home: home, user: user).add(name, roles: roleSet, password: password)
            Terminal.line("Added \(name) (\(roleSet.sorted().map(\.rawValue).joined(separator: ", "))).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, their roles, and who is disabled.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let users = try await UserService(home: home, user: user).list()
            if json {
                JSONOutput.print(users.map(UserJSON.init))
            } else {
                Terminal.line(TextTable.render(header: ["USER", "ROLES", "STATUS", "ADDED", "BY"], rows: users.map {
                    [$0.name, $0.roles.map(\.rawValue).joined(separator: ", "), status($0), HumanTime.string($0.createdAt), $0.createdBy]
                }))
            }
        }

        private func status(_ user: UserAccount) -> String {
            if user.disabled { return "disabled" }
            return user.mustChangePassword ? "must choose a new password" : "active"
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop someone signing in, e.g. a member of staff who has left (admin).",
            discussion: "Their history stays in the record. `photogate user enable NAME` lets them back."
        )

        @OptionGroup var session: SessionOptions

        @Argument(help: "The user to disable.")
        var name: String

        func run() async throws {
            let (home, user) = try await session.signIn()
            let stored = try await UserService(home: home, user: user).disable(name)
            Terminal.line("Disabled \(stored): \(stored) can no longer sign in.")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled user sign in again (admin).")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The user to enable.")
        var name: String

        func run() async throws {
            let (home, user) = try await session.signIn()
            let stored = try await UserService(home: home, user: user).enable(name)
            Terminal.line("Enabled \(stored): \(stored) can sign in again.")
        }
    }

    struct ChangePassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password",
            abstract: "Change your own password, or (admin) reset someone else's.",
            discussion: """
            Without a name, changes your own: you sign in with your current password ($PHOTOGATE_PASSWORD \
            or a prompt), then the new one comes from $PHOTOGATE_NEW_PASSWORD or is asked twice. This is \
            also how you choose a new password after an admin reset yours: until then, every other \
            command refuses to run.

            With a name, an admin sets a temporary password for that person, to give them in person; \
            they must choose a new one the next time they sign in.
            """
        )

        @OptionGroup var session: SessionOptions

        @Argument(help: "Whose password to reset (admin). Leave it out to change your own.")
        var name: String?

        func run() async throws {
            if let name, name.lowercased() != session.userName?.lowercased() {
                let (home, user) = try await session.signIn()
                let password = try Password.read(prompt: "Choose a temporary password for \(name): ",
                                                                   environment: "PHOTOGATE_NEW_PASSWORD", confirm: true)
                let stored = try await UserService(home: home, user: user).resetPassword(of: name, to: password)
                Terminal.line("Reset \(stored)'s password. \(stored) must choose a new password the next time they sign in.")
            } else {
                let (home, user) = try await session.signIn(for: .passwordChange)
                let password = try Password.read(prompt: "Choose a new password: ", environment: "PHOTOGATE_NEW_PASSWORD", confirm: true)
                try await UserService(home: home, user: user).changeOwnPassword(to: password)
                Terminal.line("Your password is changed. Use the new one from now on.")
            }
        }
    }

    struct Roles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a user's roles (admin).",
            discussion: "The home always keeps at least one admin who can sign in."
        )

        @OptionGroup var session: SessionOptions

        @Argument(help: "The user whose roles change.")
        var name: String

        @Option(name: .customLong("role"), help: "All the roles they should have, separated by commas (e.g. staff,auditor).")
        var roles: String

        func run() async throws {
            let roleSet = try parseRoles(roles)
            let (home, user) = try await session.signIn()
            let stored = try await UserService(home: home, user: user).changeRoles(of: name, to: roleSet)
            Terminal.line("\(stored) now has the roles \(roleSet.sorted().map(\.rawValue).joined(separator: ", ")).")
        }
    }
}

/// `--role` as given, or a usage error naming the unknown role.
private func parseRoles(_ text: String) throws -> Set<Role> {
    switch Role.parseList(text) {
    case let .success(parsed): return parsed
    case let .failure(error): throw ValidationError(error.description)
    }
}

struct UserJSON: JSONRecord {
    var name: String
    var roles: [String]
    var disabled: Bool
    var must_change_password: Bool
    var created_at: String
    var created_by: String

    init(_ user: UserAccount) {
        name = user.name
        roles = user.roles.map(\.rawValue)
        disabled = user.disabled
        must_change_password = user.mustChangePassword
        created_at = Timestamp.string(user.createdAt)
        created_by = user.createdBy
    }
}
