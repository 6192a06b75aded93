import Foundation

/// A Photogate home set up the way a school would, through the real command: an admin, a
/// member of office staff, the head (approver and publisher) and an auditor, each with a
/// password, plus helpers to act as any of them.
public final class SchoolHome: @unchecked Sendable {
    public let folder: TemporaryFolder
    /// The home's folder inside `folder` (`home`, until the test moves it).
    public private(set) var homeName = "home"
    public var path: String { folder.path + "/" + homeName }

    /// Each user's password, as the test chose it (none built on a name or a common password,
    /// which the password rule refuses).
    public static let firstPasswords = [
        "admin": "copper-kettle-lantern-48", "amy": "quiet-maple-river-72", "head": "north-window-ivy-35", "audrey": "silver-ledger-owl-61",
    ]

    /// The school's consent list: Rory has no social media consent, Danny is excluded, two
    /// people share a name.
    public static let consentList = """
    person_id,first_name,last_name,kind,social_media,website,names,exclude
    P001,Amelia,Pond,pupil,yes,yes,yes,
    P002,Rory,Williams,pupil,no,yes,no,
    P003,Clara,Oswald,pupil,yes,yes,no,
    P004,Danny,Pink,pupil,yes,yes,no,yes
    P005,River,Song,pupil,yes,yes,no,
    P006,Martha,Jones,pupil,yes,yes,no,
    P007,Sam,Smith,pupil,yes,yes,no,
    P008,Sam,Smith,pupil,yes,yes,no,

    """

    /// Each user's password now (a test may change one).
    public private(set) var passwords = SchoolHome.firstPasswords

    /// A password the rule accepts for a user the test adds without choosing one.
    public static func password(for name: String) -> String {
        "tall-cedar-harbour-\(name.count + 10)"
    }

    public init(_ label: String = "school", school: String = "Rose Lane Primary") throws {
        folder = TemporaryFolder(label)
        try expect(run(["init", "--school", school, "--admin", "admin"], password: passwords["admin"]!), 0)
        try expect(add("amy", roles: "staff"), 0)
        try expect(add("head", roles: "approver,publisher"), 0)
        try expect(add("audrey", roles: "auditor"), 0)
    }

    /// Runs `photogate` against this home as nobody in particular, in `directory` if given.
    public func run(_ arguments: [String], password: String? = nil, environment: [String: String] = [:],
                    in directory: String? = nil) throws -> CommandResult {
        var env = environment
        env["PHOTOGATE_HOME"] = path
        // The pinned model wherever the tests run from, unless a test points elsewhere.
        env["PHOTOGATE_FACE_MODEL"] = env["PHOTOGATE_FACE_MODEL"] ?? TestAssets.path("centerface.onnx")
        if let password { env["PHOTOGATE_PASSWORD"] = password }
        return try CommandRunner.photogate(arguments, environment: env, in: directory)
    }

    /// Runs `photogate` signed in as one of the school's users.
    public func run(as user: String, _ arguments: [String], environment: [String: String] = [:],
                    in directory: String? = nil) throws -> CommandResult {
        var env = environment
        env["PHOTOGATE_USER"] = user
        return try run(arguments, password: passwords[user] ?? "unknown-password", environment: env, in: directory)
    }

    public func add(_ name: String, roles: String, password: String? = nil) throws -> CommandResult {
        let password = password ?? passwords[name] ?? Self.password(for: name)
        passwords[name] = password
        return try run(as: "admin", ["user", "add", name, "--role", roles], environment: ["PHOTOGATE_NEW_PASSWORD": password])
    }

    /// Moves the whole home to another folder, as `mv` or a restore from a backup would.
    public func moveHome(to name: String) throws {
        try FileManager.default.moveItem(atPath: path, toPath: folder.path + "/" + name)
        homeName = name
    }

    /// Runs SQL on the home's database with the `sqlite3` shell, as someone tampering with it
    /// would; returns the output lines, or throws when the shell fails.
    @discardableResult
    public func sqlite(_ sql: String) throws -> [String] {
        let result = try CommandRunner.run("/usr/bin/sqlite3", [path + "/photogate.sqlite", sql])
        guard result.status == 0 else { throw UnexpectedStatus(description: "sqlite3 exited \(result.status): \(result.stderr)") }
        return result.stdoutLines
    }

    /// The vault's stored photos, as paths relative to the vault (named by their SHA-256).
    public func vaultFiles() -> [String] {
        (FileManager.default.enumerator(atPath: path + "/vault")?.compactMap { $0 as? String } ?? [])
            .filter { ($0 as NSString).lastPathComponent.count == 64 }
    }

    /// The number of events in the audit log, read by the auditor.
    public func eventCount() throws -> Int {
        let result = try run(as: "audrey", ["audit", "log", "--json"])
        return (try result.json() as? [Any])?.count ?? -1
    }

    /// A personal iPhone held by amy, approved by the head, and a trust Canon camera.
    public func addStandardDevices() throws {
        try expect(run(as: "admin", ["device", "add", "amy-phone", "--kind", "personal", "--make", "Apple", "--model", "iPhone 12",
                                     "--imei", "490154203237518", "--holder", "amy"]), 0)
        try expect(run(as: "head", ["device", "approve", "amy-phone"]), 0)
        try expect(run(as: "admin", ["device", "add", "office-camera", "--kind", "trust", "--make", "Canon", "--model", "EOS 40D"]), 0)
    }

    public struct UnexpectedStatus: Error, CustomStringConvertible {
        public var description: String
    }

    private func expect(_ result: CommandResult, _ status: Int32) throws {
        guard result.status == status else {
            throw UnexpectedStatus(description: "expected exit \(status), got \(result.status): \(result.stderr)")
        }
    }
}

/// Photos as a given camera writes them: EXIF make, model and capture time, GPS, on a picture
/// whose bytes differ for each `variant`.
public enum CameraPhoto {
    public static func jpeg(make: String = "Apple", model: String = "iPhone 12", serial: String? = nil, makerNote: [UInt8]? = nil,
                            variant: Int = 0, width: Int = 64, height: Int = 48) -> [UInt8] {
        var exif = ExifBlock()
        exif.make = make
        exif.model = model
        exif.serial = serial
        exif.makerNote = makerNote
        exif.dateTimeOriginal = "2026:06:19 10:22:03"
        exif.latitude = 51.5
        exif.longitude = -0.14
        // The top rows spell the variant in binary, so different variants never encode alike.
        let picture = TestImage(width: width, height: height) { x, y in
            if y < 8, x < 32 * 2 { return (variant >> (x / 2)) & 1 == 1 ? [255, 255, 255] : [0, 0, 0] }
            return [UInt8((x * 4 + variant * 37) % 256), UInt8((y * 5 + variant * 11) % 256), UInt8((variant * 53) % 256)]
        }
        return JPEGSegments.splice([JPEGSegments.exif(exif.bytes())], into: picture.encoded(.jpeg))
    }
}
