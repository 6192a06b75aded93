import PhotogateCore
import Testing

@Suite("Output names")
struct OutputNamingTests {
    func names(_ inputs: [String], in folder: String = "/out", existing: [String] = []) -> [String] {
        OutputNaming.assign(inputs: inputs, outputDirectory: folder, existing: existing).map(\.fileName)
    }

    @Test("a plain name keeps its stem and becomes .jpg")
    func plainName() {
        #expect(names(["/cards/DCIM/IMG_0001.HEIC"]) == ["IMG_0001.jpg"])
    }

    @Test("inputs sharing a name get distinct names, in the order of their paths, every time")
    func collisionsAreDeterministic() {
        let inputs = ["/b/DCIM/IMG_1.JPG", "/a/DCIM/IMG_1.jpg", "/c/img_1.png"]
        let first = names(inputs)
        let second = names(inputs.reversed())
        #expect(first == second.reversed())
        #expect(first == ["IMG_1-2.jpg", "IMG_1.jpg", "img_1-3.jpg"])
        #expect(Set(first.map { $0.lowercased() }).count == 3)
        #expect(OutputNaming.assign(inputs: inputs, outputDirectory: "/out").allSatisfy { $0.alreadyTaken == nil })
    }

    @Test("a generated suffix never lands on another input's own name")
    func suffixDoesNotCollide() {
        #expect(Set(names(["/a/x.jpg", "/b/x.jpg", "/c/x-2.jpg"])).count == 3)
    }

    @Test("an output never replaces an input in the output folder")
    func neverOverwritesAnInput() {
        let given = names(["/photos/a.jpg", "/photos/a.png"], in: "/photos")
        #expect(!given.contains("a.jpg"))
        #expect(Set(given).count == 2)
    }

    @Test("a name already used in the folder is skipped, whatever its case, and the outcome says which")
    func existingFilesAreNeverReplaced() {
        let assigned = OutputNaming.assign(inputs: ["/card/IMG_1.JPG", "/card/IMG_2.JPG", "/card2/IMG_2.JPG"], outputDirectory: "/out",
                                           existing: ["IMG_1.jpg", "img_2.JPG", "IMG_2-2.jpg", "notes.txt"])
        #expect(assigned.map(\.fileName) == ["IMG_1-2.jpg", "IMG_2-3.jpg", "IMG_2-4.jpg"])
        #expect(assigned.map(\.alreadyTaken) == ["IMG_1.jpg", "IMG_2.jpg", "IMG_2.jpg"])
    }

    @Test("two names that differ only in Unicode form are two inputs with two stable names")
    func unicodeFormsAreDistinctInputs() {
        let composed = "/card/caf\u{E9}.jpg", decomposed = "/card/cafe\u{301}.jpg"
        #expect(composed == decomposed, "Swift's String equality is what this guards against")
        let given = names([composed, decomposed])
        #expect(Set(given).count == 2)
        #expect(given == names([decomposed, composed]).reversed())
        // Byte order puts the decomposed form ("cafe" then the accent) first.
        #expect(given == ["cafe-2.jpg", "cafe.jpg"])
        // One path given twice, in the same form, is one input with one name.
        #expect(names([composed, composed]) == ["cafe.jpg", "cafe.jpg"])
    }

    @Test("names cannot climb out of the folder or hide", arguments: [
        ("/x/../../etc/passwd.jpg", "passwd.jpg"),
        ("/x/.hidden.jpg", "hidden.jpg"),
        ("/x/..jpg", "photo.jpg"),
        ("/x/Crémieux 11 (copy).tiff", "Cremieux_11_copy_.jpg"),
        ("/x/evil\\..\\name.jpg", "evil_name.jpg"),
        ("/x/$(rm -rf).jpg", "rm_-rf_.jpg"),
        ("/x/Ζωή.jpg", "photo.jpg"),
    ])
    func safeNames(input: String, expected: String) {
        let name = names([input])[0]
        #expect(name == expected)
        #expect(!name.contains("/") && !name.hasPrefix("."))
    }

    @Test("very long names are shortened")
    func longNames() {
        let input = "/x/" + String(repeating: "a", count: 500) + ".jpg"
        #expect(OutputNaming.safeStem(of: input).count == 80)
    }
}

@Suite("Exact paths")
struct ExactPathTests {
    let composed = "/card/caf\u{E9}.jpg", decomposed = "/card/cafe\u{301}.jpg"

    @Test("two Unicode forms of one name are two paths, kept apart in sets and ordered by bytes")
    func unicodeForms() {
        #expect(ExactPath(composed) != ExactPath(decomposed))
        #expect(Set([ExactPath(composed), ExactPath(decomposed), ExactPath(composed)]).count == 2)
        #expect([ExactPath(composed), ExactPath(decomposed)].sorted() == [ExactPath(decomposed), ExactPath(composed)])
    }

    @Test("inside a folder means under its exact bytes")
    func inside() {
        #expect(ExactPath(composed).isInside(ExactPath("/card")))
        #expect(ExactPath(composed).isInside(ExactPath("/card/")))
        #expect(!ExactPath("/cards/x.jpg").isInside(ExactPath("/card")))
        #expect(!ExactPath("/card").isInside(ExactPath("/card")))
        #expect(!ExactPath("/caf\u{E9}/x.jpg").isInside(ExactPath("/cafe\u{301}")))
        #expect(ExactPath(composed).relative(to: ExactPath("/card")) == "caf\u{E9}.jpg")
    }
}
