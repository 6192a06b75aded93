import PhotogateCore
import PhotogateMedia

/// Where an ingest's photos come from, as a front end provides it (a camera card's or
/// phone's folder, an upload): the items to read in order and, when the source can, deleting
/// a file from the device once its copy is safe. A service never sees a path.
public protocol IngestSource: Sendable {
    /// The sources as the record names them (the folders given).
    var names: [String] { get }
    /// Every item, in order.
    var items: [IngestItem] { get }
    /// Whether this source can delete from the device at all.
    var canRemoveFromDevice: Bool { get }
    /// Deletes the file an item was read from (and the sidecars read with it), only when it
    /// is still the very file that was read; checks it is gone.
    func removeFromDevice(_ item: IngestItem, read: PhotoWithSidecars) -> DeviceRemoval
    /// Whether the file an earlier batch recorded at `source` is gone from the device now:
    /// nil when this source cannot tell (not one of its places).
    func isGone(_ source: String) -> Bool?
}

/// One photo of an ingest: where it is on the device, as the record names it, and how to read it.
public struct IngestItem: Sendable {
    public var source: String
    public var read: @Sendable () throws(InputRejection) -> PhotoWithSidecars

    public init(source: String, read: @escaping @Sendable () throws(InputRejection) -> PhotoWithSidecars) {
        self.source = source
        self.read = read
    }

    /// A file the front end already knows cannot be read; it still gets its line.
    public static func refused(_ source: String, _ rejection: InputRejection) -> IngestItem {
        IngestItem(source: source) { () throws(InputRejection) -> PhotoWithSidecars in throw rejection }
    }
}

/// What deleting a file from the device did.
public enum DeviceRemoval: Sendable, Equatable {
    case removed
    /// Kept, and why ("changed after it was copied").
    case kept(String)
}
