import ArgumentParser

/// What `ingest` and `batch` both read: the device the photos come from, whether to delete
/// them from it once the vault has them, the decoding limits, and the files or folders.
struct DeviceFiles: ParsableArguments {
    @Option(help: "The id of the device the photos come from.")
    var device: String

    @Flag(help: "Delete each photo from the device once its copy is safe.")
    var deleteFromDevice = false

    @OptionGroup var limitOptions: LimitOptions

    @Argument(help: "Photos or folders on the device.")
    var paths: [String]

    var source: FolderIngestSource { FolderIngestSource(paths, limits: limitOptions.limits) }
}
