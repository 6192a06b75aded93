import Foundation
import PhotogateCore
import PhotogateServices

/// A photo's page: the photo with every face boxed in the colour of what happens to it, the
/// reason beside each, a way to say who each face is, and the way to the next photo needing
/// a decision.
struct PhotoView: Sendable {
    struct Face: Sendable {
        var number: Int
        var index: Int
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        /// `keep` (green), `blur` (red) or `decide` (amber).
        var colour: String
        var word: String
        var reason: String
        var person: String?
        var offerTag: Bool
    }

    /// A name readable in the photo (blue), and what happens to it.
    struct Text: Sendable {
        var number: Int
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var word: String
        var reason: String
    }

    struct Tag: Sendable {
        var person: String
        var name: String
        var box: String?
    }

    struct Person: Sendable {
        var id: String
        var label: String
    }

    var sha256: String
    var channel: String
    var channelLabel: String
    var batch: String?
    var batchHref: String?
    var nextHref: String?
    var width: Int
    var height: Int
    /// The face numbers' size (`FaceNumbers`).
    var numberSize: Int
    var verdict: String
    var verdictWord: String
    var reasons: [String]
    var faces: [Face]
    var texts: [Text]
    var tags: [Tag]
    var people: [Person]
    var mayTag: Bool
    var showPublished: Bool
    var viewHref: String
    var publishedHref: String
    var problem: String?

    init(sha256: String, channel: Channel, batch: BatchJob?, outcome: CheckOutcome, tags: [StaffTag], people: [ConsentRecord],
         today: CalendarDate, mayTag: Bool, showPublished: Bool, problem: String?) {
        self.sha256 = sha256
        self.channel = channel.id
        channelLabel = ChannelLabel.text(channel)
        self.batch = batch?.id
        let query = "channel=\(channel.id)" + (batch.map { "&batch=\($0.id)" } ?? "")
        batchHref = batch.map { "/batches/\($0.id)" }
        nextHref = batch?.nextNeedingDecision(after: sha256).map { "/photos/\($0.sha256)?\(query)" }
        width = outcome.width
        height = outcome.height
        numberSize = FaceNumbers.size(width: outcome.width)
        let decision = outcome.decision
        verdict = decision?.verdict.rawValue ?? "rejected"
        verdictWord = decision.map { BatchView.word($0.verdict) } ?? "Cannot be used"
        reasons = decision?.reasons ?? [outcome.rejection.map { "it \($0.message)" } ?? "it cannot be read"]
        let names = Dictionary(people.map { ($0.personID, $0.fullName) }, uniquingKeysWith: { first, _ in first })
        faces = (decision?.faces ?? []).enumerated().map { index, face in
            let colour = face.needsDecision ? "decide" : face.action == .keep ? "keep" : "blur"
            let word = face.needsDecision ? "needs a decision" : face.action == .keep ? "stays visible" : "blurred"
            return Face(number: index + 1, index: index, x: Int(face.box.x.rounded()), y: Int(face.box.y.rounded()),
                        width: Int(face.box.width.rounded()), height: Int(face.box.height.rounded()),
                        colour: colour, word: word, reason: face.reason,
                        person: face.person.map { id in names[id].map { "\($0) (\(id))" } ?? id },
                        offerTag: mayTag && !face.fromTagOnly)
        }
        texts = (decision?.texts ?? []).enumerated().map { index, text in
            let word = switch text.action {
            case .keep: "stays: may be named"
            case .blur: "blurred"
            case .review: "needs a decision"
            case .reject: "stops the photo"
            }
            return Text(number: index + 1, x: Int(text.box.x.rounded()), y: Int(text.box.y.rounded()), width: Int(text.box.width.rounded()),
                        height: Int(text.box.height.rounded()), word: word, reason: text.reason)
        }
        self.tags = tags.map { tag in
            Tag(person: tag.person, name: names[tag.person] ?? tag.person, box: tag.box?.pixelText)
        }
        self.people = people.sorted { $0.fullName < $1.fullName }.map { record in
            let purpose = Purposes.plainName(channel.purpose)
            let consent = switch record.status(for: channel.purpose, on: today) {
            case .granted: "\(purpose) consent"
            case .notGiven: "no \(purpose) consent"
            case .expired: "\(purpose) consent expired"
            case .excluded: "EXCLUDED: must not appear"
            }
            let named = record.mayBeNamed(on: today) ? "may be named" : "not to be named"
            let preferred = record.preferredName.map { _ in " (\(record.firstName))" } ?? ""
            return Person(id: record.personID, label: "\(record.fullName)\(preferred) · \(record.yearGroup ?? "no year group") · \(consent) · \(named)")
        }
        self.mayTag = mayTag
        self.showPublished = showPublished
        viewHref = "/photos/\(sha256)?\(query)"
        publishedHref = "/photos/\(sha256)?\(query)&view=published"
        self.problem = problem
    }
}
