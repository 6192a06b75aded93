import Foundation

/// The file name of one cleaned photo in an output folder.
public struct OutputName: Sendable, Equatable {
    public var stem: String
    /// 1 for the plain name, then 2, 3... as `stem-2`, `stem-3`.
    public var number: Int
    public var fileExtension: String
    /// The name this photo would have had, already used by a file in the folder (an earlier
    /// run's output, or a photo put there by hand), which is never replaced.
    public var alreadyTaken: String?

    public init(stem: String, number: Int = 1, fileExtension: String, alreadyTaken: String? = nil) {
        self.stem = stem
        self.number = number
        self.fileExtension = fileExtension
        self.alreadyTaken = alreadyTaken
    }

    public var fileName: String {
        number == 1 ? "\(stem).\(fileExtension)" : "\(stem)-\(number).\(fileExtension)"
    }

    /// The next name to try when this one is taken: by a file in the folder (which the
    /// photo's summary mentions), or by another photo of the same batch (which it need not).
    public func next(takenInFolder: Bool) -> OutputName {
        var next = self
        next.number += 1
        if takenInFolder, alreadyTaken == nil { next.alreadyTaken = fileName }
        return next
    }
}

/// Chooses the file name of each cleaned photo inside the output folder.
///
/// Names come from the input's name reduced to safe characters, so no name can climb out of
/// the folder or hide as a dot-file. Inputs that would share a name get `-2`, `-3`... in the
/// byte order of their full paths, so the same batch always gets the same names; two inputs
/// are the same input only when their paths are the same bytes (`ExactPath`). A name already
/// used in the folder (an input there, an earlier run's output) is skipped and said so:
/// nothing in the folder is ever replaced.
public enum OutputNaming {
    /// - Parameters:
    ///   - inputs: full paths of the inputs, already resolved.
    ///   - outputDirectory: the resolved output folder.
    ///   - existing: the names of what is in the output folder now.
    ///   - fileExtension: the extension every output gets.
    /// - Returns: each input's output name, in input order; an input given twice (the same
    ///   bytes) gets the same name both times.
    public static func assign(inputs: [String], outputDirectory: String, existing: [String] = [],
                              fileExtension: String = "jpg") -> [OutputName] {
        let folder = ExactPath(outputDirectory)
        let inputsInFolder = inputs.compactMap { ExactPath($0).relative(to: folder) }
        let inFolder = Set((existing + inputsInFolder).map(fold))
        var given = Set<String>()
        var names: [ExactPath: OutputName] = [:]
        for input in Set(inputs.map(ExactPath.init)).sorted() {
            var candidate = OutputName(stem: safeStem(of: input.text), fileExtension: fileExtension)
            while true {
                let key = fold(candidate.fileName)
                if inFolder.contains(key) {
                    candidate = candidate.next(takenInFolder: true)
                } else if given.contains(key) {
                    candidate = candidate.next(takenInFolder: false)
                } else {
                    break
                }
            }
            given.insert(fold(candidate.fileName))
            names[input] = candidate
        }
        return inputs.map { names[ExactPath($0)]! }
    }

    /// The last path component without its extension, accents dropped (`é` → `e`, in either
    /// Unicode form) and kept to letters, digits, `-` and `_` (anything else becomes `_`),
    /// never empty, at most 80 characters.
    public static func safeStem(of path: String) -> String {
        let lastComponent = path.split(separator: "/").last.map(String.init) ?? ""
        let withoutExtension: Substring
        if let dot = lastComponent.lastIndex(of: "."), dot != lastComponent.startIndex {
            withoutExtension = lastComponent[..<dot]
        } else {
            withoutExtension = Substring(lastComponent)
        }
        var stem = ""
        for scalar in String(withoutExtension).decomposedStringWithCanonicalMapping.unicodeScalars
            where scalar.properties.generalCategory != .nonspacingMark {
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            let character: Character = allowed ? Character(scalar) : "_"
            if character == "_", stem.last == "_" { continue }
            stem.append(character)
        }
        stem = String(stem.drop { $0 == "_" || $0 == "-" }.prefix(80))
        return stem.isEmpty ? "photo" : stem
    }

    /// Names are compared without case, because the office's disks often ignore it, and as
    /// `String`s, which also makes two Unicode forms of one name collide: a disk that ignores
    /// the form (macOS) would treat them as one name.
    private static func fold(_ name: String) -> String {
        name.lowercased()
    }
}
