import PhotogateCore

/// The readers of bytes from outside, each as a fuzz target: libFuzzer (`Scripts/fuzz`) feeds
/// them mutated inputs, and the regression tests replay the inputs that once broke them.
///
/// Each target calls the same public functions the commands call on a file's bytes, and
/// returns the promises its reader broke (empty when all held). A crash, a hang or a memory
/// error is found by the fuzzer itself; these are the things it cannot see.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The container walk of one format, then the EXIF and XMP it finds.
    case jpeg, png, webp, heif, tiff
    /// The XMP reader, on one packet (a sidecar, or a packet from any container).
    case xmp
    /// A consent sheet as `consent import` reads it, without the database.
    case consentCSV = "consent-csv"
    /// Everything `ingest` does to decide whether a photo can be read, before faces: format
    /// recognition, the header, the container, EXIF, XMP, and the decode-or-reject rule.
    case inspect

    public func run(_ bytes: [UInt8]) -> [String] {
        switch self {
        case .jpeg: ContainerFuzzing.run(bytes, format: .jpeg)
        case .png: ContainerFuzzing.run(bytes, format: .png)
        case .webp: ContainerFuzzing.run(bytes, format: .webp)
        case .heif: ContainerFuzzing.run(bytes, format: .heif)
        case .tiff: ContainerFuzzing.run(bytes, format: .tiff)
        case .xmp: XMPFuzzing.run(bytes)
        case .consentCSV: ConsentSheetFuzzing.run(bytes)
        case .inspect: InspectionFuzzing.run(bytes)
        }
    }
}
