import Foundation

/// What happens to a name, or text like one, readable in a photo published for a channel.
public struct TextVerdict: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        /// The person may be named for the purpose: it stays, noted in the reasons.
        case keep
        /// Hidden like a face.
        case blur
        /// A person must decide.
        case review
        /// The photo cannot go: the name of an excluded person.
        case reject
    }

    /// Pixels of the upright photo.
    public var box: Box
    /// The words as read.
    public var text: String
    /// The consent-list id of the person named, when the words name only one.
    public var person: String?
    public var action: Action
    /// Why, in plain words.
    public var reason: String

    public init(box: Box, text: String, person: String?, action: Action, reason: String) {
        self.box = box
        self.text = text
        self.person = person
        self.action = action
        self.reason = reason
    }
}

/// Decides about the names readable in a photo (Oak Trees 2: no certificate, piece of work or
/// badge may show a child's name): a name of someone who may be named for the purpose stays;
/// any other name on the list is hidden like a face, or sent to review (`TextRules`); the
/// name of an excluded person rejects the photo. Where a name may be several people's, the
/// strictest of them decides.
public struct TextDecider: Sendable {
    public var rules: TextRules

    public init(rules: TextRules = .standard) {
        self.rules = rules
    }

    public func decide(regions: [TextRegion], people: [ConsentRecord], tagged: Set<String>, purpose: String,
                       today: CalendarDate, names: NameSkeleton) -> [TextVerdict] {
        let purposeName = Purposes.plainName(purpose)
        let finder = NameFinder(people: people, tagged: tagged, firstNames: rules.firstNames, names: names)
        var verdicts = finder.names(in: regions).map { verdict(for: $0, purpose: purpose, purposeName: purposeName, today: today) }
        if rules.unreadableCards {
            for region in regions where Self.looksLikeUnreadableCard(region) {
                verdicts.append(TextVerdict(box: region.box, text: "", person: nil, action: .review,
                                            reason: "text that cannot be read, perhaps a name card, is on the photo (\(region.box.pixelText))"))
            }
        }
        return verdicts
    }

    /// Letters of one height in a row, of which nothing could be read with confidence.
    static func looksLikeUnreadableCard(_ region: TextRegion) -> Bool {
        region.letters >= 4 && region.evenness >= 0.75 && !region.words.contains { $0.confidence >= NameFinder.minimumConfidence }
    }

    private func verdict(for name: NameInText, purpose: String, purposeName: String, today: CalendarDate) -> TextVerdict {
        let ids = name.people.map(\.personID).sorted()
        let person = ids.count == 1 ? ids[0] : nil
        let place = "(\(name.kind), \(name.box.pixelText))"
        let what: String = switch name.form {
        case .fullName: "the name \(name.people[0].fullName)"
        case .surname: "the surname \(name.people[0].lastName)"
        case .firstName: "the first name \(name.text)"
        }
        let whose = ids.count == 1 ? "" : " (which could be \(ids.joined(separator: " or ")))"
        if let excluded = name.people.first(where: \.excluded) {
            return TextVerdict(box: name.box, text: name.text, person: person, action: .reject,
                               reason: "\(what) of an excluded person (\(excluded.personID)) is readable on the photo \(place)")
        }
        let mayBeNamed = name.people.allSatisfy { $0.mayBeNamed(on: today) && $0.status(for: purpose, on: today) == .granted }
        if mayBeNamed {
            return TextVerdict(box: name.box, text: name.text, person: person, action: .keep,
                               reason: "\(what) is readable on the photo; \(ids.joined(separator: " and ")) may be named, with \(purposeName) consent \(place)")
        }
        let action: TextVerdict.Action = rules.nameAction == .blur ? .blur : .review
        return TextVerdict(box: name.box, text: name.text, person: person, action: action,
                           reason: "\(what)\(whose) is readable on the photo \(place)")
    }
}

extension PhotoDecision {
    /// The decision once the names readable in the photo are decided too: the strictest of
    /// both verdicts, every reason kept.
    public func adding(texts: [TextVerdict]) -> PhotoDecision {
        var decided = self
        decided.texts = texts
        let textVerdict: Verdict = texts.contains { $0.action == .reject } ? .rejected
            : texts.contains { $0.action == .review } ? .review
            : texts.contains { $0.action == .blur } ? .redacted : .clear
        decided.verdict = max(verdict, textVerdict)
        let order: [TextVerdict.Action] = [.reject, .review, .blur, .keep]
        decided.reasons += order.flatMap { action in texts.filter { $0.action == action }.map(\.reason) }
        return decided
    }
}
