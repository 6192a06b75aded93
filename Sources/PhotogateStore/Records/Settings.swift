import Foundation
import GRDB
import PhotogateCore

/// The school's policy as data: its name, the purposes photos may be used for, and the
/// deadline for deleting photos from personal devices.
public struct Settings: Sendable, Equatable, Codable {
    public var school: String
    public var purposes: [String]
    public var deletionDeadlineHours: Int
    public var detection: DetectionSettings
    public var decision: DecisionRules
    /// How faces are hidden: `pixelate` or `solid`, and how much the box grows first.
    public var redactionFill: String
    public var redactionGrow: Double
    /// Who approves a post, in order.
    public var approvalChain: ApprovalChain

    public init(school: String, purposes: [String] = Purposes.defaults, deletionDeadlineHours: Int = 24,
                detection: DetectionSettings = .standard, decision: DecisionRules = .standard,
                redactionFill: String = "pixelate", redactionGrow: Double = 0.3, approvalChain: ApprovalChain = .standard) {
        self.school = school
        self.purposes = purposes
        self.deletionDeadlineHours = deletionDeadlineHours
        self.detection = detection
        self.decision = decision
        self.redactionFill = redactionFill
        self.redactionGrow = redactionGrow
        self.approvalChain = approvalChain
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
            redactionFill: try c.decodeIfPresent(String.self, forKey: .redactionFill) ?? defaults.redactionFill,
            redactionGrow: try c.decodeIfPresent(Double.self, forKey: .redactionGrow) ?? defaults.redactionGrow,
            approvalChain: try c.decodeIfPresent(ApprovalChain.self, forKey: .approvalChain) ?? defaults.approvalChain
        )
    }

    static let key = "settings"

    public static func load(_ db: Database) throws -> Settings {
        guard let json = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) else {
            throw PhotogateError.integrity("the home has no settings")
        }
        return try JSONDecoder().decode(Settings.self, from: Data(json.utf8))
    }

    public func save(_ db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(self), as: UTF8.self)
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [Self.key, json])
    }
}
