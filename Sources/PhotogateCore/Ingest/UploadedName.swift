import Foundation

/// The name a browser gives an uploaded file, made safe to keep it under: the folders it
/// names (a phone folder sent whole: `DCIM/100APPLE/IMG_0001.JPG`) and the file's name, each
/// NFC-normalised. Refused when a part is blank, `.` or `..`, hidden (starts with a dot),
/// holds a hidden character, or is too long; a refused name never touches the disk.
public enum UploadedName {
    public static let maxPartBytes = 255
    public static let maxDepth = 16

    /// Why a name cannot be used, in plain words ("it is a hidden file").
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The relative path to keep the file under.
    public static func relativePath(_ given: String) throws(Problem) -> String {
        let parts = given.split(omittingEmptySubsequences: true) { $0 == "/" || $0 == "\\" }
            .map { String($0).precomposedStringWithCanonicalMapping }
        guard !parts.isEmpty else { throw Problem(description: "the file has no name") }
        guard parts.count <= maxDepth else { throw Problem(description: "its folders are nested more than \(maxDepth) deep") }
        for part in parts {
            if part == "." || part == ".." { throw Problem(description: "its name climbs out of its folder") }
            if part.hasPrefix(".") { throw Problem(description: "it is a hidden file") }
            if part.utf8.count > maxPartBytes { throw Problem(description: "its name is longer than \(maxPartBytes) bytes") }
            if !OutsideText.hiddenScalars(in: part).isEmpty { throw Problem(description: "its name holds a hidden character") }
            if part.trimmingCharacters(in: .whitespaces).isEmpty { throw Problem(description: "its name is blank") }
        }
        return parts.joined(separator: "/")
    }
}
