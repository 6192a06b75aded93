import Foundation
import PhotogateServices

/// Each vault photo's upright size, read once per photo and process (a photo's bytes never
/// change under its hash), so a page that draws face boxes over many photos costs no reads.
actor UprightSizes {
    struct Size: Sendable {
        var width: Int
        var height: Int
    }

    private var known: [String: Size] = [:]

    /// The sizes of those photos that can be read; a photo that cannot is left out.
    func sizes(of photos: [String], reading service: VaultService) async -> [String: Size] {
        var found: [String: Size] = [:]
        for sha256 in Set(photos) {
            if let size = known[sha256] {
                found[sha256] = size
            } else if let (width, height) = try? await service.uprightSize(sha256) {
                let size = Size(width: width, height: height)
                known[sha256] = size
                found[sha256] = size
            }
        }
        return found
    }
}
