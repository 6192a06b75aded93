import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PhotogateCore
import PhotogateMedia
import PhotogateTestSupport
import Testing

/// Recall on the hand-labelled faces of the corpus: a face counts as found when a detection
/// covers at least half of its labelled box.
@Suite("Corpus: labelled faces", .enabled(if: Corpus.available, "PHOTOGATE_CORPUS is not set to the test corpus"))
struct CorpusFaceTests {
    static func labels() throws -> [String: [Box]] {
        var labels: [String: [Box]] = [:]
        for name in ["training.xml", "testing.xml"] {
            let url = URL(fileURLWithPath: Corpus.root! + "/faces-labeled/" + name)
            let document = try XMLDocument(contentsOf: url)
            for image in try document.nodes(forXPath: "//image") {
                guard let element = image as? XMLElement, let file = element.attribute(forName: "file")?.stringValue else { continue }
                labels[file] = try element.nodes(forXPath: "box").compactMap { node in
                    guard let box = node as? XMLElement else { return nil }
                    func value(_ name: String) -> Double { Double(box.attribute(forName: name)?.stringValue ?? "") ?? .nan }
                    return Box(x: value("left"), y: value("top"), width: value("width"), height: value("height"))
                }
            }
        }
        return labels
    }

    @Test("recall is at least 0.98 on the 43 labelled faces")
    func recall() throws {
        let model = try FaceModel(verifying: TestAssets.path(FaceModel.fileName))
        let detector = FaceDetector(model: model)
        var found = 0, total = 0
        for (file, boxes) in try Self.labels() {
            let photo = try PhotoFile.read(Corpus.root! + "/faces-labeled/" + file, limits: .standard)
            let faces = try OpenedPhoto(photo, limits: .standard).detectFaces(with: detector)
            found += TestAssets.found(boxes, in: faces.map(\.box))
            total += boxes.count
        }
        #expect(total == 43)
        #expect(Double(found) / Double(total) >= 0.98, "found \(found) of \(total)")
    }
}
