import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateSchoolSupport
import PhotogateServices
import PhotogateStore
import PhotogateTestSupport
import Testing

/// Names readable in photos, through the check every use case shares: the real reader on
/// photos made with a real font, the school's consent list, the record.
@Suite("Names readable in photos, checked")
struct TextCheckTests {
    static func check(_ school: ServiceSchool, _ photo: TextPhoto, channel: String = "facebook", engine: FaceEngine = ServiceSchool.engine,
                      sink: MemorySink? = nil) async throws -> CheckOutcome {
        let input = PhotoInput(label: "card.jpg") { () throws(InputRejection) -> PhotoWithSidecars in
            PhotoWithSidecars(file: try PhotoFile(path: "card.jpg", bytes: photo.bytes), sidecars: [])
        }
        let outcomes = try await FaceService(home: school.home, user: school.amy, engine: engine).check(channel: channel, photos: [input], renderingInto: sink)
        return try #require(outcomes.first)
    }

    static func certificate(_ name: String) throws -> TextPhoto {
        try TextPhoto(["Certificate of Achievement", "presented to", name], size: 40, angle: 6, x: 300, y: 400, background: TextPhoto.plainWall)
    }

    @Test("a pupil's name on a certificate, without consent to be named, is blurred in the render and the rest is left alone")
    func blurred() async throws {
        let school = try await ServiceSchool.make()
        let sink = MemorySink()
        let photo = try Self.certificate("Clara Oswald")
        let outcome = try await Self.check(school, photo, sink: sink)
        let decision = try #require(outcome.decision)
        let text = try #require(decision.texts.first, "\(decision)")
        #expect(decision.verdict == .redacted && decision.faces.isEmpty)
        #expect(text.person == "P003" && text.action == .blur && text.text == "Clara Oswald")
        #expect(text.reason.hasPrefix("the name Clara Oswald is readable on the photo (certificate, "))
        #expect(photo.card.contains(x: text.box.center.x, y: text.box.center.y))

        let rendered = try #require(sink.renders[0])
        let original = try #require(TestImage.decode(photo.bytes)), render = try #require(TestImage.decode(rendered))
        func change(_ box: Box) -> Double {
            var total = 0.0, count = 0.0
            for y in stride(from: Int(box.y), to: Int(box.maxY), by: 3) {
                for x in stride(from: Int(box.x), to: Int(box.maxX), by: 3) {
                    total += zip(original.pixel(x, y), render.pixel(x, y)).map { abs(Double($0) - Double($1)) }.reduce(0, +)
                    count += 3
                }
            }
            return total / count
        }
        #expect(change(text.box) > 20, "the name is hidden")
        #expect(change(Box(x: 1300, y: 50, width: 200, height: 200)) < 4, "far from the card, the photo is as it was")
    }

    @Test("a name with consent to be named stays and is noted; an excluded pupil's name rejects the photo")
    func keptAndRejected() async throws {
        let school = try await ServiceSchool.make()
        let kept = try #require(try await Self.check(school, try Self.certificate("Amelia Pond")).decision)
        #expect(kept.verdict == .clear && kept.texts.map(\.action) == [.keep] && kept.texts.first?.person == "P001")
        #expect(kept.reasons == [kept.texts[0].reason])
        let rejected = try #require(try await Self.check(school, try Self.certificate("Danny Pink")).decision)
        #expect(rejected.verdict == .rejected && rejected.texts.map(\.action) == [.reject])
        #expect(rejected.reasons.contains { $0.hasPrefix("the name Danny Pink of an excluded person (P004) is readable on the photo") })
    }

    @Test("text is read once per photo and reader, kept on the record; turned off, photos are not read")
    func keptReading() async throws {
        let school = try await ServiceSchool.make()
        let photo = try Self.certificate("Clara Oswald")
        let first = try await Self.check(school, photo)
        let sha256 = try #require(first.sha256)
        let kept = try #require(try await school.home.photos.textReading(of: sha256, settings: ServiceSchool.engine.textReader.key))
        #expect(kept.flatMap(\.words).contains { $0.text == "Oswald" })
        let second = try await Self.check(school, photo)
        #expect(second.decision == first.decision)
        let readings = try await school.home.audit.events(since: nil).filter { $0.action == "text.read" && $0.subject == first.sha256 }
        #expect(readings.count == 1, "the second check used what the first read")

        _ = try await SettingsService(home: school.home, user: school.admin).set(.textReading, to: "off")
        let unread = try #require(try await Self.check(school, photo).decision)
        #expect(unread.texts.isEmpty && unread.verdict == .clear)
    }

    @Test("with the language data missing, a check is an integrity failure naming the file, never \"no text\"")
    func missingLanguage() async throws {
        let school = try await ServiceSchool.make()
        let empty = TemporaryFolder("no-tessdata")
        let engine = FaceEngine(model: ServiceSchool.engine.model,
                                textLanguage: Result { () throws(TextLanguage.Problem) in try TextLanguage(folder: empty.path) })
        let refusal = await expectRefusal(.integrity, code: "text.language") {
            try await Self.check(school, try Self.certificate("Clara Oswald"), engine: engine)
        }
        #expect(refusal?.message.contains("eng.traineddata does not exist") == true)
    }

    @Test("a preview draws each name read in blue")
    func preview() async throws {
        let school = try await ServiceSchool.make()
        let photo = try Self.certificate("Amelia Pond")
        let input = PhotoInput(label: "card.jpg") { () throws(InputRejection) -> PhotoWithSidecars in
            PhotoWithSidecars(file: try PhotoFile(path: "card.jpg", bytes: photo.bytes), sidecars: [])
        }
        let (outcome, jpeg) = try await FaceService(home: school.home, user: school.amy, engine: ServiceSchool.engine).preview(.given(input), channel: "facebook")
        let box = try #require(outcome.decision?.texts.first?.box)
        let image = try #require(TestImage.decode(jpeg))
        let edge = (0..<Int(box.width)).map { image.pixel(Int(box.x) + $0, Int(box.y)) }
        #expect(edge.contains { $0[2] > 180 && $0[0] < 90 }, "a blue line along the top of the name's box")
    }
}
