import Foundation
import PhotogateTestSupport
import Testing

/// `kill -9` during real ingests, at many moments: nothing half-written in the vault, no row
/// without its file, no source deleted without its committed copy, and a re-run finishes
/// the job with no duplicates.
@Suite("Ingest survives kill -9", .serialized)
struct IngestKillTests {
    static let photosPerRun = 40

    /// When to kill a run: after a moment, once the vault holds some new photos, or once some
    /// photos are gone from the phone.
    enum KillPoint {
        case after(seconds: Double)
        case vaultGained(Int)
        case phoneLost(Int)
    }

    /// Starts `photogate ingest --delete-from-device` and kills it at `point`.
    func killedIngest(_ school: SchoolHome, folder: String, at point: KillPoint, tally: KillSwitch.Tally) throws {
        let vaultBefore = school.vaultFiles().count
        let photosBefore = try Self.phoneContents(folder).count
        let moment: KillSwitch.Moment = switch point {
        case let .after(seconds): .after(seconds: seconds)
        case let .vaultGained(count): .when("the vault gained \(count)") { school.vaultFiles().count - vaultBefore >= count }
        case let .phoneLost(count):
            .when("the phone lost \(count)") { photosBefore - ((try? Self.phoneContents(folder).count) ?? photosBefore) >= count }
        }
        try school.killedRun(as: "amy", ["ingest", "--device", "amy-phone", "--delete-from-device", folder], at: moment, tally: tally)
    }

    /// Every file under a final vault name hashes to that name; every photo row has its file.
    func checkVault(_ school: SchoolHome, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let vault = school.path + "/vault"
        let files = school.vaultFiles()
        for relative in files {
            let name = (relative as NSString).lastPathComponent
            let bytes = try #require(FileManager.default.contents(atPath: vault + "/" + relative), sourceLocation: sourceLocation)
            #expect(TestDigest.sha256(bytes) == name, "vault file \(name) is not whole", sourceLocation: sourceLocation)
        }
        let rows = try school.sqlite("SELECT sha256 FROM photo")
        for hash in rows {
            #expect(files.contains { $0.hasSuffix(hash) }, "photo row \(hash) has no vault file", sourceLocation: sourceLocation)
        }
    }

    @Test("killed at many points, an ingest loses nothing and a re-run completes it")
    func killAtManyPoints() throws {
        let school = try SchoolHome("kill")
        try school.addStandardDevices()

        let points: [KillPoint] = [
            .after(seconds: 0), .after(seconds: 0.02), .after(seconds: 0.06),
            .vaultGained(1), .vaultGained(3), .vaultGained(8), .vaultGained(15), .vaultGained(25),
            .phoneLost(1), .phoneLost(5), .phoneLost(20), .phoneLost(Self.photosPerRun - 1),
        ]
        let tally = KillSwitch.Tally()

        for (index, point) in points.enumerated() {
            let trial = index + 1
            let folder = makePhone(school, trial: trial)
            let originals = try Self.phoneContents(folder)
            try killedIngest(school, folder: folder, at: point, tally: tally)

            // Right after the kill: nothing partial, no row without its file, no source lost.
            try checkVault(school)
            let stored = Set(try school.sqlite("SELECT sha256 FROM photo"))
            let remaining = try Self.phoneContents(folder)
            for (path, hash) in originals where remaining[path] == nil {
                #expect(stored.contains(hash), "\(path) was deleted from the phone without a committed copy (trial \(trial))")
            }

            // A re-run finishes the job.
            let rerun = try school.run(as: "amy", ["ingest", "--json", "--device", "amy-phone", "--delete-from-device", folder])
            #expect(rerun.status == 0, "trial \(trial): \(rerun.stderr)")
            #expect(try Self.phoneContents(folder).isEmpty, "trial \(trial): photos left on the phone")
            let after = Set(try school.sqlite("SELECT sha256 FROM photo"))
            #expect(after.isSuperset(of: Set(originals.values)), "trial \(trial): photos missing from the vault")
            try checkVault(school)
        }
        #expect(tally.landed >= points.count - 2, "the kills must land while the ingest is running: \(tally.missed)")

        // No duplicates, every deletion recorded, the record intact.
        let photoCount = Int(try school.sqlite("SELECT COUNT(*) FROM photo").first ?? "") ?? -1
        #expect(photoCount == Self.photosPerRun * points.count)
        let pending = try school.sqlite("""
            SELECT COUNT(*) FROM batchFile WHERE status IN ('accepted', 'duplicate') AND deletedAt IS NULL
            """)
        #expect(pending == ["0"], "every copied photo's deletion is recorded")
        let report = try #require(try school.run(as: "audrey", ["audit", "deletions", "--json"]).json() as? [[String: Any]])
        #expect(report.allSatisfy { $0["status"] as? String == "done" })
        #expect(try school.run(as: "audrey", ["audit", "verify"]).status == 0)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: school.path + "/incoming")) ?? []).isEmpty)
    }

    func makePhone(_ school: SchoolHome, trial: Int) -> String {
        for index in 0..<Self.photosPerRun {
            school.folder.write("phone-\(trial)/DCIM/100APPLE/IMG_\(index).JPG",
                                CameraPhoto.jpeg(variant: trial * 1000 + index, width: 320, height: 240))
        }
        return school.folder.path + "/phone-\(trial)"
    }

    /// The photos on the phone: path → SHA-256.
    static func phoneContents(_ folder: String) throws -> [String: String] {
        let files = (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".JPG") }
        var contents: [String: String] = [:]
        for file in files {
            contents[file] = TestDigest.sha256(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
        }
        return contents
    }
}
