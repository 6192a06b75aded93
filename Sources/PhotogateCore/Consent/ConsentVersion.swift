import Foundation

/// One import of the consent list. Earlier versions are kept; the newest is in force.
public struct ConsentVersion: Sendable, Equatable, Codable {
    public var id: Int64?
    public var importedAt: Date
    public var importedBy: String
    public var fileName: String
    public var fileSHA256: String
    public var peopleCount: Int

    public init(importedAt: Date, importedBy: String, fileName: String, fileSHA256: String, peopleCount: Int) {
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.peopleCount = peopleCount
    }
}
