import Foundation
import PhotogateTestSupport
import Testing

@Suite("The password prompt")
struct PasswordPromptTests {
    /// A home, and `photogate user list` waiting at the password prompt on a real terminal,
    /// with typed characters hidden.
    func atThePrompt() throws -> (SchoolHome, PseudoTerminal, PseudoTerminal.Child) {
        let school = try SchoolHome("prompt")
        let terminal = try PseudoTerminal()
        #expect(try terminal.echoes(), "a new terminal shows what is typed")
        let child = try terminal.start(CommandRunner.photogate, ["user", "list"],
                                         environment: ["PHOTOGATE_HOME": school.path, "PHOTOGATE_USER": "admin"])
        try terminal.read(until: "Password for admin: ")
        // The prompt is written just before echo goes off; wait for the change to land.
        let deadline = Date().addingTimeInterval(10)
        while try terminal.echoes(), Date() < deadline { usleep(20_000) }
        #expect(try !terminal.echoes(), "the password is not shown while typed")
        return (school, terminal, child)
    }

    @Test("Ctrl-C, a kill or a hang-up at the prompt turns echo back on, and the command ends by that signal", arguments: [SIGINT, SIGTERM, SIGHUP])
    func interrupted(signal: Int32) throws {
        let (_, terminal, child) = try atThePrompt()
        if signal == SIGINT {
            terminal.type("\u{03}")
        } else {
            kill(child.pid, signal)
        }
        #expect(child.wait() == .signalled(signal))
        let settings = try terminal.settings()
        #expect(try terminal.echoes(), "stty -a after the signal: \(settings)")
    }

    @Test("a password typed at the prompt signs in, and echo is on again afterwards")
    func typed() throws {
        let (school, terminal, child) = try atThePrompt()
        terminal.type(school.passwords["admin"]! + "\n")
        let shown = try terminal.read(until: "audrey")
        #expect(child.wait() == .exited(0), "\(shown)")
        #expect(!shown.contains(school.passwords["admin"]!), "the password never appears on the screen")
        #expect(try terminal.echoes())
    }
}
