import Foundation
import PhotogateCore

/// Turns the paths a user typed into the list of photos to process: folders are walked
/// (hidden and system files and XMP sidecars skipped, links never followed), and what cannot
/// be used is kept as a rejection so that every input gets its line. A file named twice (by
/// a folder and by itself, or through another path) is one input; two files whose names
/// differ only in Unicode form are two.
public struct InputCollector: Sendable {
    public enum Item: Sendable, Equatable {
        case photo(String)
        case refused(String, InputRejection)
    }

    public init() {}

    public func collect(_ arguments: [String]) -> [Item] {
        var items: [Item] = []
        var seen = Set<ExactPath>()
        for argument in arguments {
            switch SafeFile.entry(at: argument) {
            case .missing:
                items.append(.refused(argument, .notFound))
            case .symbolicLink:
                items.append(.refused(argument, .symbolicLink))
            case .other:
                items.append(.refused(argument, .notRegularFile))
            case .regularFile:
                if seen.insert(ExactPath(SafeFile.resolvedPath(argument))).inserted { items.append(.photo(argument)) }
            case .directory:
                for found in FolderWalker().walk(argument) {
                    switch found {
                    case let .file(path):
                        // An XMP sidecar belongs to the photo beside it, which reads it.
                        if SidecarNaming.isSidecarName((path as NSString).lastPathComponent) { continue }
                        if seen.insert(ExactPath(SafeFile.resolvedPath(path))).inserted { items.append(.photo(path)) }
                    case let .symbolicLink(path):
                        items.append(.refused(path, .symbolicLink))
                    case let .notRegularFile(path):
                        items.append(.refused(path, .notRegularFile))
                    case let .unreadableFolder(path, reason):
                        items.append(.refused(path, .unreadable(reason)))
                    }
                }
            }
        }
        return items
    }
}
