import CTextRead
import Foundation
import PhotogateCore
import PhotogateFiles
import Synchronization

/// Tesseract's English language data (Debian's tesseract-ocr-eng), found and fingerprinted
/// once. A missing file is an error when a photo is to be read, never "no text found".
public struct TextLanguage: Sendable {
    public static let name = "eng"
    public static let standardFolder = "/usr/share/tesseract-ocr/5/tessdata"

    /// The folder holding `eng.traineddata`.
    public let folder: String
    /// The start of the data's SHA-256, so kept readings are reused only with the same data.
    public let fingerprint: String

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public init(folder: String) throws(Problem) {
        let path = "\(folder)/\(Self.name).traineddata"
        guard SafeFile.entry(at: path) != .missing else {
            throw Problem(description: "the text-reading language data is missing: \(path) does not exist (Debian's tesseract-ocr-eng)")
        }
        do {
            fingerprint = String(Digest.sha256(try SafeFile.read(path, maxBytes: 100_000_000)).prefix(12))
        } catch {
            throw Problem(description: "the text-reading language data at \(path) cannot be read (\(error))")
        }
        self.folder = folder
    }
}

/// Reads the text printed in photos (certificates held up, named work on a wall, badges and
/// labels): lines of letters are found on a reduced copy, then only those places are read
/// by Tesseract at full resolution, each turned level and scaled to the letter size it reads
/// best. Words come back in the upright photo's pixels.
public final class TextReader: Sendable {
    /// Changes whenever the way of reading changes, so kept readings are read again.
    public static let revision = 1
    /// The reduced copy is the photo halved, or halved again until its longest side is at most
    /// this: letters 18 pixels tall in a 4000-pixel photo are 9 there, which the line finder
    /// still sees. A JPEG decodes straight to half, a quarter or an eighth of its size
    /// (shrink-on-load); any other size would mean decoding it whole first.
    static let surveyLongest = 2100

    /// The reduced copy's longest side for a photo whose longest side is `side`.
    static func surveySide(forLongest side: Int) -> Int {
        var shrink = 1
        while (side + shrink - 1) / shrink > surveyLongest, shrink < 64 { shrink *= 2 }
        return (side + shrink - 1) / shrink
    }
    /// Letter height (pixels of the reduced copy) the finder looks for, at least.
    static let smallestLetter: Float = 6
    /// At most this many places are read in one photo, most text-like first...
    static let mostLines = 24
    /// ...and only lines that stand out as print at least this much (0-1): print on paper or
    /// a badge scores 0.5 to 1, shapes in the clutter of a photo mostly below 0.3.
    static let leastScore: Float = 0.35
    /// Tesseract reads letters about this tall best.
    static let readingLetterHeight: Float = 32

    public let language: Result<TextLanguage, TextLanguage.Problem>
    /// The Tesseract engine, loaded on first use. Photos are read one at a time: the finder's
    /// copies and the engine's working memory then count once, not once per photo being
    /// checked, which keeps a check's peak memory flat.
    private let engine = Mutex<UncheckedBox<OpaquePointer?>>(UncheckedBox(value: nil))

    public init(language: Result<TextLanguage, TextLanguage.Problem>) {
        self.language = language
    }

    deinit {
        engine.withLock { if let reader = $0.value { tr_destroy(reader) } }
    }

    /// Names the language data and the way of reading, for kept readings.
    public var key: String {
        let data = (try? language.get().fingerprint) ?? "missing"
        return "tesseract-\(TextLanguage.name)-\(data)/read\(Self.revision)"
    }

    /// Every place that looks like text, and the words read there.
    func read(in photo: OpenedPhoto) throws -> [TextRegion] {
        try engine.withLock { loaded in
            // Loaded first: without its language data nothing is read, and that is an error.
            let reader = try loaded.value ?? loadEngine()
            loaded.value = reader
            return try read(try places(in: photo), of: photo, with: reader)
        }
    }

    /// The places to read, most text-like first (the reduced copy is let go on return).
    private func places(in photo: OpenedPhoto) throws -> [TextPlace] {
        let survey = try photo.reducedRGB(fitting: Self.surveySide(forLongest: max(photo.uprightWidth, photo.uprightHeight)))
        let toPhoto = Double(photo.uprightWidth) / Double(max(1, survey.width))
        let lines = try findLines(in: survey).filter { $0.score >= Self.leastScore }.prefix(Self.mostLines * 2)
        return TextPlace.merged(lines.compactMap {
            TextPlace($0, toPhoto: toPhoto, width: photo.uprightWidth, height: photo.uprightHeight)
        })
    }

    private func read(_ places: [TextPlace], of photo: OpenedPhoto, with reader: OpaquePointer) throws -> [TextRegion] {
        var regions: [TextRegion] = []
        var pixels: VipsImage?
        for place in places.prefix(Self.mostLines) {
            let full = try pixels ?? photo.uprightPixelsForLooking()
            pixels = full
            let box = place.box
            let crop = try full.regionRGB(x: Int(box.x), y: Int(box.y), width: Int(box.width), height: Int(box.height))
            let scale = Float(min(2, max(0.05, Double(Self.readingLetterHeight) / place.letterHeight)))
            let words = try readWords(crop, angle: Float(place.angle), scale: scale, with: reader).map { word in
                ReadWord(box: Box(x: word.box.x + box.x, y: word.box.y + box.y, width: word.box.width, height: word.box.height),
                         text: word.text, confidence: word.confidence)
            }
            regions.append(TextRegion(box: box, letters: place.letters, evenness: place.evenness, words: words))
        }
        return regions
    }

    private func findLines(in survey: RGBPixels) throws -> [TRLine] {
        var lines = [TRLine](repeating: TRLine(), count: 256)
        var count: Int32 = 0
        var error = [CChar](repeating: 0, count: 512)
        let capacity = Int32(lines.count)
        let status = survey.bytes.withUnsafeBufferPointer {
            tr_find_lines($0.baseAddress, Int32(survey.width), Int32(survey.height), Self.smallestLetter, Float(survey.height) / 8,
                          &lines, capacity, &count, &error, error.count)
        }
        guard status == 0 else { throw TextLanguage.Problem(description: "finding text failed: \(Self.text(error))") }
        return Array(lines.prefix(Int(min(count, capacity))))
    }

    private func readWords(_ crop: RGBPixels, angle: Float, scale: Float, with reader: OpaquePointer) throws -> [ReadWord] {
        var words = [TRWord](repeating: TRWord(), count: 128)
        var count: Int32 = 0
        var error = [CChar](repeating: 0, count: 512)
        let capacity = Int32(words.count)
        let status = crop.bytes.withUnsafeBufferPointer {
            tr_read(reader, $0.baseAddress, Int32(crop.width), Int32(crop.height), angle, scale, &words, capacity, &count, &error, error.count)
        }
        guard status == 0 else { throw TextLanguage.Problem(description: "reading text failed: \(Self.text(error))") }
        return words.prefix(Int(min(count, capacity))).compactMap { word in
            var word = word
            let corners = withUnsafeBytes(of: &word.corners) { Array($0.bindMemory(to: Float.self)) }.map { Double($0) }
            let xs = stride(from: 0, to: 8, by: 2).map { corners[$0] }, ys = stride(from: 1, to: 8, by: 2).map { corners[$0] }
            let text = withUnsafeBytes(of: &word.text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let cleaned = OutsideText.cleaned(text).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !cleaned.isEmpty, let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else { return nil }
            let box = Box(x: max(0, minX), y: max(0, minY), width: min(Double(crop.width), maxX) - max(0, minX),
                          height: min(Double(crop.height), maxY) - max(0, minY))
            return ReadWord(box: box, text: cleaned, confidence: Double(word.confidence))
        }
    }

    private func loadEngine() throws -> OpaquePointer {
        let language = try language.get()
        var error = [CChar](repeating: 0, count: 512)
        guard let reader = tr_create(language.folder, TextLanguage.name, &error, error.count) else {
            throw TextLanguage.Problem(description: Self.text(error))
        }
        return reader
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension OpenedPhoto {
    /// Every place that looks like printed text in the upright photo, and the words read there.
    public func readText(with reader: TextReader) throws -> [TextRegion] {
        do {
            return try reader.read(in: self)
        } catch let problem as TextLanguage.Problem {
            throw DetectorFailure(description: problem.description, code: "text.language")
        } catch let rejection as InputRejection {
            throw rejection
        } catch {
            throw InputRejection.corrupt("\(error)")
        }
    }
}

/// A place to read: lines found near each other at about the same angle and letter size
/// (the lines of one certificate, one badge) are read together, once.
struct TextPlace {
    /// An upright rectangle of the photo holding the lines with a letter's margin all round.
    var box: Box
    var angle: Double
    var letterHeight: Double
    var letters: Int
    var evenness: Double
    var score: Double

    init?(_ line: TRLine, toPhoto: Double, width: Int, height: Int) {
        let letter = Double(line.letter_height) * toPhoto
        let length = Double(line.length) * toPhoto + 2 * letter, thickness = Double(line.thickness) * toPhoto + letter
        let radians = Double(line.angle) * .pi / 180
        let halfWidth = (abs(cos(radians)) * length + abs(sin(radians)) * thickness) / 2
        let halfHeight = (abs(sin(radians)) * length + abs(cos(radians)) * thickness) / 2
        let around = Box(x: Double(line.center_x) * toPhoto - halfWidth, y: Double(line.center_y) * toPhoto - halfHeight,
                         width: 2 * halfWidth, height: 2 * halfHeight)
        guard let clamped = around.clamped(width: Double(width), height: Double(height)) else { return nil }
        let left = clamped.x.rounded(.down), top = clamped.y.rounded(.down)
        box = Box(x: left, y: top, width: (clamped.maxX - left).rounded(.down), height: (clamped.maxY - top).rounded(.down))
        guard box.width >= 8, box.height >= 8 else { return nil }
        angle = Double(line.angle)
        letterHeight = letter
        letters = Int(line.letters)
        evenness = Double(line.evenness)
        score = Double(line.score)
    }

    /// Whether two places hold lines of one piece of text: touching once grown by a letter,
    /// turned alike, letters of like size.
    func belongs(with other: TextPlace) -> Bool {
        let margin = max(letterHeight, other.letterHeight)
        let grown = Box(x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin)
        return grown.intersection(other.box) != nil && abs(angle - other.angle) <= 6
            && max(letterHeight, other.letterHeight) <= 1.8 * min(letterHeight, other.letterHeight)
    }

    func joined(with other: TextPlace) -> TextPlace {
        var joined = self
        let total = Double(letters + other.letters)
        joined.box = box.union(other.box)
        joined.angle = (angle * Double(letters) + other.angle * Double(other.letters)) / total
        joined.letterHeight = (letterHeight * Double(letters) + other.letterHeight * Double(other.letters)) / total
        joined.evenness = (evenness * Double(letters) + other.evenness * Double(other.letters)) / total
        joined.letters = letters + other.letters
        joined.score = max(score, other.score)
        return joined
    }

    /// Places joined until no two belong together, most text-like first.
    static func merged(_ places: [TextPlace]) -> [TextPlace] {
        var merged: [TextPlace] = []
        for place in places {
            var current = place
            while let index = merged.firstIndex(where: { $0.belongs(with: current) }) {
                current = merged.remove(at: index).joined(with: current)
            }
            merged.append(current)
        }
        return merged.sorted { $0.score * Double($0.letters) > $1.score * Double($1.letters) }
    }
}
