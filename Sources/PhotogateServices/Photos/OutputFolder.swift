import Foundation
import PhotogateCore
import PhotogateFiles

/// The folder a batch of photos is written into, one JPEG per input: created when missing,
/// refused when it is something else, and its names chosen by `OutputNaming` against resolved
/// paths, so no output leaves the folder or replaces an input however the paths were written.
struct OutputFolder: Sendable {
    /// The folder as the user wrote it, for messages.
    let shown: String
    /// Its resolved path, where files are written.
    let path: String

    init(creating shown: String) throws(ServiceError) {
        switch SafeFile.entry(at: shown) {
        case .directory:
            break
        case .missing:
            do {
                try FileManager.default.createDirectory(atPath: shown, withIntermediateDirectories: true)
            } catch {
                throw .invalid("cannot create the output folder \(shown)")
            }
        case .symbolicLink, .regularFile, .other:
            throw .invalid("the output folder \(shown) is not a folder")
        }
        self.shown = shown
        path = URL(fileURLWithPath: shown).resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// A file name for each input, in order, given where each input really is (a resolved
    /// path, or where a vault photo came from): inputs at the same place share a name, inputs
    /// at different places never do.
    func names(for places: [String]) -> [String] {
        let byPlace = OutputNaming.assign(inputs: places, outputDirectory: path)
        return places.map { byPlace[$0]! }
    }

    /// Where a named output is written.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// A named output as the user would write it.
    func shownFile(_ name: String) -> String {
        (shown.hasSuffix("/") ? shown : shown + "/") + name
    }
}
