/// What changed between two versions of the consent list, in the words the office needs:
/// who was added or removed, whose consent was granted, withdrawn or has expired, and who
/// must now never appear.
public struct ConsentDiff: Sendable, Equatable {
    public struct Change: Sendable, Hashable, Comparable {
        public var personID: String
        public var purpose: String

        public init(personID: String, purpose: String) {
            self.personID = personID
            self.purpose = purpose
        }

        public static func < (lhs: Change, rhs: Change) -> Bool {
            (lhs.personID, lhs.purpose) < (rhs.personID, rhs.purpose)
        }
    }

    public var added: [String] = []
    public var removed: [String] = []
    public var granted: [Change] = []
    public var withdrawn: [Change] = []
    /// People whose consent has run out (their expiry date has passed) since the last version.
    public var expired: [String] = []
    public var exclusionsAdded: [String] = []
    public var namesGranted: [String] = []
    public var namesWithdrawn: [String] = []

    /// Compares the previous list (empty for the first import), as it stood on the day it was
    /// imported, with the new one as of today.
    public init(from old: [ConsentRecord], importedOn previousDay: CalendarDate? = nil, to new: [ConsentRecord], on today: CalendarDate) {
        // One person whatever the case of their id in either version (the `Identifier` rule).
        let before = Dictionary(old.map { (Identifier.key($0.personID), $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { (Identifier.key($0.personID), $0) }, uniquingKeysWith: { first, _ in first })
        added = after.filter { before[$0.key] == nil }.map(\.value.personID).sorted()
        removed = before.filter { after[$0.key] == nil }.map(\.value.personID).sorted()
        for (key, now) in after {
            let id = now.personID
            let then = before[key]
            let purposes = now.purposes.union(then?.purposes ?? [])
            for purpose in purposes {
                let wasGranted = then?.purposes.contains(purpose) ?? false
                let isGranted = now.purposes.contains(purpose)
                // Someone new to the list is reported once, as added.
                if isGranted, !wasGranted, then != nil { granted.append(Change(personID: id, purpose: purpose)) }
                if wasGranted, !isGranted { withdrawn.append(Change(personID: id, purpose: purpose)) }
            }
            if let then, !now.purposes.isEmpty, now.isExpired(on: today), !then.isExpired(on: previousDay ?? today) {
                expired.append(id)
            }
            if now.excluded, !(then?.excluded ?? false) { exclusionsAdded.append(id) }
            if now.names, let then, !then.names { namesGranted.append(id) }
            if !now.names, then?.names ?? false { namesWithdrawn.append(id) }
        }
        granted.sort()
        withdrawn.sort()
        expired.sort()
        exclusionsAdded.sort()
        namesGranted.sort()
        namesWithdrawn.sort()
    }

    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && granted.isEmpty && withdrawn.isEmpty && expired.isEmpty
            && exclusionsAdded.isEmpty && namesGranted.isEmpty && namesWithdrawn.isEmpty
    }
}
