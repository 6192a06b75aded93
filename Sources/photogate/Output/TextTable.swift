import Foundation
import PhotogateCore

/// Plain columns for the terminal: each column as wide as its widest cell. Cells are text
/// from outside, shown with their hidden characters made visible (and measured so).
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> TerminalText {
        let all = ([header] + rows).map { $0.map(OutsideText.visible) }
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        let lines = all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return TerminalText(lines: lines.joined(separator: "\n"))
    }
}

/// How times are shown to people: local time, to the minute.
enum HumanTime {
    static func string(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
