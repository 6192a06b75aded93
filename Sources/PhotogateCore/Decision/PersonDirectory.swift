import Foundation

/// Finds the person a tag means on the consent list: by id (letter case ignored, the
/// `Identifier` rule), or by a unique match of the full name as written (case, accents,
/// spacing and invisible characters ignored; the preferred first name counts as well as the
/// legal one). A name that matches no one, or several people, is never treated as consented;
/// nor is one that only *looks like* someone's name (look-alike letters from another
/// alphabet, "rn" for "m"): it may be that person, or someone else written to pass for them.
public struct PersonDirectory: Sendable {
    public enum Resolution: Sendable, Equatable {
        case person(ConsentRecord)
        case unknown
        case ambiguous([String])
        /// Not anyone's name as written, but read the same as these people's names.
        case lookAlike([String])
    }

    private let byID: [String: ConsentRecord]
    private let byName: [String: [ConsentRecord]]
    private let bySkeleton: [String: [ConsentRecord]]
    private let names: NameSkeleton

    public init(_ records: [ConsentRecord], names: NameSkeleton) {
        self.names = names
        byID = Dictionary(records.map { (Identifier.key($0.personID), $0) }, uniquingKeysWith: { first, _ in first })
        var written: [String: [ConsentRecord]] = [:]
        var read: [String: [ConsentRecord]] = [:]
        for record in records {
            let fullNames = [record.firstName, record.preferredName].compactMap { $0 }.map { "\($0) \(record.lastName)" }
            for key in Set(fullNames.map(Self.normalisedName)) { written[key, default: []].append(record) }
            for key in Set(fullNames.map(names.key)) { read[key, default: []].append(record) }
        }
        byName = written
        bySkeleton = read
    }

    public func resolve(_ text: String) -> Resolution {
        if let record = record(id: text) { return .person(record) }
        let matches = byName[Self.normalisedName(text)] ?? []
        switch matches.count {
        case 1: return .person(matches[0])
        case 0: break
        default: return .ambiguous(matches.map(\.personID).sorted())
        }
        let alike = bySkeleton[names.key(text)] ?? []
        return alike.isEmpty ? .unknown : .lookAlike(alike.map(\.personID).sorted())
    }

    public func record(id: String) -> ConsentRecord? {
        byID[Identifier.key(id.trimmingCharacters(in: .whitespacesAndNewlines))]
    }

    /// "  Zoë  O'Brien-Smith " and "zoe o'brien-smith" read the same; so do "Rory" and
    /// "R\u{200B}ory", whose difference cannot be seen.
    public static func normalisedName(_ name: String) -> String {
        OutsideText.cleaned(name)
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }
}
