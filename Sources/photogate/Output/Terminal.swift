import Foundation
import PhotogateCore

/// Where the command's words go: results on standard output, problems and progress on
/// standard error, so that `--json` output stays machine-readable. Everything written goes
/// through `TerminalText`, so no text from outside can drive the terminal.
enum Terminal {
    static func line(_ text: TerminalText) {
        FileHandle.standardOutput.write(Data((text.shown + "\n").utf8))
    }

    static func error(_ text: TerminalText) {
        FileHandle.standardError.write(Data((text.shown + "\n").utf8))
    }

    static var errorIsInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    /// A progress line that rewrites itself on an interactive terminal and says nothing
    /// otherwise (logs and pipes stay clean). Its escapes are Photogate's own.
    struct Progress {
        let label: String
        let enabled: Bool

        init(_ label: String, enabled: Bool = Terminal.errorIsInteractive) {
            self.label = label
            self.enabled = enabled
        }

        func update(_ done: Int, of total: Int) {
            guard enabled, total > 1 else { return }
            let line: TerminalText = "\(label) \(done) of \(total)…"
            FileHandle.standardError.write(Data("\r\(line.shown)\u{1B}[K".utf8))
        }

        func finish() {
            guard enabled else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}

/// Words for the terminal. The literal parts of a `TerminalText` are Photogate's own and are
/// written as they are (line breaks included); every interpolated value is taken as text
/// from outside (a file name, a camera's make, a name, a caption, a message quoting any of
/// them) and written with its control and format characters made visible (`\u{1B}`), so a
/// file cannot move the cursor, erase a line, reorder text or forge a line of its own.
struct TerminalText: ExpressibleByStringInterpolation {
    /// The text as the terminal receives it.
    private(set) var shown: String

    init(stringLiteral value: String) {
        shown = value
    }

    init(stringInterpolation: Interpolation) {
        shown = stringInterpolation.shown
    }

    /// Text of several lines whose line breaks are meant (a help page, a table): each line
    /// is outside text, the breaks are kept.
    init(lines text: String) {
        shown = text.split(separator: "\n", omittingEmptySubsequences: false).map { OutsideText.visible(String($0)) }
            .joined(separator: "\n")
    }

    /// A JSON document: valid JSON already, whose encoder escaped C0 controls but leaves the
    /// others (DEL, C1 controls, bidirectional and zero-width characters) as they are. They
    /// can only be inside strings, where `\uXXXX` means the same character, so the document
    /// is unchanged for a JSON reader and inert for a terminal.
    init(json document: String) {
        var shown = ""
        for scalar in document.unicodeScalars {
            guard OutsideText.isHidden(scalar), scalar != "\n" else {
                shown.unicodeScalars.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                shown += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        self.shown = shown
    }

    struct Interpolation: StringInterpolationProtocol {
        fileprivate var shown = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            shown.reserveCapacity(literalCapacity)
        }

        mutating func appendLiteral(_ literal: String) {
            shown += literal
        }

        mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            shown += OutsideText.visible(value.description)
        }

        mutating func appendInterpolation(_ error: any Error) {
            shown += OutsideText.visible(String(describing: error))
        }

        /// Text already made safe (a table, a nested message), written as it is.
        mutating func appendInterpolation(_ text: TerminalText) {
            shown += text.shown
        }
    }
}
