import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

/// A school's home for one test, made through the services in-process. The school (users,
/// consent list, channels, devices, and the group photo ingested from amy's phone with its
/// faces found) is built once per test process by the real use cases, with the admin signed
/// in once through the real sign-in; each test gets its own copy of that home, as a restore
/// from a backup would make, and its people resumed from it as a web session would be. So a
/// test costs no Argon2 run and no face detection unless it is about them.
public final class ServiceSchool: Sendable {
    public let folder: TemporaryFolder
    public let home: PhotogateHome
    public let admin: SignedInUser
    /// Office staff; holds the personal phone `amy-phone`; the one poster of `facebook`.
    public let amy: SignedInUser
    /// The head: approver and publisher.
    public let head: SignedInUser
    public let audrey: SignedInUser
    /// The SHA-256 of the group photo in the vault (batch 1, from `amy-phone`).
    public let groupPhoto: String

    public var root: String { home.root }

    public static let passwords = SchoolHome.firstPasswords

    /// The consent list: Rory has no social media consent, Danny is excluded, two people
    /// share a name.
    public static let consent = SchoolHome.consentList

    /// The consent list with one line changed (`from` replaced by `to`), as the next import.
    public static func consent(replacing from: String, with to: String) -> [UInt8] {
        precondition(consent.contains(from), "the consent list has no \(from)")
        return Array(consent.replacingOccurrences(of: from, with: to).utf8)
    }

    /// Who is tagged on each labelled face of the group photo by its photo software.
    public static let people = ["Amelia Pond", "P002", "P003", "martha jones", "River Song", "P007"]

    public static let checklist = ["data-protection", "checked-twice", "consent", "appropriate"]

    /// The face model, loaded and checked once for the whole test process.
    private static let loadedEngine = Result { FaceEngine(model: try FaceModel(verifying: TestAssets.path(FaceModel.fileName)),
                                                                  textLanguage: Result { () throws(TextLanguage.Problem) in try TextLanguage(folder: TextLanguage.standardFolder) }) }

    /// The face engine every test shares. Building the school needs it first, so a missing
    /// model fails each test with its reason (`make()` throws) before this is reached.
    public static var engine: FaceEngine {
        guard case let .success(engine) = loadedEngine else { preconditionFailure("the school was built without the face model") }
        return engine
    }

    private init(folder: TemporaryFolder, home: PhotogateHome, groupPhoto: String) async throws {
        self.folder = folder
        self.home = home
        self.groupPhoto = groupPhoto
        admin = try await SignedInUser.resume("admin", in: home)
        amy = try await SignedInUser.resume("amy", in: home)
        head = try await SignedInUser.resume("head", in: home)
        audrey = try await SignedInUser.resume("audrey", in: home)
    }

    /// A copy of the school for one test.
    public static func make(_ label: String = "services") async throws -> ServiceSchool {
        let template = try await Template.built.value
        let folder = TemporaryFolder(label)
        let root = folder.path + "/home"
        // Nothing writes to the template once built, so its files (the database with its
        // write-ahead log) copied as they are make a consistent home.
        try FileManager.default.copyItem(atPath: template.home.root, toPath: root)
        let home = try await HomeEntrance.open(at: root).enter()
        return try await ServiceSchool(folder: folder, home: home, groupPhoto: template.groupPhoto)
    }

    /// Someone signed in again (a web session coming back), with their roles read afresh.
    public func resume(_ name: String) async throws -> SignedInUser {
        try await SignedInUser.resume(name, in: home)
    }

    /// Adds a user (one Argon2 run) and resumes them.
    public func addUser(_ name: String, roles: Set<Role>) async throws -> SignedInUser {
        try await UserService(home: home, user: admin).add(name, roles: roles, password: SchoolHome.password(for: name))
        return try await resume(name)
    }

    /// Imports a consent list as the admin.
    @discardableResult
    public func importConsent(_ bytes: [UInt8], named name: String = "consent.csv") async throws -> ConsentService.ImportResult {
        try await ConsentService(home: home, user: admin).importSheet(bytes, named: name)
    }

    /// A post of the group photo by amy, for Facebook, that passes every check.
    public func queuedPost(caption: String = "Sports day at Rose Lane", channel: String = "facebook", by user: SignedInUser? = nil) async throws -> Int64 {
        let outcome = try await PostService(home: home, user: user ?? amy).create(channel: channel, caption: caption, checklist: Self.checklist,
                                                                                 photos: [groupPhoto], engine: Self.engine)
        #expect(outcome.state == .queued, "\(outcome.reasons)")
        return outcome.post
    }

    /// A post approved by the head (the standard chain), ready to publish.
    public func approvedPost(caption: String = "Sports day at Rose Lane") async throws -> Int64 {
        let post = try await queuedPost(caption: caption)
        let approval = try await ApprovalService(home: home, user: head).approve(post, note: "lovely", engine: Self.engine)
        #expect(approval.state == .approved, "\(approval.reasons)")
        return post
    }

    /// The home's audit actions, in order.
    public func actions() async throws -> [String] {
        try await home.audit.events(since: nil).map(\.action)
    }

    /// Runs SQL on the home's database with the `sqlite3` shell, as someone editing it behind
    /// Photogate's back would.
    public func tamper(_ sql: String) throws {
        let result = try CommandRunner.run("/usr/bin/sqlite3", [root + "/photogate.sqlite", sql])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The school every test starts from, built once by the real use cases.
    private struct Template: Sendable {
        /// Kept open, and never written to again.
        var home: PhotogateHome
        var groupPhoto: String

        static let built = Task { try await build() }

        /// Where the template lives; removed when the test process ends.
        static let folder = TemporaryFolder("services-template")

        static func build() async throws -> Template {
            atexit { try? FileManager.default.removeItem(atPath: Template.folder.path) }
            let engine = try loadedEngine.get()
            let root = folder.path + "/home"
            let home = try await SetupService.initialize(at: root, school: "Rose Lane Primary", admin: "admin", password: passwords["admin"]!)
            let admin = try await SignedInUser.signIn("admin", password: passwords["admin"], at: try HomeEntrance.open(at: root))
            let users = UserService(home: home, user: admin)
            try await users.add("amy", roles: [.staff], password: passwords["amy"]!)
            try await users.add("head", roles: [.approver, .publisher], password: passwords["head"]!)
            try await users.add("audrey", roles: [.auditor], password: passwords["audrey"]!)
            let amy = try await SignedInUser.resume("amy", in: home), head = try await SignedInUser.resume("head", in: home)

            _ = try await ConsentService(home: home, user: admin).importSheet(Array(consent.utf8), named: "consent.csv")
            let channels = ChannelService(home: home, user: admin)
            _ = try await channels.add(.init(id: "facebook", platform: "Facebook", account: "Rose Lane Primary", purpose: "social_media",
                                             adminRole: "CEO", posters: ["amy"]))
            _ = try await channels.add(.init(id: "website", platform: "Website", account: "roselane.sch.uk", purpose: "website"))
            let devices = DeviceService(home: home, user: admin)
            _ = try await devices.add(.init(id: "amy-phone", kind: .personal, make: "Apple", model: "iPhone 12", imei: "490154203237518", holder: "amy"))
            _ = try await DeviceService(home: home, user: head).approve("amy-phone")
            _ = try await devices.add(.init(id: "office-camera", kind: .trust, make: "Canon", model: "EOS 40D"))

            let photo = try GroupPhoto.jpeg(regions: people.enumerated().map { GroupPhoto.region($1, $0) })
            let card = MemoryCard([.init("DCIM/IMG_1.JPG", photo)])
            let ingest = try await IngestService(home: home, user: amy).run(device: "amy-phone", from: card, deleteFromDevice: false)
            guard let stored = ingest.accepted.first else { throw TemplateFailed(description: "the group photo was not ingested: \(ingest.rejected)") }
            // Its faces found once, and kept on the record for every copy.
            let checked = try await FaceService(home: home, user: amy, engine: engine).check(channel: "facebook", batch: ingest.batch)
            guard checked.first?.decision != nil else { throw TemplateFailed(description: "the group photo could not be checked: \(checked)") }
            return Template(home: home, groupPhoto: stored.sha256)
        }
    }

    public struct TemplateFailed: Error, CustomStringConvertible {
        public var description: String
    }
}

/// Asserts that `body` throws a `PhotogateError` of `kind` (and `code`, when given), and
/// returns it.
@discardableResult
public func expectRefusal<T>(_ kind: PhotogateError.Kind, code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () async throws -> T) async -> PhotogateError? {
    do {
        let value = try await body()
        Issue.record("expected a \(kind) refusal\(code.map { " (\($0))" } ?? ""), got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as PhotogateError {
        #expect(error.kind == kind, "\(error.code): \(error.message)", sourceLocation: sourceLocation)
        if let code { #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation) }
        return error
    } catch {
        Issue.record("expected a PhotogateError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The lines of a file refused whole, or a recorded issue when it was not refused that way.
public func refusedLines<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T) async -> [LineProblem] {
    do {
        let value = try await body()
        Issue.record("expected the file to be refused, got \(value)", sourceLocation: sourceLocation)
    } catch let refused as FileRefused {
        return refused.problems
    } catch {
        Issue.record("expected FileRefused, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return []
}
