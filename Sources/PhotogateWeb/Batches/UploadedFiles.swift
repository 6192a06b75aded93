import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateServices

/// A batch's uploaded files as an ingest's source, each named as it was sent
/// (`DCIM/100APPLE/IMG_0001.JPG`), its sidecars read from beside it. Photogate cannot delete
/// anything from the device a browser read them from: its holder does, and confirms it.
struct UploadedFiles: IngestSource {
    let names: [String]
    let items: [IngestItem]

    init(job: BatchJob, folder: String, limits: DecodeLimits) {
        names = ["the browser upload of batch \(job.id)"]
        let prefix = folder + "/"
        func sent(_ path: String) -> String { path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path }
        items = InputCollector().collect([folder]).map { item in
            switch item {
            case let .refused(path, rejection):
                return IngestItem.refused(sent(path), rejection)
            case let .photo(path):
                return IngestItem(source: sent(path)) { () throws(InputRejection) -> PhotoWithSidecars in
                    PhotoWithSidecars(file: try PhotoFile.read(path, limits: limits), sidecars: Sidecar.beside(path))
                }
            }
        }
    }

    var canRemoveFromDevice: Bool { false }

    func removeFromDevice(_ item: IngestItem, read: PhotoWithSidecars) -> DeviceRemoval {
        .kept("was sent from a browser; its holder deletes it from the device")
    }

    func isGone(_ source: String) -> Bool? { nil }
}
