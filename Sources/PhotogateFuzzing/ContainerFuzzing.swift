import PhotogateCore
import PhotogateMedia

/// A container walked as `inspect` walks it once the format is known, then the EXIF and XMP
/// it found read as `inspect` reads them. In use a scanner only sees bytes that start like
/// its format, but it must survive any bytes: the fuzzer is not told the format's magic.
enum ContainerFuzzing {
    static func run(_ bytes: [UInt8], format: ImageFormat) -> [String] {
        // RAW recognition walks the TIFF structure of any file before its format is known.
        _ = try? PhotoFile.recognise(bytes)
        let container = ContainerScanner.scan(bytes, format: format)
        // A TIFF's EXIF is the file's own directory structure.
        let exif = (format == .tiff ? bytes : container.exif).flatMap(ExifReader.read) ?? ExifFacts()
        return XMPFuzzing.brokenPromises(PhotoInspector.tags(format, container: container, exif: exif))
    }
}
