import Foundation
import PhotogateCore
import PhotogateFiles

/// A file a person names for Photogate to write (a preview, an export of the log): always made
/// new, never replacing what has that name, not even the photo a preview is made from.
struct NewOutputFile {
    let path: String
    /// What the file is, for messages ("a preview").
    let what: String

    /// Refuses a name already taken before any slow work; `write` makes sure of it again.
    func requireFree() throws {
        guard SafeFile.entry(at: path) == .missing else { throw taken }
    }

    /// Writes the file whole under its name, or refuses if the name was taken meanwhile.
    func write(_ bytes: [UInt8], permissions: mode_t = 0o644) throws {
        let written: Bool
        do {
            written = try AtomicFile(destination: path, permissions: permissions).writeNew(bytes)
        } catch {
            throw PhotogateError.invalid("cannot write \(path): \(error)")
        }
        guard written else { throw taken }
    }

    private var taken: PhotogateError {
        .conflict("\(path) already exists; \(what) never replaces a file: choose another name", code: "output.exists")
    }
}
