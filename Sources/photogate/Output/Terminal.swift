import Foundation

/// Where the command's words go: results on standard output, problems and progress on
/// standard error, so that `--json` output stays machine-readable.
enum Terminal {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var errorIsInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    /// A progress line that rewrites itself on an interactive terminal and says nothing
    /// otherwise (logs and pipes stay clean).
    struct Progress {
        let label: String
        let enabled: Bool

        init(_ label: String, enabled: Bool = Terminal.errorIsInteractive) {
            self.label = label
            self.enabled = enabled
        }

        func update(_ done: Int, of total: Int) {
            guard enabled, total > 1 else { return }
            FileHandle.standardError.write(Data("\r\(label) \(done) of \(total)…\u{1B}[K".utf8))
        }

        func finish() {
            guard enabled else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}
