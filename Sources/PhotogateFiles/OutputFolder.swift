import Foundation
import PhotogateCore

/// The folder a batch of photos is written into, one JPEG per input: created when missing,
/// refused when it is something else, and its names chosen by `OutputNaming` against resolved
/// paths and what the folder already holds. Each output is written in the run's own staging
/// folder inside it, then takes its name without replacing anything: no output leaves the
/// folder, and nothing already in it (an input, an earlier run's output, another run's
/// output written at the same moment) is ever overwritten.
public struct OutputFolder: Sendable {
    /// The folder as the user wrote it, for messages.
    public let shown: String
    /// Its resolved path, where files are written.
    public let path: String

    public init(creating shown: String) throws(PhotogateError) {
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
    /// at different places never do, and no name is one the folder already holds.
    public func names(for places: [String]) -> [OutputName] {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return OutputNaming.assign(inputs: places, outputDirectory: path, existing: existing)
    }

    /// Runs `body` with a staging folder of this run's own inside the output folder, and
    /// removes it after.
    public func staging<T>(_ body: (String) async throws -> T) async throws -> T {
        try await StagingFolder.using(in: path, body)
    }

    /// Moves a finished output from the staging folder into the folder under its name, or,
    /// when another run took that name meanwhile, the next free one. Returns the name it got.
    public func place(_ staged: String, as name: OutputName) throws -> OutputName {
        var name = name
        for _ in 0..<10_000 {
            if try FileMove.withoutReplacing(staged, to: file(name.fileName)) { return name }
            name = name.next(takenInFolder: true)
        }
        throw FileSystemError(kind: .other, path: file(name.fileName), detail: "no free name left for it in the folder")
    }

    /// Where a named output is written.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// A named output as the user would write it.
    public func shownFile(_ name: String) -> String {
        (shown.hasSuffix("/") ? shown : shown + "/") + name
    }
}
