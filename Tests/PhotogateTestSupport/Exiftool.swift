import Foundation

/// ExifTool, the independent reader: it knows every metadata format Photogate must drop and
/// shares no code with it.
public enum Exiftool {
    public static var path: String? {
        ["/usr/bin/exiftool", "/usr/local/bin/exiftool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Every tag ExifTool finds, as `Group:Tag` names.
    public static func tags(of file: String) throws -> [String: Any] {
        guard let path else { throw ExiftoolMissing() }
        let result = try CommandRunner.run(path, ["-j", "-a", "-G1", "-u", "-b", "-n", file])
        guard let array = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], let first = array.first else {
            throw ExiftoolMissing()
        }
        return first
    }

    /// The groups a clean, metadata-free baseline JPEG may show: ExifTool's own, the file
    /// system's, the file structure's, values it computes, and a bare JFIF header.
    public static let cleanGroups: Set<String> = ["ExifTool", "System", "File", "Composite", "JFIF", "SourceFile"]

    /// Tags in any group outside `cleanGroups`, plus any comment: metadata that survived.
    public static func leftoverMetadata(in file: String) throws -> [String] {
        try tags(of: file).keys.filter { key in
            let group = key.split(separator: ":").first.map(String.init) ?? key
            return !cleanGroups.contains(group) || key == "File:Comment"
        }.sorted()
    }

    public struct ExiftoolMissing: Error {}
}
