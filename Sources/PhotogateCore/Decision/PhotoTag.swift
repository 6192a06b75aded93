/// A statement that a person is in a photo, made by a person: a region written by the
/// school's photo software (MWG or Microsoft XMP regions), a name in IPTC `PersonInImage`,
/// or a tag added by staff. Photogate never works out who someone is from their face.
public struct PhotoTag: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable {
        /// A face region in the photo's XMP (or its sidecar).
        case region
        /// A name in IPTC Extension PersonInImage: in the photo, but without a box.
        case personInImage
        /// Added or corrected by staff with `photogate tag`.
        case staff
    }

    /// Who: a consent-list id or a name, as written (in NFC, without invisible characters:
    /// see `OutsideText`).
    public var person: String
    /// Where, in pixels of the upright photo; `nil` when only the name is known.
    public var box: Box?
    public var source: Source

    public init(person: String, box: Box? = nil, source: Source) {
        self.person = OutsideText.cleaned(person)
        self.box = box
        self.source = source
    }
}

/// A region as stored in XMP: normalised to the stored (not yet upright) image.
public struct StoredRegion: Sendable, Equatable {
    public var name: String?
    public var box: Box?

    public init(name: String?, box: Box?) {
        self.name = name
        self.box = box
    }

    /// The tag this region makes for the upright photo: the box turned with the pixels and
    /// scaled to pixels. Regions without a name say nothing about who is there.
    public func tag(orientation: Orientation, uprightWidth: Int, uprightHeight: Int) -> PhotoTag? {
        guard let name else { return nil }
        let upright = box.map { orientation.uprightBox($0).scaled(x: Double(uprightWidth), y: Double(uprightHeight)) }
        return PhotoTag(person: name, box: upright, source: .region)
    }
}

/// The picture a set of MWG regions says it was drawn on (`AppliedToDimensions`): regions are
/// normalised, so only its shape matters, and it must be the shape of the stored image they
/// are mapped from. Regions drawn on the turned picture (as some software writes them) would
/// otherwise land on the wrong faces: whose face is where is then unknown.
public struct RegionFrame: Sendable, Equatable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// How far two shapes may differ (rounding of a resized copy).
    static let tolerance = 0.02

    /// Why these regions cannot be placed on a stored image of `storedWidth` × `storedHeight`,
    /// or `nil` when they fit. A frame without a usable size claims nothing.
    public func contradiction(storedWidth: Int, storedHeight: Int) -> String? {
        guard width.isFinite, height.isFinite, width > 0, height > 0, storedWidth > 0, storedHeight > 0 else { return nil }
        let claimed = width / height, stored = Double(storedWidth) / Double(storedHeight)
        guard abs(claimed / stored - 1) > Self.tolerance else { return nil }
        return "face regions were drawn on a \(Self.pixels(width)) × \(Self.pixels(height)) picture, which does not match the photo as stored (\(storedWidth) × \(storedHeight)), so where each named face is cannot be known"
    }

    private static func pixels(_ value: Double) -> String {
        value < 1e9 ? String(Int(value.rounded())) : "?"
    }
}
