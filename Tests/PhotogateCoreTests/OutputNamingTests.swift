import PhotogateCore
import Testing

@Suite("Output names")
struct OutputNamingTests {
    @Test("a plain name keeps its stem and becomes .jpg")
    func plainName() {
        let names = OutputNaming.assign(inputs: ["/cards/DCIM/IMG_0001.HEIC"], outputDirectory: "/out")
        #expect(names["/cards/DCIM/IMG_0001.HEIC"] == "IMG_0001.jpg")
    }

    @Test("inputs sharing a name get distinct names, in the order of their paths, every time")
    func collisionsAreDeterministic() {
        let inputs = ["/b/DCIM/IMG_1.JPG", "/a/DCIM/IMG_1.jpg", "/c/img_1.png"]
        let first = OutputNaming.assign(inputs: inputs, outputDirectory: "/out")
        let second = OutputNaming.assign(inputs: inputs.reversed(), outputDirectory: "/out")
        #expect(first == second)
        #expect(first["/a/DCIM/IMG_1.jpg"] == "IMG_1.jpg")
        #expect(first["/b/DCIM/IMG_1.JPG"] == "IMG_1-2.jpg")
        #expect(first["/c/img_1.png"] == "img_1-3.jpg")
        #expect(Set(first.values.map { $0.lowercased() }).count == 3)
    }

    @Test("a generated suffix never lands on another input's own name")
    func suffixDoesNotCollide() {
        let inputs = ["/a/x.jpg", "/b/x.jpg", "/c/x-2.jpg"]
        let names = OutputNaming.assign(inputs: inputs, outputDirectory: "/out")
        #expect(Set(names.values).count == 3)
    }

    @Test("an output never replaces an input in the output folder")
    func neverOverwritesAnInput() {
        let inputs = ["/photos/a.jpg", "/photos/a.png"]
        let names = OutputNaming.assign(inputs: inputs, outputDirectory: "/photos")
        #expect(!names.values.contains("a.jpg"))
        #expect(Set(names.values).count == 2)
    }

    @Test("names cannot climb out of the folder or hide", arguments: [
        ("/x/../../etc/passwd.jpg", "passwd.jpg"),
        ("/x/.hidden.jpg", "hidden.jpg"),
        ("/x/..jpg", "photo.jpg"),
        ("/x/Crémieux 11 (copy).tiff", "Cr_mieux_11_copy_.jpg"),
        ("/x/evil\\..\\name.jpg", "evil_name.jpg"),
        ("/x/$(rm -rf).jpg", "rm_-rf_.jpg"),
    ])
    func safeNames(input: String, expected: String) {
        let name = OutputNaming.assign(inputs: [input], outputDirectory: "/out")[input]!
        #expect(name == expected)
        #expect(!name.contains("/") && !name.hasPrefix("."))
    }

    @Test("very long names are shortened")
    func longNames() {
        let input = "/x/" + String(repeating: "a", count: 500) + ".jpg"
        #expect(OutputNaming.safeStem(of: input).count == 80)
    }
}
