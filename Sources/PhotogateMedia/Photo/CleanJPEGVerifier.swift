import PhotogateCore

/// The independent check every output passes before it is called clean: it reads the file
/// as written, walks its marker segments and refuses anything outside a baseline JPEG with a
/// bare JFIF header, then asks libexif whether it finds any EXIF at all.
public enum CleanJPEGVerifier {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The segments a clean output may contain: JFIF APP0, quantisation and Huffman tables,
    /// a baseline frame header, restart interval, and scans.
    private static let allowedMarkers: Set<UInt8> = [0xE0, 0xDB, 0xC4, 0xC0, 0xDD, 0xDA]

    /// - Parameter expectedSize: the upright size the output must have, when known.
    public static func verify(_ bytes: [UInt8], expectedSize: (width: Int, height: Int)? = nil) throws(Failure) {
        let structure: JPEGStructure
        do {
            structure = try JPEGStructure(parsing: bytes)
        } catch {
            throw Failure(description: "the JPEG structure is broken: \(error)")
        }
        var frames = 0, scans = 0, jfif = 0
        for segment in structure.segments {
            guard allowedMarkers.contains(segment.marker) else {
                throw Failure(description: "found a \(JPEGStructure.name(of: segment.marker)) segment")
            }
            let p = segment.payload.lowerBound
            switch segment.marker {
            case 0xE0:
                // JFIF 1.x, 14 bytes: identifier, version, units, densities, no thumbnail.
                guard segment.payload.count == 14, bytes.hasBytes("JFIF\0", at: p), bytes[p + 12] == 0, bytes[p + 13] == 0 else {
                    throw Failure(description: "the APP0 segment is not a bare JFIF header")
                }
                jfif += 1
            case 0xC0:
                frames += 1
                if let expectedSize, let height = bytes.uint16BE(at: p + 1), let width = bytes.uint16BE(at: p + 3),
                   width != expectedSize.width || height != expectedSize.height {
                    throw Failure(description: "the output is \(width) × \(height), expected \(expectedSize.width) × \(expectedSize.height)")
                }
            case 0xDA:
                scans += 1
            default:
                break
            }
        }
        guard jfif <= 1, frames == 1, scans >= 1 else {
            throw Failure(description: "expected one baseline frame, found \(frames) frames and \(scans) scans")
        }
        guard structure.trailer.isEmpty else {
            throw Failure(description: "\(structure.trailer.count) bytes follow the end-of-image marker")
        }
        if ExifReader.fileHasExif(bytes) {
            throw Failure(description: "libexif still finds EXIF data")
        }
    }
}
