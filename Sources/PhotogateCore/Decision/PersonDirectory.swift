import Foundation

/// Finds the person a tag means on the consent list: by exact id, or by a unique match of the
/// normalised full name (case, accents and spacing ignored; the preferred first name counts
/// as well as the legal one). A name that matches no one, or several people, is never
/// treated as consented.
public struct PersonDirectory: Sendable {
    public enum Resolution: Sendable, Equatable {
        case person(ConsentRecord)
        case unknown
        case ambiguous([String])
    }

    private let byID: [String: ConsentRecord]
    private let byName: [String: [ConsentRecord]]

    public init(_ records: [ConsentRecord]) {
        byID = Dictionary(records.map { (Self.normalisedID($0.personID), $0) }, uniquingKeysWith: { first, _ in first })
        var names: [String: [ConsentRecord]] = [:]
        for record in records {
            var keys = Set([Self.normalisedName("\(record.firstName) \(record.lastName)")])
            if let preferred = record.preferredName { keys.insert(Self.normalisedName("\(preferred) \(record.lastName)")) }
            for key in keys { names[key, default: []].append(record) }
        }
        byName = names
    }

    public func resolve(_ text: String) -> Resolution {
        if let record = byID[Self.normalisedID(text)] { return .person(record) }
        let matches = byName[Self.normalisedName(text)] ?? []
        switch matches.count {
        case 0: return .unknown
        case 1: return .person(matches[0])
        default: return .ambiguous(matches.map(\.personID).sorted())
        }
    }

    public func record(id: String) -> ConsentRecord? {
        byID[Self.normalisedID(id)]
    }

    static func normalisedID(_ id: String) -> String {
        id.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    /// "  Zoë  O'Brien-Smith " and "zoe o'brien-smith" read the same.
    public static func normalisedName(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }
}
