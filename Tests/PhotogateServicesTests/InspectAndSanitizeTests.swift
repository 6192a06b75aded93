import Foundation
import PhotogateCore
import PhotogateMedia
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateTestSupport
import Testing

/// The two use cases that need no home: a privacy report, and clean copies into a sink.
@Suite("Inspecting and sanitizing photos a front end gives")
struct InspectAndSanitizeTests {
    static let inputs = [
        FaceServiceTests.given("IMG_1.JPG", CameraPhoto.jpeg(make: "Apple", model: "iPhone 12", serial: "F2LX1234", variant: 1)),
        PhotoInput.refused("missing.jpg", .notFound),
        FaceServiceTests.given("notes.jpg", Array("shopping list".utf8)),
    ]

    @Test("every input gets its report or its reason, in order")
    func inspect() async {
        let outcomes = await InspectService(concurrency: 2).run(Self.inputs)
        #expect(outcomes.map(\.input) == ["IMG_1.JPG", "missing.jpg", "notes.jpg"])
        let report = outcomes[0].report
        #expect(report?.make == "Apple" && report?.model == "iPhone 12" && report?.serial == "F2LX1234")
        #expect(report?.gps != nil && Set(report?.removable ?? []).isSuperset(of: [.gps, .exif, .serial]))
        #expect(outcomes[1].rejection == .notFound && outcomes[1].report == nil)
        #expect(outcomes[2].rejection != nil && outcomes[2].report == nil)
    }

    @Test("each readable input is cleaned into the sink, with what was removed; the others say why not")
    func sanitize() async throws {
        let sink = MemorySink()
        let progress = Recorded<[Int]>([])
        let outcomes = await SanitizeService(concurrency: 2).run(Self.inputs, into: sink) { _, done, total in
            #expect(total == 3)
            progress.change { $0.append(done) }
        }
        #expect(progress.value == [1, 2, 3])
        #expect(outcomes.map(\.input) == ["IMG_1.JPG", "missing.jpg", "notes.jpg"])
        #expect(outcomes.map(\.isClean) == [true, false, false])
        #expect(outcomes[0].output == "render 0")
        #expect(Set(outcomes[0].removed).isSuperset(of: [.gps, .exif, .serial]))
        #expect(outcomes[1].rejection == .notFound)
        #expect(Array(sink.renders.keys) == [0])
        let clean = try #require(sink.renders[0])
        try CleanJPEGVerifier.verify(clean, expectedSize: (width: 64, height: 48))
        let cleanReport = try PhotoInspector.inspect(try PhotoFile(path: "clean.jpg", bytes: clean), limits: .standard)
        #expect(cleanReport.found.isEmpty && cleanReport.make == nil && cleanReport.gps == nil)
    }

    @Test("a sink that cannot keep a photo is that photo's failure, not the batch's")
    func sinkFails() async {
        struct FullDisk: PhotoSink {
            func keep(_ jpeg: [UInt8], forInput index: Int) throws -> KeptPhoto {
                throw PhotogateError.invalid("the disk is full")
            }
        }
        let outcomes = await SanitizeService().run(Array(Self.inputs.prefix(1)), into: FullDisk())
        #expect(outcomes.first?.rejection == .writeFailed("the disk is full"))
        #expect(outcomes.first?.output == nil)
    }
}
