import Foundation
import PhotogateCore
import PhotogateFiles

/// An XMP sidecar beside a photo (`IMG_1.JPG.xmp` or `IMG_1.xmp`): its tags say who is in the
/// photo, so one that is there but cannot be read (a link, a folder, a FIFO, too big, not
/// permitted) is kept with the reason, never skipped: who is in the photo is then unknown.
public struct Sidecar: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case xmp([UInt8])
        /// Why it cannot be read, as words after its name ("is a symbolic link...").
        case unreadable(String)
    }

    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    /// The largest sidecar read; real ones are a few kilobytes.
    public static let maxBytes: Int64 = 4_000_000

    /// The sidecar's file name, as messages name it.
    public var name: String { (path as NSString).lastPathComponent }

    /// Names the sidecar as a sentence starts.
    public var source: String { "the XMP sidecar \(name)" }

    /// Every sidecar beside a photo, whatever it is: each file whose name a reader takes for
    /// the photo's sidecar (`SidecarNaming`: `IMG_1.JPG.xmp`, `IMG_1.xmp`, in any letter case
    /// or Unicode form), each file once.
    public static func beside(_ photoPath: String) -> [Sidecar] {
        let folder = (photoPath as NSString).deletingLastPathComponent
        let photoName = (photoPath as NSString).lastPathComponent
        func path(_ name: String) -> String { folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name) }
        guard let names = FolderWalker.names(in: folder.isEmpty ? "." : folder) else {
            // Its sidecars cannot be looked for: who is in the photo is unknown.
            return [Sidecar(path: path(photoName + ".xmp"), content: .unreadable("cannot be looked for, because the photo's folder cannot be listed"))]
        }
        var sidecars: [Sidecar] = []
        var seen: [SafeFile.Identity] = []
        for found in SidecarNaming.sidecars(of: photoName, among: names) {
            let candidate = path(found.name)
            if let owner = found.belongsTo {
                sidecars.append(Sidecar(path: candidate, content: .unreadable("is named like this photo's sidecar, but is the sidecar of \(owner) beside it")))
                continue
            }
            switch SafeFile.entry(at: candidate) {
            case .missing:
                continue
            case .symbolicLink:
                sidecars.append(Sidecar(path: candidate, content: .unreadable("is a symbolic link, which is never followed")))
            case .directory:
                sidecars.append(Sidecar(path: candidate, content: .unreadable("is a folder, not a file")))
            case .other:
                sidecars.append(Sidecar(path: candidate, content: .unreadable("is not a regular file")))
            case .regularFile:
                do {
                    let (bytes, identity) = try SafeFile.readIdentified(candidate, maxBytes: maxBytes)
                    // Two names of one file (a hard link) are one sidecar.
                    if seen.contains(where: { $0.device == identity.device && $0.inode == identity.inode }) { continue }
                    seen.append(identity)
                    sidecars.append(Sidecar(path: candidate, content: .xmp(bytes)))
                } catch let error as FileSystemError where error.kind == .tooLarge {
                    sidecars.append(Sidecar(path: candidate, content: .unreadable("is over the \(maxBytes / 1_000_000) MB limit for a sidecar")))
                } catch let error as FileSystemError {
                    sidecars.append(Sidecar(path: candidate, content: .unreadable("cannot be read (\(error.detail))")))
                } catch {
                    sidecars.append(Sidecar(path: candidate, content: .unreadable("cannot be read (\(error))")))
                }
            }
        }
        return sidecars
    }

    /// What the sidecar says about the people in the photo.
    public var facts: XMPFacts {
        switch content {
        case let .xmp(bytes):
            return XMPReader.read([XMPPacket(source: source, bytes: bytes)])
        case let .unreadable(reason):
            var facts = XMPFacts()
            facts.unreadable = ["\(source) \(reason)"]
            return facts
        }
    }
}
