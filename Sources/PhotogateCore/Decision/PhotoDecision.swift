import Foundation

/// What happens to one face in a photo published for a channel.
public struct FaceVerdict: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        case keep
        case blur
    }

    /// Pixels of the upright photo.
    public var box: Box
    /// The consent-list id of the person tagged on this face, when there is one.
    public var person: String?
    public var action: Action
    /// Why, in plain words ("no social media consent for P123", "untagged face").
    public var reason: String
    /// True for a face known only from a tag (the detector did not find it there).
    public var fromTagOnly: Bool
    /// Blurred because who it is is uncertain (tags that contradict, a name matching no one or
    /// several people): a person must decide. Worked out by the decision, not stored with it.
    public var needsDecision = false

    public init(box: Box, person: String?, action: Action, reason: String, fromTagOnly: Bool = false) {
        self.box = box
        self.person = person
        self.action = action
        self.reason = reason
        self.fromTagOnly = fromTagOnly
    }

    enum CodingKeys: String, CodingKey {
        case box, person, action, reason, fromTagOnly
    }
}

/// The outcome for a photo and a channel.
public enum Verdict: String, Sendable, Codable, Comparable {
    /// No face needs blurring.
    case clear
    /// Some faces are blurred; the rest have consent.
    case redacted
    /// A person must decide: a name could not be matched, tags contradict each other, or tags
    /// that are there could not be read.
    case review
    /// Cannot be published: an excluded person is tagged, or an unconsented person is the subject.
    case rejected

    /// Whether a photo with this verdict may go out: only as it is, or with faces hidden.
    public var isPublishable: Bool {
        self == .clear || self == .redacted
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        let order: [Verdict] = [.clear, .redacted, .review, .rejected]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

public struct PhotoDecision: Sendable, Equatable, Codable {
    public var verdict: Verdict
    public var faces: [FaceVerdict]
    /// Why the verdict is what it is (empty for a clear photo).
    public var reasons: [String]
    /// Everyone the photo's tags in force name, with a box or without, visible or not.
    public var taggedPeople: Set<String>
    /// The names readable in the photo, and what happens to each (`TextDecider`).
    public var texts: [TextVerdict]

    public init(verdict: Verdict, faces: [FaceVerdict], reasons: [String], taggedPeople: Set<String> = [], texts: [TextVerdict] = []) {
        self.verdict = verdict
        self.faces = faces
        self.reasons = reasons
        self.taggedPeople = taggedPeople
        self.texts = texts
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(verdict: try c.decode(Verdict.self, forKey: .verdict), faces: try c.decode([FaceVerdict].self, forKey: .faces),
                  reasons: try c.decode([String].self, forKey: .reasons),
                  taggedPeople: try c.decodeIfPresent(Set<String>.self, forKey: .taggedPeople) ?? [],
                  texts: try c.decodeIfPresent([TextVerdict].self, forKey: .texts) ?? [])
    }

    /// The faces to blur when rendering.
    public var blurred: [FaceVerdict] { faces.filter { $0.action == .blur } }
    /// Everyone kept visible.
    public var visiblePeople: Set<String> { Set(faces.filter { $0.action == .keep }.compactMap(\.person)) }
    /// Every place the render hides: the faces blurred and the names blurred.
    public var hiddenBoxes: [Box] { blurred.map(\.box) + texts.filter { $0.action == .blur }.map(\.box) }
    /// Everyone the photo is known to show or name: tagged, matched to a face, or named in it.
    public var identifiedPeople: Set<String> { taggedPeople.union(faces.compactMap(\.person)).union(texts.compactMap(\.person)) }
}

/// The thresholds of the decision (configuration).
public struct DecisionRules: Sendable, Equatable, Codable {
    /// A tag box belongs to a face when they overlap by this much (intersection over union)...
    public var minimumOverlap: Double
    /// ...or when the tag's centre is inside the face box.
    /// A face covering this share of the frame or more is a subject of the photo.
    public var subjectShare: Double

    public static let standard = DecisionRules(minimumOverlap: 0.3, subjectShare: 0.05)

    public init(minimumOverlap: Double, subjectShare: Double) {
        self.minimumOverlap = minimumOverlap
        self.subjectShare = subjectShare
    }
}

/// Decides, for a photo and a channel's purpose, which faces stay visible and whether the
/// photo can be published. A face stays visible only when a tag of a person whose consent
/// for the purpose is granted, not expired and not withdrawn overlaps it; everything that is
/// not proven safe is blurred, sent for review, or rejected. On a face staff have tagged,
/// their tags replace what the photo software wrote.
public struct FaceDecider: Sendable {
    public var rules: DecisionRules

    public init(rules: DecisionRules = .standard) {
        self.rules = rules
    }

    public func decide(faces detected: [DetectedFace], imageWidth: Int, imageHeight: Int, tags: [PhotoTag],
                       directory: PersonDirectory, purpose: String, today: CalendarDate,
                       unreadableTags: [String] = []) -> PhotoDecision {
        let purposeName = Purposes.plainName(purpose)
        var reviewReasons: [String] = []
        var rejectReasons: [String] = []
        // A tag that is there but cannot be read could name anyone, on any face.
        for problem in unreadableTags { reviewReasons.append("who is in the photo is unknown: \(problem)") }

        let resolved = tags.map { ($0, directory.resolve($0.person)) }

        // Give each boxed tag to the one face it overlaps best.
        var tagsOnFace = [[Int]](repeating: [], count: detected.count)
        var unmatchedTags: [Int] = []
        for (index, (tag, _)) in resolved.enumerated() {
            guard let box = tag.box else { continue }
            let candidates = detected.indices.compactMap { faceIndex -> (Int, Double)? in
                let face = detected[faceIndex].box
                let overlap = box.iou(face)
                let centred = face.contains(x: box.center.x, y: box.center.y)
                guard overlap >= rules.minimumOverlap || centred else { return nil }
                return (faceIndex, overlap + (centred ? 1 : 0))
            }
            if let best = candidates.max(by: { $0.1 < $1.1 }) {
                tagsOnFace[best.0].append(index)
            } else {
                unmatchedTags.append(index)
            }
        }

        // Staff correct the photo software: on a face they tagged, only their tags count.
        var superseded = Set<Int>()
        for faceIndex in tagsOnFace.indices where tagsOnFace[faceIndex].contains(where: { resolved[$0].0.source == .staff }) {
            superseded.formUnion(tagsOnFace[faceIndex].filter { resolved[$0].0.source != .staff })
            tagsOnFace[faceIndex].removeAll { resolved[$0].0.source != .staff }
        }

        // Every tag in force: an unresolved name is a matter for review, an excluded person
        // rejects the photo, wherever they are in it. A staff tag never hides an exclusion.
        var taggedPeople = Set<String>()
        for (index, (tag, resolution)) in resolved.enumerated() {
            switch resolution {
            case .unknown where !superseded.contains(index):
                reviewReasons.append("\"\(tag.person)\" matches no one on the consent list")
            case let .ambiguous(ids) where !superseded.contains(index):
                reviewReasons.append("\"\(tag.person)\" matches several people (\(ids.joined(separator: ", ")))")
            case let .lookAlike(ids) where !superseded.contains(index):
                reviewReasons.append("\"\(tag.person)\" is nobody's name as written, but reads like the name of \(ids.joined(separator: " or "))"
                                     + " (look-alike letters from another alphabet?)")
            case let .person(record):
                if record.excluded { rejectReasons.append("excluded person tagged (\(record.personID))") }
                if !superseded.contains(index) || record.excluded { taggedPeople.insert(record.personID) }
            default:
                continue
            }
        }

        // One person may not be tagged on two faces.
        var facesOfPerson: [String: Set<Int>] = [:]
        for (faceIndex, tagIndices) in tagsOnFace.enumerated() {
            for tagIndex in tagIndices { facesOfPerson[identity(resolved[tagIndex]), default: []].insert(faceIndex) }
        }
        let personOnTwoFaces = Set(facesOfPerson.filter { $0.value.count > 1 }.map(\.key))
        for person in personOnTwoFaces.sorted() {
            reviewReasons.append("\(person) is tagged on more than one face")
        }

        // Faces blurred because who they are is uncertain go to review, not to rejection.
        var verdicts: [FaceVerdict] = []
        var uncertain: [Bool] = []
        for (faceIndex, face) in detected.enumerated() {
            let onFace = tagsOnFace[faceIndex].map { resolved[$0] }
            let people = Set(onFace.map(identity))
            if onFace.isEmpty {
                verdicts.append(FaceVerdict(box: face.box, person: nil, action: .blur, reason: "untagged face"))
                uncertain.append(false)
            } else if people.count > 1 {
                let names = people.sorted().joined(separator: " and ")
                reviewReasons.append("tags contradict each other: one face is tagged as \(names)")
                verdicts.append(FaceVerdict(box: face.box, person: nil, action: .blur, reason: "tagged as \(names): tags contradict each other"))
                uncertain.append(true)
            } else {
                let (tag, resolution) = onFace[0]
                var verdict = self.verdict(for: resolution, tag: tag, box: face.box, purpose: purpose, purposeName: purposeName, today: today)
                var isUncertain = verdict.person == nil
                if let id = verdict.person, personOnTwoFaces.contains(id) {
                    verdict.action = .blur
                    verdict.reason = "\(id) is tagged on more than one face"
                    isUncertain = true
                }
                verdicts.append(verdict)
                uncertain.append(isUncertain)
            }
        }

        // A region tag with no face found under it still marks a face: blurred unless
        // consented, and counted among the people shown when it is kept.
        for tagIndex in unmatchedTags {
            let (tag, resolution) = resolved[tagIndex]
            guard let box = tag.box else { continue }
            var verdict = self.verdict(for: resolution, tag: tag, box: box, purpose: purpose, purposeName: purposeName, today: today)
            verdict.fromTagOnly = true
            verdict.reason += " (a tagged face the detector did not find)"
            verdicts.append(verdict)
            uncertain.append(verdict.action == .blur && verdict.person == nil)
        }

        // An unconsented subject cannot be blurred away: the largest face, or one that fills
        // a noticeable share of the frame.
        let frame = Double(imageWidth) * Double(imageHeight)
        let largest = verdicts.filter { !$0.fromTagOnly }.max { $0.box.area < $1.box.area }
        for (verdict, isUncertain) in zip(verdicts, uncertain) where verdict.action == .blur && !isUncertain {
            let share = frame > 0 ? verdict.box.area / frame : 0
            if share >= rules.subjectShare {
                rejectReasons.append("a face filling \(Int(saturating: (share * 100).rounded()))% of the photo has no \(purposeName) consent (\(verdict.reason))")
            } else if let largest, largest == verdict {
                rejectReasons.append("the main subject (the largest face) has no \(purposeName) consent (\(verdict.reason))")
            }
        }

        for index in verdicts.indices where uncertain[index] && verdicts[index].action == .blur {
            verdicts[index].needsDecision = true
        }

        let verdict: Verdict
        let reasons: [String]
        if !rejectReasons.isEmpty {
            verdict = .rejected
            reasons = unique(rejectReasons + reviewReasons)
        } else if !reviewReasons.isEmpty {
            verdict = .review
            reasons = unique(reviewReasons)
        } else if verdicts.contains(where: { $0.action == .blur }) {
            verdict = .redacted
            reasons = ["\(verdicts.filter { $0.action == .blur }.count) of \(verdicts.count) faces blurred"]
        } else {
            verdict = .clear
            reasons = []
        }
        return PhotoDecision(verdict: verdict, faces: verdicts, reasons: reasons, taggedPeople: taggedPeople)
    }

    private func verdict(for resolution: PersonDirectory.Resolution, tag: PhotoTag, box: Box, purpose: String,
                         purposeName: String, today: CalendarDate) -> FaceVerdict {
        switch resolution {
        case .unknown:
            return FaceVerdict(box: box, person: nil, action: .blur, reason: "tagged \"\(tag.person)\", who is not on the consent list")
        case let .ambiguous(ids):
            return FaceVerdict(box: box, person: nil, action: .blur, reason: "tagged \"\(tag.person)\", who could be \(ids.joined(separator: " or "))")
        case let .lookAlike(ids):
            return FaceVerdict(box: box, person: nil, action: .blur,
                               reason: "tagged \"\(tag.person)\", which only looks like the name of \(ids.joined(separator: " or "))")
        case let .person(record):
            let id = record.personID
            switch record.status(for: purpose, on: today) {
            case .granted:
                return FaceVerdict(box: box, person: id, action: .keep, reason: "\(purposeName) consent for \(id)")
            case .notGiven:
                return FaceVerdict(box: box, person: id, action: .blur, reason: "no \(purposeName) consent for \(id)")
            case let .expired(date):
                return FaceVerdict(box: box, person: id, action: .blur, reason: "\(purposeName) consent for \(id) expired on \(date)")
            case .excluded:
                return FaceVerdict(box: box, person: id, action: .blur, reason: "excluded person tagged (\(id))")
            }
        }
    }

    /// Who a resolved tag means, for comparing tags: the id when known, else the name as written.
    private func identity(_ pair: (PhotoTag, PersonDirectory.Resolution)) -> String {
        if case let .person(record) = pair.1 { return record.personID }
        return "\"\(pair.0.person)\""
    }

    private func unique(_ reasons: [String]) -> [String] {
        var seen = Set<String>()
        return reasons.filter { seen.insert($0).inserted }
    }
}
