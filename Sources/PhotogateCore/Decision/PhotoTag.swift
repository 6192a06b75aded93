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
