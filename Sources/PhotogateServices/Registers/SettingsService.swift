import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateStore

/// The school's policy as data: purposes and the deletion deadline. Each change is audited.
public struct SettingsService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// The settings a user can change, by the name they type, in the order people read them.
    public enum Key: String, CaseIterable, Sendable {
        case school
        case purposes
        case deletionDeadlineHours = "deletion-deadline-hours"
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
            let old = settings.text(for: key)
            switch key {
            case .purposes:
                let purposes = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard !purposes.isEmpty, purposes.allSatisfy(Purposes.isValidName), Set(purposes).count == purposes.count else {
                    throw PhotogateError.invalid("purposes are distinct lowercase words joined by underscores, separated by commas (e.g. website,social_media)")
                }
                settings.purposes = purposes
            case .deletionDeadlineHours:
                guard let hours = Int(value), (0...24 * 30).contains(hours) else {
                    throw PhotogateError.invalid("the deletion deadline is a whole number of hours, 0 to 720")
                }
                settings.deletionDeadlineHours = hours
            case .school:
                let name = try OutsideText.typed(value, field: "the school's name")
                guard !name.isEmpty else { throw PhotogateError.invalid("the school needs a name") }
                settings.school = name
            case .faceThreshold:
                guard let number = Double(value), (0.01...0.9).contains(number) else {
                    throw PhotogateError.invalid("the face threshold is a number from 0.01 to 0.9 (lower finds more faces)")
                }
                settings.detection = DetectionSettings(threshold: number, proposalThreshold: settings.detection.proposalThreshold,
                                                       overviewSide: settings.detection.overviewSide,
                                                       windowSide: settings.detection.windowSide)
            case .redaction:
                guard RedactionStyle.Fill(rawValue: value) != nil else { throw PhotogateError.invalid("redaction is pixelate or solid") }
                settings.redactionFill = value
            case .redactionGrow:
                guard let number = Double(value), (0...1).contains(number) else {
                    throw PhotogateError.invalid("redaction-grow is a share of the face box from 0 to 1 (0.3 grows it by 30%)")
                }
                settings.redactionGrow = number
            case .subjectShare:
                guard let number = Double(value), number > 0, number <= 1 else {
                    throw PhotogateError.invalid("subject-share is a share of the frame above 0 and at most 1 (0.05 is 5%)")
                }
                settings.decision.subjectShare = number
            case .approvalChain:
                switch ApprovalChain.parse(value) {
                case let .success(chain): settings.approvalChain = chain
                case let .failure(refused): throw PhotogateError.invalid(refused.description)
                }
            }
            try settings.save(db)
            try AuditLog.append(db, actor: user.name, action: "settings.changed", subject: key.rawValue,
                                details: ["from": old, "to": settings.text(for: key)], at: now)
            return settings
        }
    }
}

extension Settings {
    /// A setting's value as `config` shows it and `config set` takes it.
    public func text(for key: SettingsService.Key) -> String {
        switch key {
        case .purposes: purposes.joined(separator: ",")
        case .deletionDeadlineHours: String(deletionDeadlineHours)
        case .school: school
        case .faceThreshold: String(detection.threshold)
        case .redaction: redactionFill
        case .redactionGrow: String(redactionGrow)
        case .subjectShare: String(decision.subjectShare)
        case .approvalChain: approvalChain.steps.map(\.rawValue).joined(separator: ",")
        }
    }
}
