import Foundation

/// Turns a terminal's echo off while a password is typed, and always back on: when reading
/// ends, and when Ctrl-C, a kill or a hang-up ends the command at the prompt. Then the
/// signal goes on to end the command as it would have, with the usual exit status.
enum HiddenTyping {
    /// The signals that end a command at a prompt by default.
    private static let endingSignals = [SIGINT, SIGTERM, SIGHUP]

    // What the signal handler restores. Written before the handler is installed and read
    // only by it, so no lock is needed (none could be taken in a handler anyway).
    nonisolated(unsafe) private static var terminal: Int32 = -1
    nonisolated(unsafe) private static var original = termios()

    /// Runs `body` with echo off on `descriptor`; nil when it is not a terminal.
    static func whileReading<T>(_ descriptor: Int32, _ body: () -> T) -> T? {
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { return nil }
        terminal = descriptor
        original = settings
        // Handlers first and echo off second, echo back on first and handlers removed last:
        // whenever a signal arrives, the handler finds settings to put back.
        let previous = endingSignals.map { ($0, signal($0, restoreThenEnd)) }
        for (number, handler) in previous where handler.map(isIgnore) ?? false {
            // Ignored before (under nohup, or a background job): it stays ignored.
            signal(number, handler)
        }
        var silent = settings
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(descriptor, TCSAFLUSH, &silent)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &settings)
            _ = "\n".withCString { write(descriptor, $0, 1) }
            for (number, handler) in previous { signal(number, handler) }
        }
        return body()
    }

    private static func isIgnore(_ handler: @convention(c) (Int32) -> Void) -> Bool {
        unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// The handler: only async-signal-safe calls. Puts the terminal back, moves the cursor
    /// off the prompt line, then lets the signal end the process as if never caught.
    private static let restoreThenEnd: @convention(c) (Int32) -> Void = { number in
        var settings = HiddenTyping.original
        tcsetattr(HiddenTyping.terminal, TCSANOW, &settings)
        var newline = UInt8(ascii: "\n")
        _ = write(HiddenTyping.terminal, &newline, 1)
        signal(number, SIG_DFL)
        // Blocked until this handler returns; then it ends the process with the default action.
        raise(number)
    }
}
