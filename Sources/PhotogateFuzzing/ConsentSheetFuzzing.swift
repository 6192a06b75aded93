import PhotogateCore
import PhotogateServices

/// A consent sheet's bytes read as `consent import` reads them, with the default purposes and
/// without the database.
enum ConsentSheetFuzzing {
    static func run(_ bytes: [UInt8]) -> [String] {
        guard let sheet = try? SpreadsheetText.rows(of: bytes) else { return [] }
        switch ConsentSheet(purposes: Purposes.defaults).read(header: sheet.header, rows: sheet.rows) {
        case let .success(records): return brokenPromises(records)
        case let .failure(errors): return brokenPromises(errors, lines: sheet.rows.count + 1)
        }
    }

    /// An accepted sheet holds only valid, distinct person ids and names a person can read.
    private static func brokenPromises(_ records: [ConsentRecord]) -> [String] {
        var broken: [String] = []
        var keys = Set<String>()
        for record in records {
            if let problem = Identifier.problem(record.personID, naming: "a person id") {
                broken.append("accepted \(record.personID.debugDescription): \(problem)")
            }
            if !keys.insert(Identifier.key(record.personID)).inserted {
                broken.append("accepted the person id \(record.personID.debugDescription) twice")
            }
            for name in [record.firstName, record.lastName] where name.isEmpty || !OutsideText.hiddenScalars(in: name).isEmpty {
                broken.append("accepted the name \(name.debugDescription)")
            }
        }
        return broken
    }

    /// A refused sheet says what is wrong, on lines the sheet has.
    private static func brokenPromises(_ errors: ConsentSheetErrors, lines: Int) -> [String] {
        if errors.problems.isEmpty { return ["refused with no problem named"] }
        return errors.problems.filter { !(1...lines).contains($0.line) }.map { "a problem on line \($0.line) of \(lines): \($0.message)" }
    }
}
