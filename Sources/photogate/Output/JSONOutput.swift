import Foundation

/// Writes machine-readable output: stable key order, snake_case keys chosen by each type.
enum JSONOutput {
    static func print<Value: Encodable>(_ value: Value) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            Terminal.line(TerminalText(json: String(decoding: try encoder.encode(value), as: UTF8.self)))
        } catch {
            Terminal.error("photogate: could not write JSON output: \(error)")
        }
    }
}
