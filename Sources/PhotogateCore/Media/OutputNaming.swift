/// Chooses the file name of each cleaned photo inside the output folder.
///
/// Names come from the input's name reduced to safe characters, so no name can climb out of
/// the folder or hide as a dot-file. Inputs that would share a name get `-2`, `-3`... in the
/// order of their full paths, so the same batch always gets the same names. A name that would
/// land on one of the inputs themselves is skipped: an input is never overwritten.
public enum OutputNaming {
    /// - Parameters:
    ///   - inputs: full paths of the inputs, already resolved.
    ///   - outputDirectory: the resolved output folder.
    ///   - fileExtension: the extension every output gets.
    /// - Returns: for each input path, the output's file name (no folder).
    public static func assign(inputs: [String], outputDirectory: String, fileExtension: String = "jpg") -> [String: String] {
        let folder = outputDirectory.hasSuffix("/") ? outputDirectory : outputDirectory + "/"
        var taken = Set(inputs.filter { $0.hasPrefix(folder) }.map { fold(String($0.dropFirst(folder.count))) })
        var names: [String: String] = [:]
        for input in Set(inputs).sorted() {
            let stem = safeStem(of: input)
            var candidate = "\(stem).\(fileExtension)"
            var counter = 2
            while taken.contains(fold(candidate)) {
                candidate = "\(stem)-\(counter).\(fileExtension)"
                counter += 1
            }
            taken.insert(fold(candidate))
            names[input] = candidate
        }
        return names
    }

    /// The last path component without its extension, kept to letters, digits, `-` and `_`
    /// (anything else becomes `_`), never empty, at most 80 characters.
    public static func safeStem(of path: String) -> String {
        let lastComponent = path.split(separator: "/").last.map(String.init) ?? ""
        let withoutExtension: Substring
        if let dot = lastComponent.lastIndex(of: "."), dot != lastComponent.startIndex {
            withoutExtension = lastComponent[..<dot]
        } else {
            withoutExtension = Substring(lastComponent)
        }
        var stem = ""
        for scalar in withoutExtension.unicodeScalars {
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            let character: Character = allowed ? Character(scalar) : "_"
            if character == "_", stem.last == "_" { continue }
            stem.append(character)
        }
        stem = String(stem.drop { $0 == "_" || $0 == "-" }.prefix(80))
        return stem.isEmpty ? "photo" : stem
    }

    /// Names are compared without case, because the office's disks often ignore it.
    private static func fold(_ name: String) -> String {
        name.lowercased()
    }
}
