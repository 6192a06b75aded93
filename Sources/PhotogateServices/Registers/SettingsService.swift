import Foundation
import PhotogateCore
import PhotogateStore

/// The school's policy as data: purposes and the deletion deadline. Each change is audited.
public struct SettingsService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// The settings a user can change, by the name they type.
    public enum Key: String, CaseIterable, Sendable {
        case purposes
        case deletionDeadlineHours = "deletion-deadline-hours"
        case school
        case faceThreshold = "face-threshold"
        case redaction
        case redactionGrow = "redaction-grow"
        case subjectShare = "subject-share"
        case approvalChain = "approval-chain"
    }

    public func show() throws -> Settings {
        try user.require(.viewSettings)
        return try home.database.read { try Settings.load($0) }
    }

    public func set(_ key: Key, to value: String, now: Date = Date()) throws -> Settings {
        try user.require(.changeSettings)
        return try home.database.write { db in
            var settings = try Settings.load(db)
            let old: String
            switch key {
            case .purposes:
                let purposes = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard !purposes.isEmpty, purposes.allSatisfy(Purposes.isValidName), Set(purposes).count == purposes.count else {
                    throw ServiceError.invalid("purposes are distinct lowercase words joined by underscores, separated by commas (e.g. website,social_media)")
                }
                old = settings.purposes.joined(separator: ",")
                settings.purposes = purposes
            case .deletionDeadlineHours:
                guard let hours = Int(value), (0...24 * 30).contains(hours) else {
                    throw ServiceError.invalid("the deletion deadline is a whole number of hours, 0 to 720")
                }
                old = String(settings.deletionDeadlineHours)
                settings.deletionDeadlineHours = hours
            case .school:
                let name = value.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !name.isEmpty else { throw ServiceError.invalid("the school needs a name") }
                old = settings.school
                settings.school = name
            case .faceThreshold:
                guard let number = Double(value), (0.01...0.9).contains(number) else {
                    throw ServiceError.invalid("the face threshold is a number from 0.01 to 0.9 (lower finds more faces)")
                }
                old = String(settings.detection.threshold)
                settings.detection = DetectionSettings(threshold: number, proposalThreshold: settings.detection.proposalThreshold,
                                                       overviewSide: settings.detection.overviewSide,
                                                       windowSide: settings.detection.windowSide)
            case .redaction:
                guard ["pixelate", "solid"].contains(value) else { throw ServiceError.invalid("redaction is pixelate or solid") }
                old = settings.redactionFill
                settings.redactionFill = value
            case .redactionGrow:
                guard let number = Double(value), (0...1).contains(number) else {
                    throw ServiceError.invalid("redaction-grow is a share of the face box from 0 to 1 (0.3 grows it by 30%)")
                }
                old = String(settings.redactionGrow)
                settings.redactionGrow = number
            case .subjectShare:
                guard let number = Double(value), number > 0, number <= 1 else {
                    throw ServiceError.invalid("subject-share is a share of the frame above 0 and at most 1 (0.05 is 5%)")
                }
                old = String(settings.decision.subjectShare)
                settings.decision.subjectShare = number
            case .approvalChain:
                guard case let .success(roles) = Role.parseList(value) else {
                    throw ServiceError.invalid("the approval chain is roles in order, separated by commas (e.g. staff,approver)")
                }
                let steps = value.split(separator: ",").compactMap { Role(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) }
                guard roles.isDisjoint(with: [.auditor]), !steps.isEmpty else {
                    throw ServiceError.invalid("the auditor changes nothing, so cannot approve posts")
                }
                old = settings.approvalChain.steps.map(\.rawValue).joined(separator: ",")
                settings.approvalChain = ApprovalChain(steps: steps)
            }
            try settings.save(db)
            try AuditLog.append(db, actor: user.name, action: "settings.changed", subject: key.rawValue,
                                details: ["from": old, "to": value], at: now)
            return settings
        }
    }
}
