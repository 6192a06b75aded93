import Foundation

/// The school's policy as data: its name, the purposes photos may be used for, the deadline
/// for deleting photos from personal devices, how faces are found and hidden, and who
/// approves a post.
public struct Settings: Sendable, Equatable, Codable {
    public var school: String
    public var purposes: [String]
    public var deletionDeadlineHours: Int
    public var detection: DetectionSettings
    public var decision: DecisionRules
    /// How faces are hidden, and how much the box grows first.
    public var redactionFill: RedactionStyle.Fill
    public var redactionGrow: Double
    /// Who approves a post, in order.
    public var approvalChain: ApprovalChain
    /// A browser session ends after this many minutes without a request...
    public var sessionIdleMinutes: Int
    /// ...and this many hours after signing in, whatever happens.
    public var sessionHours: Int
    /// Consent that ends within this many days is shown to the office, so parents can be
    /// asked again before a photo is blocked.
    public var consentWarningDays: Int
    /// Whether photos are read for names, and what a readable name does.
    public var text: TextRules

    public init(school: String, purposes: [String] = Purposes.defaults, deletionDeadlineHours: Int = 24,
                detection: DetectionSettings = .standard, decision: DecisionRules = .standard,
                redactionFill: RedactionStyle.Fill = .pixelate, redactionGrow: Double = 0.3, approvalChain: ApprovalChain = .standard,
                sessionIdleMinutes: Int = 30, sessionHours: Int = 12, consentWarningDays: Int = 30, text: TextRules = .standard) {
        self.school = school
        self.purposes = purposes
        self.deletionDeadlineHours = deletionDeadlineHours
        self.detection = detection
        self.decision = decision
        self.redactionFill = redactionFill
        self.redactionGrow = redactionGrow
        self.approvalChain = approvalChain
        self.sessionIdleMinutes = sessionIdleMinutes
        self.sessionHours = sessionHours
        self.consentWarningDays = consentWarningDays
        self.text = text
    }

    /// Settings saved before a field existed read it as its default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Settings(school: try c.decode(String.self, forKey: .school))
        self.init(
            school: defaults.school,
            purposes: try c.decodeIfPresent([String].self, forKey: .purposes) ?? defaults.purposes,
            deletionDeadlineHours: try c.decodeIfPresent(Int.self, forKey: .deletionDeadlineHours) ?? defaults.deletionDeadlineHours,
            detection: try c.decodeIfPresent(DetectionSettings.self, forKey: .detection) ?? defaults.detection,
            decision: try c.decodeIfPresent(DecisionRules.self, forKey: .decision) ?? defaults.decision,
            redactionFill: try c.decodeIfPresent(RedactionStyle.Fill.self, forKey: .redactionFill) ?? defaults.redactionFill,
            redactionGrow: try c.decodeIfPresent(Double.self, forKey: .redactionGrow) ?? defaults.redactionGrow,
            approvalChain: try c.decodeIfPresent(ApprovalChain.self, forKey: .approvalChain) ?? defaults.approvalChain,
            sessionIdleMinutes: try c.decodeIfPresent(Int.self, forKey: .sessionIdleMinutes) ?? defaults.sessionIdleMinutes,
            sessionHours: try c.decodeIfPresent(Int.self, forKey: .sessionHours) ?? defaults.sessionHours,
            consentWarningDays: try c.decodeIfPresent(Int.self, forKey: .consentWarningDays) ?? defaults.consentWarningDays,
            text: try c.decodeIfPresent(TextRules.self, forKey: .text) ?? defaults.text
        )
    }

    /// How faces are hidden under these settings.
    public var redaction: RedactionStyle {
        RedactionStyle(fill: redactionFill, grow: redactionGrow)
    }
}

/// The settings a person can change, by the name they type, in the order people read them.
public enum SettingKey: String, CaseIterable, Sendable {
    case school
    case purposes
    case deletionDeadlineHours = "deletion-deadline-hours"
    case faceThreshold = "face-threshold"
    case redaction
    case redactionGrow = "redaction-grow"
    case subjectShare = "subject-share"
    case approvalChain = "approval-chain"
    case sessionIdleMinutes = "session-idle-minutes"
    case sessionHours = "session-hours"
    case consentWarningDays = "consent-warning-days"
    case textReading = "text-reading"
    case textNames = "text-names"
    case textFirstNames = "text-first-names"
    case textNameCards = "text-name-cards"
}

extension Settings {
    /// A setting's value as people read and type it.
    public func text(for key: SettingKey) -> String {
        switch key {
        case .purposes: purposes.joined(separator: ",")
        case .deletionDeadlineHours: String(deletionDeadlineHours)
        case .school: school
        case .faceThreshold: String(detection.threshold)
        case .redaction: redactionFill.rawValue
        case .redactionGrow: String(redactionGrow)
        case .subjectShare: String(decision.subjectShare)
        case .approvalChain: approvalChain.steps.map(\.rawValue).joined(separator: ",")
        case .sessionIdleMinutes: String(sessionIdleMinutes)
        case .sessionHours: String(sessionHours)
        case .consentWarningDays: String(consentWarningDays)
        case .textReading: text.reading ? "on" : "off"
        case .textNames: text.nameAction.rawValue
        case .textFirstNames: text.firstNames.rawValue
        case .textNameCards: text.unreadableCards ? "review" : "ignore"
        }
    }

    /// Sets one setting from the text a person typed, or says why the value cannot be used.
    public mutating func set(_ key: SettingKey, to value: String) throws(PhotogateError) {
        switch key {
        case .purposes:
            let purposes = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard !purposes.isEmpty, purposes.allSatisfy(Purposes.isValidName), Set(purposes).count == purposes.count else {
                throw .invalid("purposes are distinct lowercase words joined by underscores, separated by commas (e.g. website,social_media)")
            }
            self.purposes = purposes
        case .deletionDeadlineHours:
            guard let hours = Int(value), (0...24 * 30).contains(hours) else {
                throw .invalid("the deletion deadline is a whole number of hours, 0 to 720")
            }
            deletionDeadlineHours = hours
        case .school:
            let name: String
            do {
                name = try OutsideText.checked(value, field: "the school's name")
            } catch {
                throw .invalid(error.description)
            }
            guard !name.isEmpty else { throw .invalid("the school needs a name", code: "school.missing") }
            school = name
        case .faceThreshold:
            guard let number = Double(value), (0.01...0.9).contains(number) else {
                throw .invalid("the face threshold is a number from 0.01 to 0.9 (lower finds more faces)")
            }
            detection = DetectionSettings(threshold: number, proposalThreshold: detection.proposalThreshold,
                                          overviewSide: detection.overviewSide, windowSide: detection.windowSide)
        case .redaction:
            guard let fill = RedactionStyle.Fill(rawValue: value) else { throw .invalid("redaction is pixelate or solid") }
            redactionFill = fill
        case .redactionGrow:
            guard let number = Double(value), (0...1).contains(number) else {
                throw .invalid("redaction-grow is a share of the face box from 0 to 1 (0.3 grows it by 30%)")
            }
            redactionGrow = number
        case .subjectShare:
            guard let number = Double(value), number > 0, number <= 1 else {
                throw .invalid("subject-share is a share of the frame above 0 and at most 1 (0.05 is 5%)")
            }
            decision.subjectShare = number
        case .approvalChain:
            switch ApprovalChain.parse(value) {
            case let .success(chain): approvalChain = chain
            case let .failure(refused): throw .invalid(refused.description)
            }
        case .sessionIdleMinutes:
            guard let minutes = Int(value), (5...240).contains(minutes) else {
                throw .invalid("a session ends after 5 to 240 minutes without use")
            }
            sessionIdleMinutes = minutes
        case .sessionHours:
            guard let hours = Int(value), (1...24).contains(hours) else { throw .invalid("a session lasts 1 to 24 hours at most") }
            sessionHours = hours
        case .consentWarningDays:
            guard let days = Int(value), (1...365).contains(days) else { throw .invalid("consent is flagged 1 to 365 days before it ends") }
            consentWarningDays = days
        case .textReading:
            guard ["on", "off"].contains(value) else { throw .invalid("text-reading is on (photos are read for names) or off") }
            text.reading = value == "on"
        case .textNames:
            guard let action = TextRules.NameAction(rawValue: value) else {
                throw .invalid("text-names is blur (a readable name is hidden like a face) or review (a person decides)")
            }
            text.nameAction = action
        case .textFirstNames:
            guard let rule = TextRules.FirstNames(rawValue: value) else {
                throw .invalid("text-first-names is tagged-or-unique, tagged or any: when a first name read alone counts as naming someone")
            }
            text.firstNames = rule
        case .textNameCards:
            guard ["review", "ignore"].contains(value) else {
                throw .invalid("text-name-cards is review (text that cannot be read but looks like a name card goes to review) or ignore")
            }
            text.unreadableCards = value == "review"
        }
    }
}
