import Foundation

/// The contributor's checklist before posting (Thinking Schools): every item must be ticked.
public enum PostChecklist {
    public static let items = ["data-protection", "checked-twice", "consent", "appropriate"]

    public static let plainNames = [
        "data-protection": "data protection considered",
        "checked-twice": "checked twice",
        "consent": "consent in place",
        "appropriate": "content appropriate",
    ]

    /// The items not ticked, and any ticked item that is not on the checklist.
    public static func problems(_ ticked: [String]) -> [String] {
        let given = Set(ticked.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        var problems = items.filter { !given.contains($0) }.map { "the checklist is not complete: \(plainNames[$0]!) (\($0)) is not ticked" }
        problems += given.subtracting(items).sorted().map { "\"\($0)\" is not on the checklist (\(items.joined(separator: ", ")))" }
        return problems
    }
}

/// No identifying information about a child in the post (Oak Trees 2): a caption may name
/// someone only with their consent to be named. Names are found as a reader reads them
/// (`NameSkeleton`, `NameReading`), so "R\u{200B}ory" with a zero-width space, "Rоry" with a
/// Cyrillic "о", "Rory" and "Williams" on two lines, "#RoryWilliams" and "R o r y" are all
/// found, and "Glory" is not "Rory".
public enum CaptionCheck {
    /// A name in a caption that may not be there.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var personID: String
        public var message: String

        public var description: String { message }
    }

    /// Why a caption kept from before the caption rule (`OutsideText.caption`) may not go
    /// out as it is, or nil: new captions are refused at once.
    public static func textProblem(_ caption: String) -> String? {
        do {
            _ = try OutsideText.caption(caption)
            return nil
        } catch {
            return error.description
        }
    }

    /// The caption checked against a post's photos: a first name counts for anyone they show or name.
    public static func problems(caption: String, people: [ConsentRecord], photos: [PhotoDecision], today: CalendarDate,
                                names: NameSkeleton) -> [Problem] {
        problems(caption: caption, people: people, taggedInPost: Set(photos.flatMap(\.identifiedPeople)), today: today, names: names)
    }

    /// Every name in the caption that belongs to someone without consent to be named: their
    /// full name or surname (anyone on the list), or their first name (anyone tagged in the post).
    public static func problems(caption: String, people: [ConsentRecord], taggedInPost: Set<String>, today: CalendarDate,
                                names: NameSkeleton) -> [Problem] {
        let text = names.reading(caption)
        let tagged = Set(taggedInPost.map(Identifier.key))
        var problems: [Problem] = []
        for person in people where !person.mayBeNamed(on: today) {
            let firstNames = [person.firstName, person.preferredName].compactMap { $0 }.map { (written: $0, read: names.reading($0)) }
            let surname = names.reading(person.lastName)
            let id = person.personID
            if firstNames.contains(where: { !$0.read.isEmpty && text.contains($0.read + surname) }) {
                problems.append(Problem(personID: id, message: "the caption names \(person.fullName) (\(id)), who has no consent to be named"))
            } else if text.contains(surname) {
                problems.append(Problem(personID: id, message: "the caption contains the surname \(person.lastName), and \(id) has no consent to be named"))
            } else if tagged.contains(Identifier.key(id)), let first = firstNames.first(where: { text.contains($0.read) }) {
                problems.append(Problem(personID: id, message: "the caption names \(first.written), who is in the post (\(id)) without consent to be named"))
            }
        }
        return problems
    }
}

/// Whether a post's decisions still hold under the consent list and tags in force: the same
/// verdict, the same people kept visible, and the same places blurred. The render approved
/// was made from the earlier decision, so a blur box that moved (a tag moved to another
/// face) means the render no longer hides what must be hidden, even when the verdict and the
/// people are unchanged.
public enum DecisionComparison {
    /// Two boxes are the same place when no side moved by this many pixels or more (a
    /// decision made again from the same faces and tags gives the very same numbers).
    static let samePlaceTolerance = 0.5

    public static func differences(was old: PhotoDecision, now new: PhotoDecision) -> [String] {
        var differences: [String] = []
        if old.verdict != new.verdict {
            differences.append("its verdict would now be \(new.verdict.rawValue), not \(old.verdict.rawValue)")
        }
        // The same person whatever the case of their id in the list of the day.
        let wasVisible = Set(old.visiblePeople.map(Identifier.key)), isVisible = Set(new.visiblePeople.map(Identifier.key))
        for person in old.visiblePeople.sorted() where !isVisible.contains(Identifier.key(person)) {
            let reason = new.faces.first { $0.person.map { Identifier.same($0, person) } ?? false }?.reason ?? "no longer shown"
            differences.append("\(person) would now be blurred: \(reason)")
        }
        for person in new.visiblePeople.sorted() where !wasVisible.contains(Identifier.key(person)) {
            differences.append("\(person) would now be visible")
        }
        // Where the render blurs, face by face; someone already named above is not named twice.
        func namedAbove(_ face: FaceVerdict) -> Bool {
            face.person.map { wasVisible.contains(Identifier.key($0)) != isVisible.contains(Identifier.key($0)) } ?? false
        }
        for face in new.blurred where !old.blurred.contains(where: { samePlace($0.box, face.box) }) && !namedAbove(face) {
            differences.append("the face at \(face.box.pixelText) would now be blurred (\(face.reason)), but the render approved does not blur it there")
        }
        for face in old.blurred where !new.blurred.contains(where: { samePlace($0.box, face.box) }) && !namedAbove(face) {
            differences.append("the render approved blurs \(face.box.pixelText), where nothing would now be blurred")
        }
        // The names hidden in the render.
        let wasHidden = old.texts.filter { $0.action == .blur }, isHidden = new.texts.filter { $0.action == .blur }
        for text in isHidden where !wasHidden.contains(where: { samePlace($0.box, text.box) }) {
            differences.append("the text at \(text.box.pixelText) would now be blurred (\(text.reason)), but the render approved does not blur it there")
        }
        for text in wasHidden where !isHidden.contains(where: { samePlace($0.box, text.box) }) {
            differences.append("the render approved blurs the text at \(text.box.pixelText), where nothing would now be blurred")
        }
        return differences
    }

    static func samePlace(_ a: Box, _ b: Box) -> Bool {
        [(a.x, b.x), (a.y, b.y), (a.maxX, b.maxX), (a.maxY, b.maxY)].allSatisfy { abs($0.0 - $0.1) < samePlaceTolerance }
    }
}

/// Who in a photo already decided may no longer appear for a purpose, under the consent list
/// in force: a visible person whose consent was withdrawn, expired or turned into an
/// exclusion, and anyone tagged (even blurred, or without a box) who is now excluded.
public enum ConsentLoss {
    public struct Loss: Sendable, Equatable {
        public var personID: String
        public var reason: String
    }

    public static func losses(in decision: PhotoDecision, purpose: String, directory: PersonDirectory, today: CalendarDate) -> [Loss] {
        var losses: [Loss] = []
        for person in decision.visiblePeople.sorted() {
            let status = directory.record(id: person)?.status(for: purpose, on: today) ?? .notGiven
            let reason: String? = switch status {
            case .granted: nil
            case .excluded: "\(person) must no longer appear anywhere"
            case let .expired(date): "\(person)'s \(Purposes.plainName(purpose)) consent expired on \(date)"
            case .notGiven: "\(person) no longer has \(Purposes.plainName(purpose)) consent"
            }
            if let reason { losses.append(Loss(personID: person, reason: reason)) }
        }
        for person in decision.taggedPeople.subtracting(decision.visiblePeople).sorted() where directory.record(id: person)?.excluded == true {
            losses.append(Loss(personID: person, reason: "\(person) must no longer appear anywhere, and is tagged"))
        }
        // A name left readable because its owner could be named.
        let kept = Set(decision.texts.filter { $0.action == .keep }.compactMap(\.person))
        for person in kept.subtracting(losses.map(\.personID)).sorted() {
            guard let record = directory.record(id: person) else { continue }
            if record.excluded || !record.mayBeNamed(on: today) || record.status(for: purpose, on: today) != .granted {
                losses.append(Loss(personID: person, reason: "\(person)'s name is readable on the photo, and they may no longer be named"))
            }
        }
        return losses
    }
}
