import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateStore
import PhotogateUnicode

/// Staff saying who is in a photo, and where. Each change is audited.
public struct TagService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// Tags a vault photo (its whole SHA-256) with a person on the consent list, optionally
    /// at a box in upright pixels. The very same tag in force already is not added twice.
    public func add(photo sha256: String, person: String, box: Box?, now: Date = Date()) async throws -> StaffTag {
        try user.require(.tagPhotos)
        try await requireIngested(sha256, named: "photo \(sha256.prefix(12))")
        let directory = PersonDirectory(try await home.consent.current(), names: .standard)
        guard let record = directory.record(id: person) else {
            throw PhotogateError.notFound("there is no one with id \(person) on the consent list", code: "person.unknown")
        }
        if let box, let problem = Self.problem(with: box, size: try await VaultService(home: home, user: user).uprightSize(sha256)) {
            throw PhotogateError.invalid(problem, code: "tag.box")
        }
        let tag = StaffTag(sha256: sha256, person: record.personID, box: box, addedAt: now, addedBy: user.name)
        if let added = try await home.photos.addTags([tag]).first { return added }
        return try await home.photos.tags(of: sha256).first { $0.says(sameAs: tag) } ?? tag
    }

    /// The tags staff put on a photo that are in force.
    public func tags(of sha256: String) async throws -> [StaffTag] {
        try user.require(.checkPhotos)
        return try await home.photos.tags(of: sha256)
    }

    /// The consent-list id a person typed or picked means: an id, or a name (preferred name
    /// too) that is one person's; refused when it is nobody's or several people's.
    public func person(matching text: String) async throws -> String {
        try user.require(.tagPhotos)
        let directory = PersonDirectory(try await home.consent.current(), names: .standard)
        let typed = try OutsideText.typed(text, field: "the person")
        switch directory.resolve(typed) {
        case let .person(record):
            return record.personID
        case .unknown:
            throw PhotogateError.notFound("\(typed) is not on the consent list", code: "person.unknown")
        case let .ambiguous(ids), let .lookAlike(ids):
            throw PhotogateError.invalid("\(typed) could be \(ids.joined(separator: " or ")): choose the person from the list", code: "person.ambiguous")
        }
    }

    public func remove(photo sha256: String, person: String, now: Date = Date()) async throws -> Int {
        try user.require(.tagPhotos)
        return try await home.photos.removeTags(of: person, from: sha256, by: user.name, at: now)
    }

    /// Imports tags from a CSV manifest (its bytes, and its name as the person gave it):
    /// `photo` (resolved to a vault photo's SHA-256 by the front end, which knows what a
    /// reference means there: a file beside the manifest, the start of a hash), `person` (an
    /// id or a name on the consent list) and optionally a box (`box` as "x,y,w,h", or `x`,
    /// `y`, `width`, `height` columns) in upright pixels. Any problem refuses the whole file.
    /// A tag in force already (the manifest imported again, a line given twice) is not added
    /// twice. Returns how many tags were added.
    public func importManifest(_ bytes: [UInt8], named fileName: String, now: Date = Date(),
                               resolvePhoto: @Sendable (String) async throws -> String) async throws -> Int {
        try user.require(.tagPhotos)
        guard bytes.count <= 20_000_000 else { throw PhotogateError.invalid("\(fileName) is larger than 20 MB") }
        let (header, rows) = try SpreadsheetText.rows(of: bytes)
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func index(_ names: String...) -> Int? { columns.firstIndex { names.contains($0) } }
        guard let photoColumn = index("photo", "file", "sha256"), let personColumn = index("person", "person_id", "name") else {
            throw FileRefused(file: fileName, problems: [.init(line: 1, message: "the manifest needs a photo column and a person column")])
        }
        let boxColumn = index("box")
        let parts = [index("x"), index("y"), index("width", "w"), index("height", "h")]
        let directory = PersonDirectory(try await home.consent.current(), names: .standard)
        let vault = VaultService(home: home, user: user)

        var problems: [LineProblem] = []
        var planned: [StaffTag] = []
        // A manifest names each photo on several lines: resolve it, and read its size, once.
        var resolved: [String: Result<String, any Error>] = [:]
        var sizes: [String: (width: Int, height: Int)] = [:]
        for (offset, row) in rows.enumerated() where !row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let line = offset + 2
            func cell(_ column: Int?) -> String { column.flatMap { row.indices.contains($0) ? row[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            let photo = cell(photoColumn)
            let sha256: String
            do {
                let found: Result<String, any Error>
                if let known = resolved[photo] {
                    found = known
                } else {
                    found = await Result(catching: {
                        let sha256 = try await resolvePhoto(photo)
                        try await requireIngested(sha256, named: photo)
                        return sha256
                    })
                }
                resolved[photo] = found
                sha256 = try found.get()
            } catch {
                problems.append(.init(line: line, message: "\(error)"))
                continue
            }
            let personText = cell(personColumn)
            let personID: String
            switch directory.resolve(personText) {
            case let .person(record): personID = record.personID
            case .unknown:
                problems.append(.init(line: line, message: "\"\(personText)\" matches no one on the consent list"))
                continue
            case let .ambiguous(ids):
                problems.append(.init(line: line, message: "\"\(personText)\" matches several people (\(ids.joined(separator: ", "))); use the id"))
                continue
            case let .lookAlike(ids):
                problems.append(.init(line: line, message: "\"\(personText)\" is nobody's name as written, but reads like the name of \(ids.joined(separator: " or ")); use the id"))
                continue
            }
            let boxText: String? = if let boxColumn, !cell(boxColumn).isEmpty {
                cell(boxColumn)
            } else if parts.allSatisfy({ $0 != nil }), !cell(parts[0]).isEmpty {
                parts.map { cell($0) }.joined(separator: ",")
            } else {
                nil
            }
            var box: Box?
            if let boxText {
                guard let candidate = Box(commaSeparated: boxText) else {
                    problems.append(.init(line: line, message: "the box must be \(Box.writtenForm)"))
                    continue
                }
                let size: (width: Int, height: Int)
                if let known = sizes[sha256] { size = known } else { size = try await vault.uprightSize(sha256) }
                sizes[sha256] = size
                if let problem = Self.problem(with: candidate, size: size) {
                    problems.append(.init(line: line, message: problem))
                    continue
                }
                box = candidate
            }
            planned.append(StaffTag(sha256: sha256, person: personID, box: box, addedAt: now, addedBy: user.name))
        }
        guard problems.isEmpty else { throw FileRefused(file: fileName, problems: problems) }
        return try await home.photos.addTags(planned).count
    }

    /// A tag is about a photo in the vault. A front end may hand over any SHA-256 (from a
    /// request, or a file it hashed), so one that names no ingested photo is refused here, as
    /// not found, before anything reads the vault or writes a tag.
    private func requireIngested(_ sha256: String, named name: String) async throws {
        guard try await home.photos.photo(sha256: sha256) != nil else {
            throw PhotogateError.notFound("\(name) has not been ingested", code: "photo.not-ingested")
        }
    }

    /// Why a box cannot be a tag's on a photo of `size`: not a box as staff write one (a
    /// front end may build it some other way), or not wholly inside the photo.
    static func problem(with box: Box, size: (width: Int, height: Int)) -> String? {
        guard box.isWritable else {
            return "the box must be \(Box.writtenForm)"
        }
        return box.isInside(width: Double(size.width), height: Double(size.height))
            ? nil : "the box \(box.pixelText) is not inside the \(size.width) × \(size.height) photo"
    }
}
