import PhotogateCore
import PhotogateMedia

/// A photo read, with the XMP sidecars that came with it.
public struct PhotoWithSidecars: Sendable {
    public var file: PhotoFile
    public var sidecars: [Sidecar]

    public init(file: PhotoFile, sidecars: [Sidecar]) {
        self.file = file
        self.sidecars = sidecars
    }
}

/// A photo a front end hands to a service: its name for people, and how to read it when its
/// turn comes (so a batch never sits in memory). The front end resolves files (a folder on
/// a camera card, an upload); a service never sees a path.
public struct PhotoInput: Sendable {
    public var label: String
    public var read: @Sendable () throws(InputRejection) -> PhotoWithSidecars

    public init(label: String, read: @escaping @Sendable () throws(InputRejection) -> PhotoWithSidecars) {
        self.label = label
        self.read = read
    }

    /// An input the front end already knows cannot be read (missing, a link...): it still
    /// gets its line in the outcome.
    public static func refused(_ label: String, _ rejection: InputRejection) -> PhotoInput {
        PhotoInput(label: label) { () throws(InputRejection) -> PhotoWithSidecars in throw rejection }
    }
}

/// Where a service hands the JPEGs it makes (a folder the front end chose, a download):
/// called as each is ready, possibly from several jobs at once.
public protocol PhotoSink: Sendable {
    /// Keeps the JPEG made from input number `index`; says where it went, for people.
    func keep(_ jpeg: [UInt8], forInput index: Int) throws -> KeptPhoto
}

/// Where a JPEG went.
public struct KeptPhoto: Sendable {
    /// Where it is, as the front end tells people.
    public var shown: String
    /// The name it would have had, when something already had it (and was kept).
    public var nameTaken: String?

    public init(shown: String, nameTaken: String? = nil) {
        self.shown = shown
        self.nameTaken = nameTaken
    }
}
