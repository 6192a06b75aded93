import Foundation
import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// Phone panoramas and tall scans: a photo's shape must never hide its faces.
@Suite("Wide photos")
struct WidePhotoTests {
    let folder = TemporaryFolder("wide")

    /// A real panorama: copies of the group photo side by side, joined and encoded by libvips.
    func row(of copies: Int, tall: Bool = false) throws -> String {
        let group = TestAssets.path("group-t1.jpg")
        let path = folder.path + "/row-\(copies)\(tall ? "-tall" : "").jpg"
        let joined = try CommandRunner.run("/usr/bin/vips", ["arrayjoin", Array(repeating: group, count: copies).joined(separator: " "),
                                                             path + "[Q=90]", "--across", String(tall ? 1 : copies)])
        #expect(joined.status == 0, "\(joined.stderr)")
        return path
    }

    func missed(_ labels: [Box], _ faces: [DetectedFace]) -> [Box] {
        labels.filter { FaceTests.found([$0], in: faces) == 0 }
    }

    @Test("every face of a panorama 14 to 40 group photos wide is found", arguments: [14, 40])
    func panorama(copies: Int) throws {
        let analysis = try FaceTests.analyse(try PhotoFile.read(try row(of: copies), limits: .standard))
        #expect(analysis.width == 1280 * copies && analysis.height == 886)
        let labels = (0..<copies).flatMap { copy in
            FaceTests.labels.map { Box(x: $0.x + Double(1280 * copy), y: $0.y, width: $0.width, height: $0.height) }
        }
        #expect(FaceTests.found(labels, in: analysis.faces) == labels.count, "missed: \(missed(labels, analysis.faces))")
    }

    /// A face or two of the group photo can go unseen with another copy's bodies just above it
    /// (the network's limit, not the plan's: such a face lies whole inside a survey window), so
    /// this asks for the recall the bench asks of small faces. Before, the 24-high photo was
    /// reduced to faces 5 px wide: none found.
    @Test("faces of a tall photo, 24 group photos high, are found")
    func tall() throws {
        let copies = 24
        let analysis = try FaceTests.analyse(try PhotoFile.read(try row(of: copies, tall: true), limits: .standard))
        #expect(analysis.width == 1280 && analysis.height == 886 * copies)
        let labels = (0..<copies).flatMap { copy in
            FaceTests.labels.map { Box(x: $0.x, y: $0.y + Double(886 * copy), width: $0.width, height: $0.height) }
        }
        #expect(Double(FaceTests.found(labels, in: analysis.faces)) >= 0.95 * Double(labels.count),
                "missed: \(missed(labels, analysis.faces))")
    }

    @Test("detections stored before panoramas were surveyed strip by strip are not reused")
    func detectionKeyNamesThePlan() {
        let before = "centerface-\(FaceModel.sha256.prefix(12))/t0.2/p0.05/o1024/n640"
        #expect(FaceEngine.detectionKey(for: .standard) != before)
        #expect(FaceEngine.detectionKey(for: .standard).contains("plan\(DetectionPlan.revision)"))
    }
}
