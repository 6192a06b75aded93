import Foundation

/// Whether the sidecars beside a photo file someone names are ones the photo was ingested
/// with. Commands that take a file for a vault photo (tagging it, putting it in a post)
/// decide from what ingest stored, while `check` and `preview` of the file read the sidecar
/// beside it: a sidecar written or changed after ingest would make them disagree, and a post
/// would be approved and published without what that sidecar says about who is in it (a
/// child tagged as excluded, say). So such a file is refused until the photo is ingested
/// again with its sidecar (ingest keeps the newest sidecars of a photo). A sidecar ingested
/// but no longer beside the file is no disagreement: the vault copy's record is used.
public enum SidecarAgreement {
    /// A sidecar beside the file: its name, and its bytes or why it cannot be read.
    public struct Found: Sendable, Equatable {
        public var name: String
        public var xmp: [UInt8]?
        public var problem: String?

        public init(name: String, xmp: [UInt8]?, problem: String?) {
            self.name = name
            self.xmp = xmp
            self.problem = problem
        }
    }

    /// Why `file` cannot stand for its vault copy, which was ingested with `ingested`; nil
    /// when every sidecar beside it is one of those, byte for byte (or, for one that cannot
    /// be read, the same name with the same problem).
    public static func problem(file: String, beside: [Found], ingested: [StoredSidecar]) -> String? {
        for sidecar in beside where !ingested.contains(where: { agree(sidecar, $0) }) {
            return "\(sidecar.name) beside \(file) is not a sidecar the photo was ingested with, so what it says about who is in the photo "
                + "would not be used; ingest the photo again together with its sidecar, then try again"
        }
        return nil
    }

    private static func agree(_ found: Found, _ stored: StoredSidecar) -> Bool {
        if let xmp = found.xmp { return stored.xmp.map { [UInt8]($0) == xmp } ?? false }
        return stored.xmp == nil && stored.name == found.name && stored.problem == found.problem
    }
}
