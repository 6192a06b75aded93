import Foundation

/// A name of people on the consent list, read in a photo.
public struct NameInText: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        case fullName, surname, firstName
    }

    /// Everyone the words may name (several when a surname or first name is shared).
    public var people: [ConsentRecord]
    public var form: Form
    /// The words as read, joined by spaces.
    public var text: String
    /// Around every word of the name, in upright pixels.
    public var box: Box
    /// What the text around it looks like: "certificate", "label" or "text".
    public var kind: String
}

/// Finds names on the consent list among the words read in a photo, as the caption check
/// reads captions (`NameSkeleton`: case, accents and look-alike letters ignored): full names
/// (first or preferred name and surname, one after the other), surnames, and first names
/// alone when `TextRules.FirstNames` lets them count. Whole words only, so "Rose" is not read
/// in "Roses"; a name of five letters or more still matches with one letter misread, as OCR
/// misreads ("Arnelia" for "Amelia" is already alike in skeleton; "Amclia" is one letter off).
public struct NameFinder: Sendable {
    /// Words the reader is less sure of than this (0-100) are not taken as read.
    public static let minimumConfidence = 30.0
    /// Names with at least this many letters match with one letter misread.
    public static let tolerantLength = 5

    private struct Pattern {
        var person: ConsentRecord
        var form: NameInText.Form
        var words: [String]
        var letters: Int { words.reduce(0) { $0 + $1.count } }
    }

    private let patterns: [Pattern]
    private let names: NameSkeleton

    /// `tagged`: the ids of everyone tagged in the photo.
    public init(people: [ConsentRecord], tagged: Set<String>, firstNames rule: TextRules.FirstNames, names: NameSkeleton) {
        self.names = names
        let taggedKeys = Set(tagged.map(Identifier.key))
        var firstNameOwners: [String: Set<String>] = [:]
        for person in people {
            for first in Self.firstNames(of: person) { firstNameOwners[names.key(first), default: []].insert(person.personID) }
        }
        var patterns: [Pattern] = []
        for person in people {
            let surname = names.words(person.lastName)
            for first in Self.firstNames(of: person) {
                let firstWords = names.words(first)
                guard !firstWords.isEmpty else { continue }
                patterns.append(Pattern(person: person, form: .fullName, words: firstWords + surname))
                let isTagged = taggedKeys.contains(Identifier.key(person.personID))
                let isUnique = firstNameOwners[names.key(first)]?.count == 1
                let counts = switch rule {
                case .any: true
                case .tagged: isTagged
                case .taggedOrUnique: isTagged || isUnique
                }
                if counts { patterns.append(Pattern(person: person, form: .firstName, words: firstWords)) }
            }
            if !surname.isEmpty { patterns.append(Pattern(person: person, form: .surname, words: surname)) }
        }
        // The longest names are tried first, so a full name is not also read as a surname.
        self.patterns = patterns.sorted { $0.words.count > $1.words.count }
    }

    private static func firstNames(of person: ConsentRecord) -> [String] {
        var names = [person.firstName]
        if let preferred = person.preferredName, preferred != person.firstName { names.append(preferred) }
        return names
    }

    /// Every name read in the regions, once per place.
    public func names(in regions: [TextRegion]) -> [NameInText] {
        regions.flatMap(names(in:)).reduce(into: []) { found, name in
            // Regions read twice (a line and the block around it) find the same name twice.
            if let index = found.firstIndex(where: { $0.box.iou(name.box) > 0.3 && Set($0.people.map(\.personID)) == Set(name.people.map(\.personID)) }) {
                if name.text.count > found[index].text.count { found[index] = name }
            } else {
                found.append(name)
            }
        }
    }

    private func names(in region: TextRegion) -> [NameInText] {
        // Each read word split as the caption check splits words ("Hart," is "hart").
        var tokens: [(word: String, index: Int)] = []
        for (index, word) in region.words.enumerated() where word.confidence >= Self.minimumConfidence {
            for piece in names.words(word.text) { tokens.append((piece, index)) }
        }
        let kind = Self.kind(of: region, names: names)
        var found: [NameInText] = []
        var used = Set<Int>()
        var start = 0
        while start < tokens.count {
            // The longest name that matches here, and everyone it may be.
            var matched: (length: Int, forms: [NameInText.Form], people: [ConsentRecord])?
            for pattern in patterns {
                if let current = matched, pattern.words.count < current.length { break }
                guard start + pattern.words.count <= tokens.count,
                      Self.matches(pattern, Array(tokens[start..<(start + pattern.words.count)].map(\.word))) else { continue }
                var match = matched ?? (pattern.words.count, [], [])
                match.forms.append(pattern.form)
                if !match.people.contains(where: { $0.personID == pattern.person.personID }) { match.people.append(pattern.person) }
                matched = match
            }
            guard let match = matched else {
                start += 1
                continue
            }
            let wordIndices = Array(Set(tokens[start..<(start + match.length)].map(\.index))).sorted()
            if used.isDisjoint(with: wordIndices) {
                let words = wordIndices.map { region.words[$0] }
                let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
                let form: NameInText.Form = match.forms.contains(.fullName) ? .fullName : match.forms.contains(.surname) ? .surname : .firstName
                found.append(NameInText(people: match.people, form: form, text: words.map(\.text).joined(separator: " "), box: box, kind: kind))
                used.formUnion(wordIndices)
            }
            start += match.length
        }
        return found
    }

    /// Whole words, letter by letter; a long name may have one letter misread.
    private static func matches(_ pattern: Pattern, _ words: [String]) -> Bool {
        var misread = 0
        for (expected, read) in zip(pattern.words, words) {
            guard expected.count == read.count else { return false }
            misread += zip(expected, read).filter { $0 != $1 }.count
        }
        return misread == 0 || (misread == 1 && pattern.letters >= tolerantLength)
    }

    /// "certificate" when the words around say so, "label" for a few words alone, else "text".
    static func kind(of region: TextRegion, names: NameSkeleton) -> String {
        let words = Set(region.words.flatMap { names.words($0.text) })
        if !words.isDisjoint(with: ["certificate", "award", "awarded", "presented", "achievement", "congratulations", "merit"].map(names.key)) {
            return "certificate"
        }
        return region.words.count <= 3 ? "label" : "text"
    }
}

extension Box {
    /// The smallest box holding both.
    public func union(_ other: Box) -> Box {
        let left = min(x, other.x), top = min(y, other.y)
        return Box(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
    }
}
