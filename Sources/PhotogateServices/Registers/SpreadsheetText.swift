import CSV
import Foundation
import PhotogateCore

/// CSV in and out, the way office spreadsheets produce and open it.
public enum SpreadsheetText {
    /// Splits a CSV file into its header and rows. UTF-8 (with or without a byte-order mark)
    /// is expected; Windows-1252, which older MIS exports use, is accepted too. The delimiter
    /// (comma, semicolon or tab) is read from the header line.
    public static func rows(of bytes: [UInt8]) throws -> (header: [String], rows: [[String]]) {
        var data = Data(bytes)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw PhotogateError.invalid("the file is not text (UTF-8 or Windows-1252)")
        }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let delimiter = ConsentSheet.delimiter(ofHeaderLine: firstLine)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter.unicodeScalars.first!)
        } catch {
            throw PhotogateError.invalid("the file has no header line")
        }
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if reader.error != nil { throw PhotogateError.invalid("the file could not be read as CSV") }
        return (reader.headerRow ?? [], rows)
    }

    /// Writes rows as CSV, every cell neutralised so no spreadsheet runs it as a formula.
    static func csv(header: [String], rows: [[String]]) throws -> [UInt8] {
        let writer = try CSVWriter(stream: .toMemory(), newline: .crlf)
        try writer.write(row: header.map(SpreadsheetCell.neutralised))
        for row in rows { try writer.write(row: row.map(SpreadsheetCell.neutralised)) }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw PhotogateError.invalid("could not write the CSV")
        }
        return [UInt8](data)
    }
}
