import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateServices

/// The folders and files of a connected camera card or phone, as an ingest's source. It
/// deletes a file from the device only when the path still names the very file that was
/// read (same device, inode, size and time), and checks it is gone.
struct FolderIngestSource: IngestSource {
    let names: [String]
    let items: [IngestItem]

    init(_ paths: [String], limits: DecodeLimits) {
        names = paths.map(SafeFile.resolvedPath)
        items = InputCollector().collect(paths).map { item in
            switch item {
            case let .refused(path, rejection):
                return IngestItem.refused(SafeFile.resolvedPath(path), rejection)
            case let .photo(given):
                let path = SafeFile.resolvedPath(given)
                return IngestItem(source: path) { () throws(InputRejection) -> PhotoWithSidecars in
                    PhotoWithSidecars(file: try PhotoFile.read(path, limits: limits), sidecars: Sidecar.beside(path))
                }
            }
        }
    }

    var canRemoveFromDevice: Bool { true }

    func removeFromDevice(_ item: IngestItem, read: PhotoWithSidecars) -> DeviceRemoval {
        let path = item.source
        guard let identity = read.file.identity, SafeFile.identity(at: path) == identity else {
            return .kept("changed or was replaced after it was copied, so it was kept")
        }
        if unlink(path) != 0 {
            return .kept("could not be deleted from the device (\(FileSystemError.fromErrno(path).detail))")
        }
        guard SafeFile.entry(at: path) == .missing else { return .kept("is still on the device after deleting it") }
        // Its sidecars name the people in it, so they go too, unless another photo shares one
        // (IMG_1.xmp beside both IMG_1.JPG and IMG_1.HEIC). Only files that were read go.
        for sidecar in read.sidecars {
            guard case .xmp = sidecar.content, SafeFile.identity(at: sidecar.path) != nil,
                  !Self.sidecarIsShared(sidecar.path, with: path) else { continue }
            unlink(sidecar.path)
        }
        AtomicFile.syncFolder((path as NSString).deletingLastPathComponent)
        return .removed
    }

    /// A file is known to be gone when it was under one of the folders given, that folder is
    /// there (so the device is connected), and the file is not.
    func isGone(_ source: String) -> Bool? {
        guard names.contains(where: { ExactPath(source).isInside(ExactPath($0)) }) else { return nil }
        let folder = (source as NSString).deletingLastPathComponent
        guard SafeFile.entry(at: folder) == .directory else { return nil }
        return SafeFile.entry(at: source) == .missing
    }

    /// True when another photo in the folder reads the sidecar too (`IMG_1.xmp` beside both
    /// `IMG_1.JPG` and `IMG_1.HEIC`), as `Sidecar.beside` finds sidecars. A folder that
    /// cannot be listed may hold one: the sidecar is then kept.
    static func sidecarIsShared(_ sidecar: String, with photo: String) -> Bool {
        guard let names = FolderWalker.names(in: (sidecar as NSString).deletingLastPathComponent) else { return true }
        return SidecarNaming.isShared((sidecar as NSString).lastPathComponent, by: (photo as NSString).lastPathComponent, among: names)
    }
}
