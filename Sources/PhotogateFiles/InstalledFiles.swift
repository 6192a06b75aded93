import Foundation

/// Where `Scripts/install` puts what the binary needs besides itself (the face model, the web
/// app's templates and static files): `PREFIX/share/photogate`, beside `PREFIX/bin`. Found
/// from the running executable itself, so it works from any folder and through a symlink.
public enum InstalledFiles {
    public static func path(_ name: String) -> String? {
        guard let binary = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        return binary.deletingLastPathComponent().appendingPathComponent("../share/photogate/\(name)").standardizedFileURL.path
    }
}
