/// What a photo file reveals besides its pixels: the facts office staff read before they
/// trust a photo, and the list of what sanitizing must drop.
public struct PrivacyReport: Sendable, Equatable {
    public var format: ImageFormat
    /// Dimensions as stored, before orientation is applied.
    public var width: Int
    public var height: Int
    public var orientation: Orientation
    public var gps: GeoPoint?
    public var make: String?
    public var model: String?
    public var serial: String?
    /// True when no serial number was found but the maker notes could not be decoded: one
    /// may be there ("maker notes present (not decoded)"), so the report never says "none".
    public var makerNotesUndecoded: Bool
    /// Capture time as recorded by the camera, ISO 8601, with its offset when the file has one.
    public var capturedAt: String?
    /// People named in XMP regions or IPTC PersonInImage, in order of first mention.
    public var people: [String]
    /// Every kind of metadata present, whether or not it has a field above.
    public var found: Set<MetadataKind>
    /// Tags that are there but could not be read, one sentence each: who is in the photo is
    /// then not known from its metadata.
    public var unreadableTags: [String]

    public init(
        format: ImageFormat, width: Int, height: Int, orientation: Orientation = .up,
        gps: GeoPoint? = nil, make: String? = nil, model: String? = nil, serial: String? = nil,
        capturedAt: String? = nil, people: [String] = [], found: Set<MetadataKind> = [],
        makerNotesUndecoded: Bool = false, unreadableTags: [String] = []
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.orientation = orientation
        self.gps = gps
        self.make = make
        self.model = model
        self.serial = serial
        self.capturedAt = capturedAt
        self.people = people
        self.found = found
        self.makerNotesUndecoded = makerNotesUndecoded
        self.unreadableTags = unreadableTags
    }

    /// The report with the file's words (camera make, model, serial number, names) as they
    /// are stored and compared: by the `OutsideText` rule, in NFC without hidden characters,
    /// a text left empty being no text. `inspect` shows them as the file has them instead,
    /// hidden characters made visible.
    public var cleanedText: PrivacyReport {
        func cleaned(_ text: String?) -> String? {
            text.map(OutsideText.cleaned).flatMap { $0.isEmpty ? nil : $0 }
        }
        var copy = self
        copy.make = cleaned(make)
        copy.model = cleaned(model)
        copy.serial = cleaned(serial)
        copy.people = people.compactMap(cleaned)
        return copy
    }

    /// Dimensions once the photo is upright.
    public var uprightSize: (width: Int, height: Int) {
        orientation.swapsDimensions ? (height, width) : (width, height)
    }

    /// What sanitizing removes, in a stable order: every kind found, with GPS and serial
    /// numbers named on their own because they matter most.
    public var removable: [MetadataKind] {
        var kinds = found
        if gps != nil { kinds.insert(.gps) }
        if serial != nil { kinds.insert(.serial) }
        return kinds.sorted()
    }
}
