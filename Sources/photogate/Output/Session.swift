import PhotogateCore
import ArgumentParser
import Foundation
import PhotogateServices
import PhotogateStore

/// Where the home is and who is acting: every command that reads or changes the home takes
/// these options and signs the user in before doing anything.
struct SessionOptions: ParsableArguments {
    @Option(help: "The Photogate home folder (default: $PHOTOGATE_HOME, else ./photogate-home).")
    var home: String?

    @Option(help: "Your user name (default: $PHOTOGATE_USER). The password comes from $PHOTOGATE_PASSWORD or a prompt.")
    var user: String?

    var homePath: String {
        HomeLocation.resolve(option: home, environment: ProcessInfo.processInfo.environment)
    }

    /// The user's name, from `--user` or `$PHOTOGATE_USER`.
    var userName: String? {
        user ?? ProcessInfo.processInfo.environment["PHOTOGATE_USER"]
    }

    /// Signs the user in, then opens the home. The home is first opened only for reading,
    /// which proves it is a Photogate home; it is opened for writing (and any new
    /// migrations applied) only once the password was checked.
    func signIn(for intent: SignedInUser.Intent = .work) async throws -> (PhotogateHome, SignedInUser) {
        let entrance = try HomeEntrance.open(at: homePath)
        guard let name = userName, !name.isEmpty else {
            throw PhotogateError.unauthenticated("no user name was given", code: "signin.no-name")
        }
        let prompt: TerminalText = intent == .passwordChange ? "Current password for \(name): " : "Password for \(name): "
        let password = try Password.read(prompt: prompt, environment: "PHOTOGATE_PASSWORD")
        let user = try await SignedInUser.signIn(name, password: password, at: entrance, for: intent)
        return (try await entrance.enter(), user)
    }
}

/// Passwords come from an environment variable (for scripts) or the terminal, never from the
/// command line where other users could see them.
enum Password {
    static func read(prompt: TerminalText, environment variable: String, confirm: Bool = false) throws -> String {
        if let value = ProcessInfo.processInfo.environment[variable] { return value }
        guard let first = fromTerminal(prompt.shown) else {
            throw PhotogateError.unauthenticated("no password: set \(variable) or run this in a terminal")
        }
        if confirm {
            guard let second = fromTerminal("Type it again: "), second == first else {
                throw PhotogateError.invalid("the two passwords differ")
            }
        }
        return first
    }

    /// Reads a line from the controlling terminal with echo turned off.
    private static func fromTerminal(_ prompt: String) -> String? {
        let descriptor = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        _ = prompt.withCString { write(descriptor, $0, strlen($0)) }
        return HiddenTyping.whileReading(descriptor) {
            var bytes: [UInt8] = []
            var byte: UInt8 = 0
            while Foundation.read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
