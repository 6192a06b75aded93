import Foundation
import PhotogateMedia
import PhotogateTestSupport
import Testing

/// The extended suite: real files from cameras and phones (`../shared/corpus`), run only when
/// `PHOTOGATE_CORPUS` points at the corpus (Scripts/test sets it when the corpus exists).
enum Corpus {
    static let root = ProcessInfo.processInfo.environment["PHOTOGATE_CORPUS"]
    static var available: Bool { root.map { FileManager.default.fileExists(atPath: $0 + "/exif-samples") } ?? false }
    static var samples: String { root! + "/exif-samples" }

    /// Every visible file under a folder, as the sanitize command lists them.
    static func files(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)!
        return enumerator.compactMap { $0 as? String }
            .filter { !($0 as NSString).lastPathComponent.hasPrefix(".") }
            .map { folder + "/" + $0 }
            .filter { var isFolder: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue }
            .sorted()
    }
}

@Suite("Corpus: every real camera file", .enabled(if: Corpus.available, "PHOTOGATE_CORPUS is not set to the test corpus"))
struct CorpusSanitizeTests {
    let folder = TemporaryFolder("corpus")

    @Test("each file is either cleaned and verified, or rejected with a reason; nothing crashes")
    func everyFile() throws {
        let inputs = Corpus.files(under: Corpus.samples)
        let result = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path, Corpus.samples])
        #expect([0, 1].contains(result.status), "the process must finish normally: \(result.stderr)")
        let objects = try #require(try result.json() as? [[String: Any]])
        #expect(Set(objects.compactMap { $0["input"] as? String }) == Set(inputs))
        var clean = 0
        for object in objects {
            let input = object["input"] as? String ?? "?"
            switch object["status"] as? String {
            case "clean":
                clean += 1
                let output = try #require(object["output"] as? String, "\(input)")
                let bytes = try #require(FileManager.default.contents(atPath: output).map { [UInt8]($0) }, "\(input)")
                #expect(throws: Never.self, "\(input)") { try CleanJPEGVerifier.verify(bytes) }
                #expect(try Exiftool.leftoverMetadata(in: output) == [], "\(input)")
            case "rejected":
                let reason = object["reason"] as? String ?? ""
                #expect(!reason.isEmpty, "\(input) was rejected without a reason")
                #expect(object["output"] is NSNull)
            default:
                Issue.record("\(input): unexpected status \(object["status"] ?? "none")")
            }
        }
        // The corpus is mostly good photos: a change that rejects them wholesale must fail here.
        #expect(clean >= 95, "only \(clean) files came out clean")
    }

    @Test("every file can be inspected without a crash, and GPS photos report their position")
    func inspectEveryFile() throws {
        let result = try CommandRunner.photogate(["inspect", "--json", Corpus.samples])
        #expect([0, 2].contains(result.status), "\(result.stderr)")
        let objects = try #require(try result.json() as? [[String: Any]])
        let gpsPhotos = objects.filter { ($0["file"] as? String)?.contains("/jpg/gps/DSCN") == true }
        #expect(gpsPhotos.count == 9)
        for photo in gpsPhotos { #expect(photo["gps"] is [String: Double], "\(photo["file"] ?? "")") }
    }

    @Test("all eight orientations come out as the same upright picture", arguments: ["landscape", "portrait"])
    func orientations(shape: String) throws {
        let inputs = (1...8).map { "\(Corpus.samples)/jpg/orientation/\(shape)_\($0).jpg" }
        let result = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path] + inputs)
        #expect(result.status == 0, "\(result.stderr)")
        let outputs = try #require(try result.json() as? [[String: Any]]).compactMap { $0["output"] as? String }
        let images = try outputs.map { try #require(TestImage.decode(file: $0)) }
        try #require(images.count == 8)
        let reference = images[0]
        for (index, image) in images.enumerated() {
            #expect(image.width == reference.width && image.height == reference.height, "\(shape)_\(index + 1)")
            #expect(meanDifference(image, reference) < 12, "\(shape)_\(index + 1) is not upright")
        }
    }

    @Test("iPhone HEIC comes out upright at full size")
    func iphoneHEIC() throws {
        let input = Corpus.samples + "/heic/mobile/iphone_13_pro_max.HEIC"
        let result = try CommandRunner.photogate(["sanitize", "--json", "--out", folder.path, input])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try #require((try result.json() as? [[String: Any]])?.first?["output"] as? String)
        let image = try #require(TestImage.decode(file: output))
        #expect(image.width == 3024 && image.height == 4032)
    }

    /// Mean absolute difference per sample, sampled on a grid (the pictures are the same size).
    private func meanDifference(_ a: TestImage, _ b: TestImage) -> Double {
        var total = 0.0, count = 0.0
        for y in stride(from: 0, to: a.height, by: 7) {
            for x in stride(from: 0, to: a.width, by: 7) {
                for (p, q) in zip(a.pixel(x, y), b.pixel(x, y)) { total += abs(Double(p) - Double(q)); count += 1 }
            }
        }
        return total / count
    }
}
