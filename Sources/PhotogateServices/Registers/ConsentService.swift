import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateStore
import PhotogateUnicode

/// The school's consent list of pupils and staff: imported from the MIS as CSV, each import
/// a new version, the difference told in plain words.
public struct ConsentService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public struct ImportResult: Sendable {
        public var version: Int64
        public var people: Int
        public var diff: ConsentDiff
        /// People whose cells looked like spreadsheet formulas (kept as text).
        public var formulaCells: Int
        /// Groups of people whose names look the same but are written with different letters
        /// (`PersonDirectory.lookAlikeNames`): a tag naming any of them goes to review.
        public var lookAlikeNames: [[ConsentRecord]]
        /// Queued or approved posts sent back to their preparers: someone in them lost consent.
        public var returnedPosts: [Int64]
        /// Published posts to take down.
        public var takedowns: [Takedown]

        /// The posts with something to take down, each once.
        public var takedownPosts: [Int64] {
            Set(takedowns.map(\.postId)).sorted()
        }
    }

    /// The largest consent file read (a whole trust's MIS export is a few megabytes).
    public static let maxFileBytes = 20_000_000

    /// Imports the CSV a front end read (its bytes, and its name as the person gave it). A
    /// sheet with any problem is refused whole, with every problem by line.
    public func importSheet(_ bytes: [UInt8], named fileName: String, now: Date = Date()) async throws -> ImportResult {
        try user.require(.importConsent)
        guard bytes.count <= Self.maxFileBytes else { throw PhotogateError.invalid("\(fileName) is larger than 20 MB") }
        let (header, rows) = try SpreadsheetText.rows(of: bytes)
        let settings = try await home.settings.current()
        let records: [ConsentRecord]
        switch ConsentSheet(purposes: settings.purposes).read(header: header, rows: rows) {
        case let .success(read): records = read
        case let .failure(errors): throw FileRefused(file: fileName, problems: errors.problems)
        }
        let imported = try await home.consent.importVersion(records, fileName: OutsideText.cleaned(fileName), fileSHA256: Digest.sha256(bytes),
                                                           by: user.name, at: now, names: .standard)
        let formulas = records.filter { record in
            [record.personID, record.firstName, record.lastName, record.preferredName ?? "", record.yearGroup ?? ""]
                .contains(where: SpreadsheetCell.looksLikeFormula)
        }.count
        return ImportResult(version: imported.version.id!, people: records.count, diff: imported.diff, formulaCells: formulas,
                            lookAlikeNames: PersonDirectory(records, names: .standard).lookAlikeNames, returnedPosts: imported.returnedPosts, takedowns: imported.takedowns)
    }

    public func list() async throws -> [ConsentRecord] {
        try user.require(.viewConsent)
        return try await home.consent.current()
    }

    public func show(_ personID: String) async throws -> ConsentRecord {
        guard let record = try await list().first(where: { Identifier.same($0.personID, personID) }) else {
            throw PhotogateError.notFound("there is no one with id \(personID) on the consent list", code: "person.unknown")
        }
        return record
    }

    public func purposes() async throws -> [String] {
        try user.require(.viewConsent)
        return try await home.settings.current().purposes
    }
}
