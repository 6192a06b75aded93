import Foundation

/// Inputs saved on disk: crash files, regression inputs, a corpus.
public enum FuzzInput {
    /// The file itself, or every regular file under a folder, in name order; hidden files
    /// (`.DS_Store`, a README's editor backups) are skipped.
    public static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [path] }
        let entries = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return entries.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .map { path + "/" + $0 }
            .filter { isRegularFile($0) }
            .sorted()
    }

    public static func bytes(of file: String) -> [UInt8] {
        FileManager.default.contents(atPath: file).map { [UInt8]($0) } ?? []
    }

    private static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }
}

extension FuzzTarget {
    /// Every target's name, for usage lines.
    public static var names: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}
