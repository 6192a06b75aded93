/// Which files beside a photo are its XMP sidecars, by their names.
///
/// Photo software names a photo's sidecar after the photo (`IMG_1.JPG.xmp`) or after its
/// stem (`IMG_1.xmp`). A person reads `img_1.jpg.xmp`, `IMG_1.Xmp` or a `café.jpg.xmp`
/// written in another Unicode form as the same name, and so does a disk that ignores letter
/// case or Unicode form (macOS, FAT, exFAT), where these files are the photo's sidecar. So a
/// name counts when it matches either form without regard to case or Unicode form: its tags
/// say who is in the photo, and skipping it would lose them without a word.
///
/// A name that matches only loosely while it matches another photo beside it exactly
/// (`img.jpg.xmp` beside both `img.jpg` and `IMG.JPG` on a disk that tells case apart) is
/// that photo's sidecar: its tags must not be read as this photo's, nor ignored, so it is
/// reported as belonging to the other photo (who is in this one is then unknown).
public enum SidecarNaming {
    /// One sidecar found for a photo.
    public struct Found: Sendable, Equatable {
        /// Its file name, as the folder lists it.
        public var name: String
        /// The other photo in the folder whose exact sidecar name it is, when it is only a
        /// look-alike of this photo's.
        public var belongsTo: String?

        public init(name: String, belongsTo: String? = nil) {
            self.name = name
            self.belongsTo = belongsTo
        }
    }

    /// How closely a name matches a sidecar name of a photo.
    enum Match: Equatable {
        /// The photo's name or stem, byte for byte, then `.xmp` in any case.
        case exact
        /// The same name to a reader: other letter case or Unicode form.
        case lookAlike
    }

    /// True for a name ending in `.xmp`, in any case: a sidecar, never a photo.
    public static func isSidecarName(_ name: String) -> Bool {
        name.utf8.count > 4 && name.lowercased().hasSuffix(".xmp")
    }

    /// The sidecars of the photo named `photo` among the `names` of its folder (the photo's
    /// own name among them or not), in byte order.
    public static func sidecars(of photo: String, among names: [String]) -> [Found] {
        // Only the folder's sidecars are sorted and matched: a camera folder holds thousands
        // of photos, and this runs for each of them.
        names.filter(isSidecarName).sorted { ExactPath($0) < ExactPath($1) }.compactMap { name in
            guard ExactPath(name) != ExactPath(photo), let match = match(name, photo: photo) else { return nil }
            guard match == .lookAlike else { return Found(name: name) }
            let owner = photos(named: name, among: names).first { other in
                ExactPath(other) != ExactPath(photo) && self.match(name, photo: other) == .exact
            }
            return Found(name: name, belongsTo: owner)
        }
    }

    /// True when a photo other than `photo` among the `names` of its folder reads the sidecar
    /// named `sidecar` too (`IMG_1.xmp` beside `IMG_1.JPG` and `IMG_1.HEIC`).
    public static func isShared(_ sidecar: String, by photo: String, among names: [String]) -> Bool {
        photos(named: sidecar, among: names).contains { ExactPath($0) != ExactPath(photo) }
    }

    /// The names among `names` (sidecars excluded) that `sidecar` names a sidecar of.
    private static func photos(named sidecar: String, among names: [String]) -> [String] {
        names.filter { !isSidecarName($0) && match(sidecar, photo: $0) != nil }
    }

    static func match(_ name: String, photo: String) -> Match? {
        guard isSidecarName(name) else { return nil }
        let base = String(decoding: name.utf8.dropLast(4), as: UTF8.self)
        let forms = [photo, stem(of: photo)]
        if forms.contains(where: { ExactPath($0) == ExactPath(base) }) { return .exact }
        // `String` equality ignores the Unicode form; lowercasing ignores the case.
        if forms.contains(where: { $0.lowercased() == base.lowercased() }) { return .lookAlike }
        return nil
    }

    /// The name without its last extension (`IMG_1.JPG` → `IMG_1`); a name whose only dot
    /// starts it has none.
    private static func stem(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
