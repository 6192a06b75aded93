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
        try await importSheet(bytes, named: fileName, over: nil, now: now)
    }

    private func importSheet(_ bytes: [UInt8], named fileName: String, over base: ConsentBase?, now: Date) async throws -> ImportResult {
        let records = try await read(bytes, named: fileName)
        let imported = try await home.consent.importVersion(records, fileName: OutsideText.cleaned(fileName), fileSHA256: Digest.sha256(bytes),
                                                           by: user.name, at: now, names: .standard, over: base)
        let formulas = records.filter { record in
            [record.personID, record.firstName, record.lastName, record.preferredName ?? "", record.yearGroup ?? ""]
                .contains(where: SpreadsheetCell.looksLikeFormula)
        }.count
        return ImportResult(version: imported.version.id!, people: records.count, diff: imported.diff, formulaCells: formulas,
                            lookAlikeNames: PersonDirectory(records, names: .standard).lookAlikeNames, returnedPosts: imported.returnedPosts, takedowns: imported.takedowns)
    }

    /// The people a sheet holds, or every problem with it by line.
    private func read(_ bytes: [UInt8], named fileName: String) async throws -> [ConsentRecord] {
        try user.require(.importConsent)
        guard bytes.count <= Self.maxFileBytes else { throw PhotogateError.invalid("\(fileName) is larger than 20 MB") }
        let (header, rows) = try SpreadsheetText.rows(of: bytes)
        let settings = try await home.settings.current()
        switch ConsentSheet(purposes: settings.purposes).read(header: header, rows: rows) {
        case let .success(read): return read
        case let .failure(errors): throw FileRefused(file: fileName, problems: errors.problems)
        }
    }

    /// What importing a sheet would change, shown before anything changes: the sheet is kept
    /// under `token` until `confirm` imports it (within a day).
    public struct ImportPreview: Sendable {
        public var token: String
        public var fileName: String
        public var people: Int
        public var preview: ConsentPreview
        /// Everyone's name by id, from the sheet and the list in force, to say who changes.
        public var names: [String: String]
    }

    /// Reads a sheet and works out what it would change, changing nothing; a sheet with any
    /// problem is refused whole, with every problem by line.
    public func preview(_ bytes: [UInt8], named fileName: String, now: Date = Date()) async throws -> ImportPreview {
        let records = try await read(bytes, named: fileName)
        let preview = try await home.consent.preview(records, at: now, names: .standard)
        let name = OutsideText.cleaned(fileName)
        let purposes = try await home.settings.current().purposes
        let token = try home.consentPreviews.keep(bytes, .init(fileName: name, uploadedBy: user.name, baseVersion: preview.base.version,
                                                               purposes: purposes, madeAt: now))
        var names = Dictionary(try await home.consent.current().map { ($0.personID, $0.fullName) }, uniquingKeysWith: { first, _ in first })
        for record in records { names[record.personID] = record.fullName }
        return ImportPreview(token: token, fileName: name, people: records.count, preview: preview, names: names)
    }

    /// Imports the sheet a preview kept, as long as the list is still the version the preview
    /// was made over: otherwise (another import came between) it is refused as stale, and the
    /// sheet must be previewed again.
    public func confirm(_ token: String, now: Date = Date()) async throws -> ImportResult {
        try user.require(.importConsent)
        guard let (bytes, pending) = home.consentPreviews.kept(token, maxBytes: Int64(Self.maxFileBytes), now: now),
              Identifier.same(pending.uploadedBy, user.name) else {
            throw PhotogateError.notFound("this preview is gone (a day old, or already imported); upload the file again", code: "consent.preview-gone")
        }
        guard try await home.settings.current().purposes == pending.purposes else {
            home.consentPreviews.remove(token)
            throw PhotogateError.conflict("the school's purposes changed since this preview, so the file reads differently now; upload it again",
                                          code: "consent.stale")
        }
        do {
            let result = try await importSheet(bytes, named: pending.fileName, over: ConsentBase(version: pending.baseVersion), now: now)
            home.consentPreviews.remove(token)
            return result
        } catch let refusal as PhotogateError where refusal.code == "consent.stale" {
            home.consentPreviews.remove(token)
            throw refusal
        }
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

    /// One person through every version of the list, oldest first (nil where they were not on it).
    public func history(of personID: String) async throws -> [(version: ConsentVersion, record: ConsentRecord?)] {
        try user.require(.viewConsent)
        return try await home.consent.history(of: personID)
    }

    /// Every post with a photo in which this person is tagged, newest first.
    public func posts(showing personID: String) async throws -> [Post] {
        try user.require(.viewConsent)
        return try await home.posts.posts(showing: personID)
    }

    public func purposes() async throws -> [String] {
        try user.require(.viewConsent)
        return try await home.settings.current().purposes
    }
}
