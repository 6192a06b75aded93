import PhotogateCore

/// The metadata blocks found in a file's container, before any of them is interpreted.
public struct ContainerMetadata: Sendable {
    /// The EXIF block as a TIFF structure, with or without its `Exif\0\0` header.
    public var exif: [UInt8]?
    /// XMP packets: the main one, then the reassembled extended XMP (JPEG) if any.
    public var xmpPackets: [[UInt8]] = []
    /// Kinds found in the container itself (comments, text chunks, IPTC, previews...).
    public var found: Set<MetadataKind> = []

    public init() {}

    /// Adds what the decoder (libvips) saw and the container walk did not, so that a format
    /// without its own walker (HEIF, TIFF) or a compressed chunk is still covered.
    mutating func merge(decoderExif: [UInt8]?, decoderXMP: [UInt8]?, decoderICC: Bool, decoderIPTC: Bool) {
        if exif == nil, let decoderExif, !decoderExif.isEmpty {
            exif = decoderExif
        }
        if xmpPackets.isEmpty, let decoderXMP, !decoderXMP.isEmpty {
            xmpPackets = [decoderXMP]
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
        switch format {
        case .jpeg: JPEGMetadataScanner.scan(bytes)
        case .png: PNGMetadataScanner.scan(bytes)
        case .webp: WebPMetadataScanner.scan(bytes)
        case .heif: HEIFMetadataScanner.scan(bytes)
        case .tiff: ContainerMetadata()
        }
    }
}
