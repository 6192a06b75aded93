import PhotogateCore
import Testing

@Suite("Which files beside a photo are its sidecars")
struct SidecarNamingTests {
    static let nfc = "caf\u{E9}.jpg"
    static let nfd = "cafe\u{301}.jpg"

    func names(_ photo: String, _ folder: [String]) -> [String] {
        SidecarNaming.sidecars(of: photo, among: folder).map(\.name)
    }

    @Test("the photo's name or stem and .xmp, in any letter case or Unicode form, is its sidecar")
    func sidecarNames() {
        let folder = ["IMG_1.JPG", "IMG_1.JPG.xmp", "IMG_1.xmp", "IMG_1.XMP", "IMG_1.JPG.Xmp", "img_1.jpg.xmp", "img_1.xmp", "Img_1.Jpg.XMP"]
        #expect(names("IMG_1.JPG", folder) == ["IMG_1.JPG.Xmp", "IMG_1.JPG.xmp", "IMG_1.XMP", "IMG_1.xmp", "Img_1.Jpg.XMP", "img_1.jpg.xmp", "img_1.xmp"])
        #expect(SidecarNaming.sidecars(of: "IMG_1.JPG", among: folder).allSatisfy { $0.belongsTo == nil })
        // A decomposed sidecar name beside a precomposed photo name, and the other way round.
        #expect(names(Self.nfc, [Self.nfc, Self.nfd + ".xmp"]) == [Self.nfd + ".xmp"])
        #expect(names(Self.nfd, [Self.nfd, "CAF\u{C9}.xmp"]) == ["CAF\u{C9}.xmp"])
    }

    @Test("names that are not the photo's sidecar are not taken for one")
    func otherNames() {
        let folder = ["IMG_1.JPG", "IMG_1.JPG.xmp~", "IMG_1.JPG.xmp.bak", "IMG_10.xmp", "IMG_1.JPEG.xmp", "IMG_1 .xmp", "IMG_1.JPG", "IMG_1.AAE", ".xmp"]
        #expect(names("IMG_1.JPG", folder).isEmpty)
        // A photo called like a sidecar is not its own sidecar.
        #expect(names("IMG_1.xmp", ["IMG_1.xmp"]).isEmpty)
    }

    @Test("a look-alike that is exactly another photo's sidecar is reported as that photo's, never read as this one's")
    func belongsToAnother() {
        let folder = ["IMG.JPG", "img.jpg", "img.jpg.xmp"]
        #expect(SidecarNaming.sidecars(of: "IMG.JPG", among: folder) == [.init(name: "img.jpg.xmp", belongsTo: "img.jpg")])
        #expect(SidecarNaming.sidecars(of: "img.jpg", among: folder) == [.init(name: "img.jpg.xmp")])
        let forms = [Self.nfc, Self.nfd, Self.nfd + ".xmp"]
        #expect(SidecarNaming.sidecars(of: Self.nfc, among: forms) == [.init(name: Self.nfd + ".xmp", belongsTo: Self.nfd)])
        #expect(SidecarNaming.sidecars(of: Self.nfd, among: forms) == [.init(name: Self.nfd + ".xmp")])
        // A stem shared by two photos is read by both, as before.
        #expect(SidecarNaming.sidecars(of: "IMG_1.HEIC", among: ["IMG_1.JPG", "IMG_1.HEIC", "img_1.xmp"]) == [.init(name: "img_1.xmp")])
    }

    @Test("a sidecar another photo also reads is shared")
    func shared() {
        #expect(SidecarNaming.isShared("IMG_1.xmp", by: "IMG_1.JPG", among: ["IMG_1.JPG", "IMG_1.HEIC", "IMG_1.xmp"]))
        #expect(SidecarNaming.isShared("img_1.xmp", by: "IMG_1.JPG", among: ["IMG_1.JPG", "IMG_1.heic", "img_1.xmp"]))
        #expect(!SidecarNaming.isShared("IMG_1.JPG.xmp", by: "IMG_1.JPG", among: ["IMG_1.JPG", "IMG_1.HEIC", "IMG_1.JPG.xmp"]))
        #expect(!SidecarNaming.isShared("IMG_1.xmp", by: "IMG_1.JPG", among: ["IMG_1.xmp", "IMG_1.JPG.xmp"]), "sidecars are not photos")
    }
}
