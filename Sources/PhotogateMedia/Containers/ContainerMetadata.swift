import PhotogateCore

/// The metadata blocks found in a file's container, before any of them is interpreted.
public struct ContainerMetadata: Sendable {
    /// The EXIF block as a TIFF structure, with or without its `Exif\0\0` header.
    public var exif: [UInt8]?
    /// XMP packets: the main one, then any others (extended XMP, XMP inside Photoshop or
    /// compressed chunks...), each named by where it was found.
    public var xmpPackets: [XMPPacket] = []
    /// Blocks that may name people but could not be read, one sentence each.
    public var unreadable: [String] = []
    /// The GUIDs of every extended XMP packet (JPEG) a part was found of, complete or not.
    public var extendedXMPGUIDs: Set<String> = []
    /// How a HEIF's decoder turns its coded image to show it (`irot`, `imir`): the frame its
    /// regions are drawn on is the coded image, so they turn with it.
    public var transform: Orientation?
    /// A camera serial number kept outside EXIF (the APP12 picture info of older cameras).
    public var serial: String?
    /// Kinds found in the container itself (comments, text chunks, IPTC, previews...).
    public var found: Set<MetadataKind> = []

    public init() {}

    /// The name of the photo's own XMP in sentences.
    static let xmpSource = "the photo's XMP"

    /// Adds what the decoder (libvips) saw and the container walk did not (the EXIF of HEIF),
    /// so that a block a walker misses is still covered.
    mutating func merge(decoderExif: [UInt8]?, decoderXMP: [UInt8]?, decoderICC: Bool, decoderIPTC: Bool) {
        if exif == nil, let decoderExif, !decoderExif.isEmpty {
            exif = decoderExif
        }
        // XMP the walk saw but could not read is already reported; the decoder's copy is
        // taken only where the walk saw none.
        if !found.contains(.xmp), xmpPackets.isEmpty, let decoderXMP, !decoderXMP.isEmpty {
            xmpPackets = [XMPPacket(source: Self.xmpSource, bytes: decoderXMP)]
        }
        if exif != nil { found.insert(.exif) }
        if !xmpPackets.isEmpty { found.insert(.xmp) }
        if decoderICC { found.insert(.icc) }
        if decoderIPTC { found.insert(.iptc) }
    }
}

/// Reads the metadata blocks of a container this module can walk itself.
public enum ContainerScanner {
    public static func scan(_ bytes: [UInt8], format: ImageFormat) -> ContainerMetadata {
        var budget = UnpackBudget()
        return switch format {
        case .jpeg: JPEGMetadataScanner.scan(bytes)
        case .png: PNGMetadataScanner.scan(bytes, budget: &budget)
        case .webp: WebPMetadataScanner.scan(bytes)
        case .heif: HEIFMetadataScanner.scan(bytes, budget: &budget)
        case .tiff: TIFFMetadataScanner.scan(bytes)
        }
    }
}
