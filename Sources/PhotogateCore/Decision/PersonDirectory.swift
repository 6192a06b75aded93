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
    /// Each skeleton's names as written, to tell look-alike names from shared ones.
    private let writtenBySkeleton: [String: Set<String>]
    private let names: NameSkeleton

    public init(_ records: [ConsentRecord], names: NameSkeleton) {
        self.names = names
        byID = Dictionary(records.map { (Identifier.key($0.personID), $0) }, uniquingKeysWith: { first, _ in first })
        var written: [String: [ConsentRecord]] = [:]
        var read: [String: [ConsentRecord]] = [:]
        var writtenForms: [String: Set<String>] = [:]
        for record in records {
            let fullNames = [record.firstName, record.preferredName].compactMap { $0 }.map { "\($0) \(record.lastName)" }
            for key in Set(fullNames.map(Self.normalisedName)) { written[key, default: []].append(record) }
            let keys = fullNames.map(names.key)
            for (key, fullName) in zip(keys, fullNames) { writtenForms[key, default: []].insert(Self.normalisedName(fullName)) }
            for key in Set(keys) { read[key, default: []].append(record) }
        }
        byName = written
        bySkeleton = read
        writtenBySkeleton = writtenForms
    }

    /// A name is one person only when no one else's name reads the same: "Rory Williams"
    /// written in Latin letters is ambiguous when someone else on the list is "Rоry Williams"
    /// (a Cyrillic "о"), since a tag naming either may have been written for the other.
    public func resolve(_ text: String) -> Resolution {
        if let record = record(id: text) { return .person(record) }
        let matches = byName[Self.normalisedName(text)] ?? []
        let alike = bySkeleton[names.key(text)] ?? []
        switch matches.count {
        case 1 where alike.count <= 1: return .person(matches[0])
        case 0: return alike.isEmpty ? .unknown : .lookAlike(alike.map(\.personID).sorted())
        default: return .ambiguous(Set((matches + alike).map(\.personID)).sorted())
        }
    }

    /// People whose names read the same (`NameSkeleton`) but are written differently, each
    /// group once: perhaps a letter from another alphabet typed by mistake, or a name made to
    /// pass for another. Tags naming any of them go to review; people who share a name exactly
    /// are not listed (two children may be named alike).
    public var lookAlikeNames: [[ConsentRecord]] {
        bySkeleton.sorted { $0.key < $1.key }.compactMap { key, group in
            group.count > 1 && (writtenBySkeleton[key]?.count ?? 0) > 1 ? group : nil
        }
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
