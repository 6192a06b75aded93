import Foundation
import PhotogateCore
@testable import PhotogateMedia
import PhotogateTestSupport
import Testing

/// Tesseract through the C interop target, on real photos with text set in a real font.
@Suite("Text in photos")
struct TextReadingTests {
    static let reader = TextReader(language: Result { () throws(TextLanguage.Problem) in try TextLanguage(folder: TextLanguage.standardFolder) })

    static func read(_ photo: TextPhoto) throws -> [TextRegion] {
        try OpenedPhoto(try PhotoFile(path: "card.jpg", bytes: photo.bytes), limits: .standard).readText(with: reader)
    }

    static func words(_ regions: [TextRegion]) -> [ReadWord] {
        regions.flatMap(\.words)
    }

    @Test("a certificate held up in a group photo is read, word by word, inside the card")
    func certificate() throws {
        let photo = try TextPhoto(["Certificate of Achievement", "presented to", "Amelia Hart"], size: 34, x: 500, y: 700)
        let words = Self.words(try Self.read(photo))
        let amelia = try #require(words.first { $0.text == "Amelia" }, "read: \(words.map(\.text))")
        let hart = try #require(words.first { $0.text == "Hart" }, "read: \(words.map(\.text))")
        for word in [amelia, hart] {
            #expect(photo.card.contains(x: word.box.center.x, y: word.box.center.y), "\(word.text) at \(word.box.pixelText), card \(photo.card.pixelText)")
            #expect(word.box.height >= 15 && word.box.height <= 60, "\(word.box.pixelText)")
            #expect(word.confidence >= NameFinder.minimumConfidence)
        }
        #expect(amelia.box.maxX <= hart.box.x + 2, "Amelia comes before Hart on the line")
    }

    @Test("text turned 15 degrees either way, with capitals 18 pixels tall in a 12-megapixel frame, is read",
          arguments: [-15.0, 15.0])
    func turnedSmallText(angle: Double) throws {
        let photo = try TextPhoto(["Hello, my name is", "Rory Williams"], font: "DejaVu Sans", size: 25, angle: angle, x: 1800, y: 1900,
                                  width: 4000, height: 3000)
        let words = Self.words(try Self.read(photo)).map(\.text)
        #expect(words.contains("Rory") && words.contains("Williams"), "read: \(words)")
    }

    @Test("boxes come out in upright pixels for photos stored turned (EXIF orientation 6 and 8)", arguments: [6, 8])
    func storedTurned(orientation: Int) throws {
        let photo = try TextPhoto(["Star of the Week", "Clara Oswald"], font: "DejaVu Serif Bold", size: 36, x: 150, y: 820,
                                  orientation: orientation)
        let opened = try OpenedPhoto(try PhotoFile(path: "turned.jpg", bytes: photo.bytes), limits: .standard)
        #expect(opened.uprightWidth == 1600 && opened.uprightHeight == 1200)
        let words = Self.words(try opened.readText(with: Self.reader))
        let oswald = try #require(words.first { $0.text == "Oswald" }, "read: \(words.map(\.text))")
        #expect(photo.card.contains(x: oswald.box.center.x, y: oswald.box.center.y), "Oswald at \(oswald.box.pixelText), card \(photo.card.pixelText)")
        #expect(oswald.box.width > oswald.box.height, "a level word is wider than tall in upright pixels: \(oswald.box.pixelText)")
    }

    @Test("a photo with no print in it gives no word anyone could mistake for a name")
    func noText() throws {
        let file = try PhotoFile(path: "group.jpg", bytes: try TestAssets.bytes("group-t1.jpg"))
        let regions = try OpenedPhoto(file, limits: .standard).readText(with: Self.reader)
        let sure = Self.words(regions).filter { $0.confidence >= NameFinder.minimumConfidence && $0.text.filter(\.isLetter).count >= 4 }
        #expect(sure.isEmpty, "read: \(sure.map(\.text))")
    }

    @Test("missing language data is an error naming the file, never \"no text\"")
    func missingLanguage() throws {
        let folder = TemporaryFolder("no-tessdata")
        let language = Result { () throws(TextLanguage.Problem) in try TextLanguage(folder: folder.path) }
        guard case let .failure(problem) = language else { Issue.record("an empty folder was taken for language data"); return }
        #expect(problem.description.contains("\(folder.path)/eng.traineddata does not exist"))
        let photo = try TextPhoto(["Amelia Hart"])
        let opened = try OpenedPhoto(try PhotoFile(path: "card.jpg", bytes: photo.bytes), limits: .standard)
        #expect(throws: DetectorFailure.self) { try opened.readText(with: TextReader(language: language)) }
        do {
            _ = try opened.readText(with: TextReader(language: language))
        } catch let failure as DetectorFailure {
            #expect(failure.code == "text.language")
        }
    }
}
