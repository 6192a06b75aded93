import PhotogateCore
import PhotogateMedia

/// A file's bytes taken as `inspect` reports on a photo, then as `ingest` takes it: recognised,
/// inspected and proven to decode whole (libvips does the decoding; the fuzzer exercises
/// Photogate's code around it).
enum InspectionFuzzing {
    static let limits = DecodeLimits.standard

    static func run(_ bytes: [UInt8]) -> [String] {
        do throws(InputRejection) {
            let photo = try PhotoFile(path: "fuzz-input", bytes: bytes)
            _ = try? PhotoInspector.inspect(photo, limits: limits)
            let report = try PhotoInspector.inspectAndDecode(photo, limits: limits)
            if limits.check(width: report.width, height: report.height) != nil {
                return ["accepted \(report.width) × \(report.height) pixels, outside the decode limits"]
            }
        } catch {
            // Refused with a reason: what must happen to a file that cannot be read.
        }
        return []
    }
}
