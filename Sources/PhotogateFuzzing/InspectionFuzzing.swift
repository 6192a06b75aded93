import PhotogateCore
import PhotogateMedia

/// A file's bytes taken as `ingest` takes a photo: recognised, inspected and proven to decode
/// whole (libvips does the decoding; the fuzzer exercises Photogate's code around it).
enum InspectionFuzzing {
    static let limits = DecodeLimits.standard

    static func run(_ bytes: [UInt8]) -> [String] {
        do throws(InputRejection) {
            let report = try PhotoInspector.inspectAndDecode(try PhotoFile(path: "fuzz-input", bytes: bytes), limits: limits)
            if limits.check(width: report.width, height: report.height) != nil {
                return ["accepted \(report.width) × \(report.height) pixels, outside the decode limits"]
            }
        } catch {
            // Refused with a reason: what must happen to a file that cannot be read.
        }
        return []
    }
}
