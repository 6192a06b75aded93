import Foundation

/// A word read in a photo: where it is (upright pixels), what it says as read, and how sure
/// the reader is (0-100).
public struct ReadWord: Sendable, Equatable, Codable {
    public var box: Box
    public var text: String
    public var confidence: Double

    public init(box: Box, text: String, confidence: Double) {
        self.box = box
        self.text = text
        self.confidence = confidence
    }
}

/// A place in a photo that looks like printed text (a line, or lines read together), and the
/// words read there, in reading order.
public struct TextRegion: Sendable, Equatable, Codable {
    public var box: Box
    /// How many letter shapes the finder saw, and the share of them of one height (0-1).
    public var letters: Int
    public var evenness: Double
    public var words: [ReadWord]

    public init(box: Box, letters: Int, evenness: Double, words: [ReadWord]) {
        self.box = box
        self.letters = letters
        self.evenness = evenness
        self.words = words
    }
}

/// How strictly names readable in a photo are treated (configuration).
public struct TextRules: Sendable, Equatable, Codable {
    /// What happens to a readable name of someone who may not be named.
    public enum NameAction: String, Sendable, Codable, CaseIterable {
        /// The text is hidden like a face.
        case blur
        /// A person must decide.
        case review
    }

    /// When a first name read alone counts as naming someone.
    public enum FirstNames: String, Sendable, Codable, CaseIterable {
        /// When it belongs to someone tagged in the photo, or to only one person on the list.
        case taggedOrUnique = "tagged-or-unique"
        /// Only when it belongs to someone tagged in the photo.
        case tagged
        /// Whenever it is anyone's first name on the list.
        case any
    }

    /// Whether photos are read for text at all.
    public var reading: Bool
    public var nameAction: NameAction
    public var firstNames: FirstNames
    /// Whether text that cannot be read but looks like a name card sends the photo to review.
    public var unreadableCards: Bool

    public static let standard = TextRules(reading: true, nameAction: .blur, firstNames: .taggedOrUnique, unreadableCards: false)

    public init(reading: Bool, nameAction: NameAction, firstNames: FirstNames, unreadableCards: Bool) {
        self.reading = reading
        self.nameAction = nameAction
        self.firstNames = firstNames
        self.unreadableCards = unreadableCards
    }
}
