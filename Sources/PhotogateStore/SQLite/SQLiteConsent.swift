import Foundation
import GRDB
import PhotogateCore

struct SQLiteConsentList: ConsentListStore {
    let database: SQLiteDatabase

    public func current() async throws -> [ConsentRecord] {
        try await database.read { try Self.current($0) }
    }

    public func latestVersion() async throws -> ConsentVersion? {
        try await database.read { try Self.latest($0) }
    }

    public func importVersion(_ people: [ConsentRecord], fileName: String, fileSHA256: String, by actor: String, at time: Date,
                              names: NameSkeleton, over base: ConsentBase?) async throws -> ConsentImport {
        try await database.write { db in
            let previous = try Self.latest(db)
            if let base, base.version != previous?.id {
                throw PhotogateError.conflict("the consent list changed since this preview (version \(previous?.id ?? 0) was imported); upload the file again to see what it changes now",
                                              code: "consent.stale")
            }
            let old = try previous.map { try Self.people(ofVersion: $0.id!, db) } ?? []
            let today = CalendarDate(time)
            let diff = ConsentDiff(from: old, importedOn: previous.map { CalendarDate($0.importedAt) }, to: people, on: today)
            var version = ConsentVersion(importedAt: time, importedBy: actor, fileName: fileName, fileSHA256: fileSHA256, peopleCount: people.count)
            try version.insert(db)
            for person in people {
                try ConsentPersonRow(versionId: version.id!, personId: person.personID, record: person).insert(db)
            }
            try AuditLog.append(db, actor: actor, action: "consent.imported", subject: "version \(version.id!)", details: [
                "file": version.fileName, "sha256": version.fileSHA256, "people": String(people.count),
                "added": diff.added.joined(separator: ","), "removed": diff.removed.joined(separator: ","),
                "granted": diff.granted.map { "\($0.personID):\($0.purpose)" }.joined(separator: ","),
                "withdrawn": diff.withdrawn.map { "\($0.personID):\($0.purpose)" }.joined(separator: ","),
                "expired": diff.expired.joined(separator: ","), "excluded": diff.exclusionsAdded.joined(separator: ","),
            ], at: time)
            let (returned, takedowns) = try Self.applyConsequences(of: people, by: actor, at: time, names: names, db)
            return ConsentImport(version: version, diff: diff, returnedPosts: returned, takedowns: takedowns)
        }
    }

    public func history(of personID: String) async throws -> [(version: ConsentVersion, record: ConsentRecord?)] {
        try await database.read { db in
            let rows = try ConsentPersonRow.filter(Column("personId") == personID).fetchAll(db)
            let records = Dictionary(rows.map { ($0.versionId, $0.record) }, uniquingKeysWith: { first, _ in first })
            return try ConsentVersion.order(Column("id")).fetchAll(db).map { (version: $0, record: records[$0.id!]) }
        }
    }

    public func preview(_ people: [ConsentRecord], at time: Date, names: NameSkeleton) async throws -> ConsentPreview {
        try await database.read { db in
            let previous = try Self.latest(db)
            let old = try previous.map { try Self.people(ofVersion: $0.id!, db) } ?? []
            let today = CalendarDate(time)
            let diff = ConsentDiff(from: old, importedOn: previous.map { CalendarDate($0.importedAt) }, to: people, on: today)
            let directory = PersonDirectory(people, names: names)
            let posts = try SQLitePosts.live(db)
            let returned = posts.filter { $0.post.state != .published }.compactMap { live in
                let lost = ConsentConsequences.losses(in: live, people: people, directory: directory, today: today, names: names)
                return lost.isEmpty ? nil : (post: live.post, losses: lost)
            }
            let due = try Self.takedownsDue(in: posts, people: people, directory: directory, at: time, names: names, db)
            let takedowns = Dictionary(grouping: due, by: { $0.post.id! }).sorted { $0.key < $1.key }.map { _, items in
                (post: items[0].post, losses: items.map { ConsentConsequences.Loss(personID: $0.takedown.personId, image: $0.takedown.sha256, reason: $0.takedown.reason) })
            }
            return ConsentPreview(base: ConsentBase(version: previous?.id), diff: diff, returned: returned, takedowns: takedowns)
        }
    }

    public func listTakedownsDue(at time: Date, by actor: String, names: NameSkeleton) async throws -> [Takedown] {
        // Most days there is nothing new: found by reading, so nothing waits for the write lock.
        guard try await database.read({ try !Self.takedownsDue(people: Self.current($0), at: time, names: names, $0).isEmpty }) else { return [] }
        return try await database.write { db in
            try Self.listTakedowns(Self.takedownsDue(people: Self.current(db), at: time, names: names, db), by: actor, at: time, db)
        }
    }

    private static func takedownsDue(people: [ConsentRecord], at time: Date, names: NameSkeleton, _ db: Database) throws -> [DueTakedown] {
        try takedownsDue(in: SQLitePosts.live(db), people: people, directory: PersonDirectory(people, names: names), at: time, names: names, db)
    }

    /// Every queued or approved post showing (or naming) someone who may no longer appear for
    /// its channel goes back to its preparer; every published one is listed for takedown.
    private static func applyConsequences(of people: [ConsentRecord], by actor: String, at time: Date, names: NameSkeleton,
                                          _ db: Database) throws -> (returned: [Int64], takedowns: [Takedown]) {
        let directory = PersonDirectory(people, names: names)
        let today = CalendarDate(time)
        let posts = try SQLitePosts.live(db)
        var returned: [Int64] = []
        for live in posts where live.post.state != .published {
            let lost = ConsentConsequences.losses(in: live, people: people, directory: directory, today: today, names: names)
            guard !lost.isEmpty, let postID = live.post.id else { continue }
            try SQLitePosts.giveBack(postID, reasons: lost.map(\.reason), by: actor, at: time, db)
            returned.append(postID)
        }
        let due = try takedownsDue(in: posts, people: people, directory: directory, at: time, names: names, db)
        let takedowns = try listTakedowns(due, by: actor, at: time, db)
        return (returned, takedowns)
    }

    /// A published post to take down because of one person in it, not listed yet.
    private struct DueTakedown {
        var takedown: Takedown
        var post: Post
    }

    /// Whom each published post among `posts` may no longer show under `people` on the day of
    /// `time`, leaving out what is listed already.
    private static func takedownsDue(in posts: [ConsentConsequences.LivePost], people: [ConsentRecord], directory: PersonDirectory, at time: Date,
                                     names: NameSkeleton, _ db: Database) throws -> [DueTakedown] {
        let today = CalendarDate(time)
        var listed = Set(try Takedown.fetchAll(db).map(\.key))
        var due: [DueTakedown] = []
        for live in posts where live.post.state == .published {
            guard let postID = live.post.id else { continue }
            for loss in ConsentConsequences.losses(in: live, people: people, directory: directory, today: today, names: names) {
                let takedown = Takedown(postId: postID, personId: loss.personID, sha256: loss.image, reason: loss.reason, listedAt: time)
                if listed.insert(takedown.key).inserted { due.append(DueTakedown(takedown: takedown, post: live.post)) }
            }
        }
        return due
    }

    /// Records each takedown with its event.
    private static func listTakedowns(_ due: [DueTakedown], by actor: String, at time: Date, _ db: Database) throws -> [Takedown] {
        var listed: [Takedown] = []
        for item in due {
            var takedown = item.takedown
            try takedown.insert(db)
            listed.append(takedown)
            try AuditLog.append(db, actor: actor, action: "takedown.listed", subject: "post \(takedown.postId)", details: [
                "channel": item.post.channelId, "person": takedown.personId, "image": takedown.sha256, "reason": takedown.reason,
                "published_at": item.post.publishedAt.map(Timestamp.string) ?? "",
            ], at: time)
        }
        return listed
    }

    static func latest(_ db: Database) throws -> ConsentVersion? {
        try ConsentVersion.order(Column("id").desc).fetchOne(db)
    }

    /// The people of a version, in id order.
    static func people(ofVersion id: Int64, _ db: Database) throws -> [ConsentRecord] {
        try ConsentPersonRow.filter(Column("versionId") == id).order(Column("personId")).fetchAll(db).map(\.record)
    }

    /// The list in force: the newest version's people (empty before the first import).
    static func current(_ db: Database) throws -> [ConsentRecord] {
        guard let latest = try latest(db) else { return [] }
        return try people(ofVersion: latest.id!, db)
    }
}
