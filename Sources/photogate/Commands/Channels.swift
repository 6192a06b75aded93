import ArgumentParser
import Foundation
import PhotogateCore
import PhotogateServices
import PhotogateStore

struct Channels: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "The school's register of official channels (admin).",
        subcommands: [Add.self, Close.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an official channel and the consent purpose it publishes for.")

        @OptionGroup var session: SessionOptions

        @Argument(help: "A short id, e.g. school-facebook.")
        var id: String

        @Option(help: "Where it is, e.g. Facebook, website, newsletter.")
        var platform: String

        @Option(help: "The account or page name.")
        var account: String

        @Option(help: "The consent purpose photos on it need, e.g. social_media or website.")
        var purpose: String

        @Option(help: "Who holds the account's master admin rights, e.g. CEO.")
        var adminRole: String?

        @Option(help: "Users approved to post on it, separated by commas.")
        var posters: String?

        func run() async throws {
            let (home, user) = try await session.signIn()
            let posterList = posters?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
            let channel = try await ChannelService(home: home, user: user).add(.init(
                id: id, platform: platform, account: account, purpose: purpose, adminRole: adminRole, posters: posterList
            ))
            Terminal.line("Added channel \(channel.id) (\(channel.platform), \(channel.account)): photos on it need \(Purposes.plainName(channel.purpose)) consent.")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a channel: it takes no more posts.")

        @OptionGroup var session: SessionOptions

        @Argument(help: "The channel's id.")
        var id: String

        func run() async throws {
            let (home, user) = try await session.signIn()
            let channel = try await ChannelService(home: home, user: user).close(id)
            Terminal.line("Closed channel \(channel.id).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the channels.")

        @OptionGroup var session: SessionOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let (home, user) = try await session.signIn()
            let channels = try await ChannelService(home: home, user: user).list()
            if json {
                JSONOutput.print(channels.map(ChannelJSON.init))
            } else if channels.isEmpty {
                Terminal.line("No channels yet. An admin adds them with `photogate channel add`.")
            } else {
                Terminal.line(TextTable.render(header: ["CHANNEL", "PLATFORM", "ACCOUNT", "PURPOSE", "ADMIN", "POSTERS", "OPENED", "CLOSED"], rows: channels.map {
                    [$0.id, $0.platform, $0.account, Purposes.plainName($0.purpose), $0.adminRole ?? "-", $0.posters.isEmpty ? "-" : $0.posters.joined(separator: ", "),
                     HumanTime.string($0.openedAt), $0.closedAt.map(HumanTime.string) ?? "-"]
                }))
            }
        }
    }
}

struct ChannelJSON: JSONRecord {
    var id: String
    var platform: String
    var account: String
    var purpose: String
    var admin_role: String?
    var posters: [String]
    var opened_at: String
    var opened_by: String
    var closed_at: String?

    init(_ record: Channel) {
        id = record.id
        platform = record.platform
        account = record.account
        purpose = record.purpose
        admin_role = record.adminRole
        posters = record.posters
        opened_at = Timestamp.string(record.openedAt)
        opened_by = record.openedBy
        closed_at = record.closedAt.map(Timestamp.string)
    }
}
