/// Protects people who open Photogate's CSV exports in a spreadsheet: a cell starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula, so it is written
/// with a leading apostrophe, which spreadsheets show as plain text.
public enum SpreadsheetCell {
    public static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    public static func looksLikeFormula(_ value: String) -> Bool {
        neutralised(value) != value
    }
}
