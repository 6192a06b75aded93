import Foundation
import GRDB
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore
import PhotogateUnicode

/// Staff saying who is in a photo, and where. Each change is audited.
public struct TagService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser
    public var limits: DecodeLimits = .standard

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    /// A tag refused whole, manifest line by line.
    public func add(photo reference: String, person: String, box: Box?, now: Date = Date()) throws -> TagRecord {
        try user.require(.tagPhotos)
        let sha256 = try PhotoLocator(home: home).sha256(of: reference, limits: limits)
        let problem = try box.flatMap { box in Self.problem(with: box, size: try uprightSize(sha256)) }
        return try home.database.write { db in
            let directory = PersonDirectory(try ConsentStore.current(in: db), names: .standard)
            guard let record = directory.record(id: person) else {
                throw PhotogateError.invalid("there is no one with id \(person) on the consent list")
            }
            if let problem { throw PhotogateError.invalid(problem) }
            // The very same tag in force already is not added twice.
            if let current = try existing(sha256, record.personID, box, db) { return current }
            return try insert(sha256: sha256, person: record.personID, box: box, db: db, now: now)
        }
    }

    public func remove(photo reference: String, person: String, now: Date = Date()) throws -> Int {
        try user.require(.tagPhotos)
        let sha256 = try PhotoLocator(home: home).sha256(of: reference, limits: limits)
        return try home.database.write { db in
            var removed = 0
            for var tag in try TagRecord.current(for: sha256, in: db) where Identifier.same(tag.person, person) {
                tag.removedAt = now
                tag.removedBy = user.name
                try tag.update(db)
                try AuditLog.append(db, actor: user.name, action: "tag.removed", subject: sha256,
                                    details: ["person": tag.person, "tag": String(tag.id!)], at: now)
                removed += 1
            }
            guard removed > 0 else { throw PhotogateError.invalid("\(person) is not tagged on that photo") }
            return removed
        }
    }

    /// Imports tags from a CSV manifest: `photo` (a file, relative to the manifest, or the
    /// start of a SHA-256), `person` (an id or a name on the consent list) and optionally a
    /// box (`box` as "x,y,w,h", or `x`, `y`, `width`, `height` columns) in upright pixels.
    /// Any problem refuses the whole file.
    public func importManifest(_ path: String, now: Date = Date()) throws -> Int {
        try user.require(.tagPhotos)
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(path, maxBytes: 20_000_000)
        } catch let error as FileSystemError {
            throw PhotogateError.invalid("\(path): \(error.detail)")
        }
        let (header, rows) = try SpreadsheetText.rows(of: bytes)
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func index(_ names: String...) -> Int? { columns.firstIndex { names.contains($0) } }
        guard let photoColumn = index("photo", "file", "sha256"), let personColumn = index("person", "person_id", "name") else {
            throw FileRefused(file: path, problems: [.init(line: 1, message: "the manifest needs a photo column and a person column")])
        }
        let boxColumn = index("box")
        let parts = [index("x"), index("y"), index("width", "w"), index("height", "h")]
        let folder = (path as NSString).deletingLastPathComponent
        let locator = PhotoLocator(home: home)
        let directory = PersonDirectory(try home.database.read { try ConsentStore.current(in: $0) }, names: .standard)

        var problems: [LineProblem] = []
        var planned: [(String, String, Box?)] = []
        // A manifest names each photo on several lines: hash it, and read its size, once.
        var located: [ExactPath: Result<String, Error>] = [:]
        var sizes: [String: (width: Int, height: Int)] = [:]
        for (offset, row) in rows.enumerated() where !row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let line = offset + 2
            func cell(_ column: Int?) -> String { column.flatMap { row.indices.contains($0) ? row[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            let photo = cell(photoColumn)
            let reference = photo.hasPrefix("/") || folder.isEmpty || !FileManager.default.fileExists(atPath: folder + "/" + photo) ? photo : folder + "/" + photo
            let sha256: String
            do {
                let location = located[ExactPath(reference)] ?? Result { try locator.sha256(of: reference, limits: limits) }
                located[ExactPath(reference)] = location
                sha256 = try location.get()
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
                let size = try sizes[sha256] ?? uprightSize(sha256)
                sizes[sha256] = size
                if let problem = Self.problem(with: candidate, size: size) {
                    problems.append(.init(line: line, message: problem))
                    continue
                }
                box = candidate
            }
            planned.append((sha256, personID, box))
        }
        guard problems.isEmpty else { throw FileRefused(file: path, problems: problems) }
        // A tag in force already (the manifest imported again, a line given twice) is not
        // added twice.
        return try home.database.write { db in
            var added = 0
            for (sha256, person, box) in planned {
                guard try existing(sha256, person, box, db) == nil else { continue }
                _ = try insert(sha256: sha256, person: person, box: box, db: db, now: now)
                added += 1
            }
            return added
        }
    }

    private func insert(sha256: String, person: String, box: Box?, db: Database, now: Date) throws -> TagRecord {
        var record = TagRecord(sha256: sha256, person: person, box: box, addedAt: now, addedBy: user.name)
        try record.insert(db)
        var details = ["person": person, "tag": String(record.id!)]
        if let box { details["box"] = box.pixelText }
        try AuditLog.append(db, actor: user.name, action: "tag.added", subject: sha256, details: details, at: now)
        return record
    }

    /// The tag in force on the photo for this person with this box, if any.
    private func existing(_ sha256: String, _ person: String, _ box: Box?, _ db: Database) throws -> TagRecord? {
        try TagRecord.current(for: sha256, in: db).first { $0.person == person && $0.box == box }
    }

    /// The upright size of a vault photo, read from its header.
    private func uprightSize(_ sha256: String) throws -> (width: Int, height: Int) {
        do throws(InputRejection) {
            let bytes: [UInt8]
            do { bytes = try home.vault.read(sha256) } catch { throw InputRejection.unreadable("\(error)") }
            return try PhotoInspector.inspect(try PhotoFile(path: sha256, bytes: bytes), limits: limits).uprightSize
        } catch {
            throw PhotogateError.invalid("the vault copy of \(sha256.prefix(12)) cannot be read: \(error.message)")
        }
    }

    static func problem(with box: Box, size: (width: Int, height: Int)) -> String? {
        box.isInside(width: Double(size.width), height: Double(size.height))
            ? nil : "the box \(box.pixelText) is not inside the \(size.width) × \(size.height) photo"
    }
}
