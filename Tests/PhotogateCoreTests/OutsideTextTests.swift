import PhotogateCore
import Testing

@Suite("Text from outside")
struct OutsideTextTests {
    @Test("controls, format characters, separators and other invisible characters are hidden", arguments: [
        0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9B, // C0, DEL, C1 (NEL, CSI)
        0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, // zero-width, word joiner, byte-order mark, soft hyphen
        0x202A, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C, // bidi
        0x2028, 0x2029, 0x034F, 0x3164, 0x115F, 0xFE0F, 0xE0041, 0xFFFF, // separators, CGJ, fillers, selector, tag, noncharacter
    ] as [UInt32])
    func hidden(code: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(code))
        #expect(OutsideText.isHidden(scalar))
        // What separates words where it is shown still separates them; the rest is gone.
        #expect(OutsideText.cleaned("a\(scalar)b") == ([0x09, 0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains(code) ? "a b" : "ab"))
        #expect(OutsideText.visible("a\(scalar)b") == "a\\u{\(String(code, radix: 16, uppercase: true))}b")
    }

    @Test("line breaks and tabs between words leave two words, never one", arguments: [
        "Rory\nWilliams", "Rory\r\nWilliams", "Rory\tWilliams", "Rory\u{2028}Williams", "Rory\u{0085}Williams", "Rory\u{000B}Williams",
    ])
    func separators(text: String) {
        #expect(OutsideText.cleaned(text).split(separator: " ") == ["Rory", "Williams"])
    }

    @Test("letters, accents, spaces, punctuation and symbols of any script are shown as they are", arguments: [
        "Zoë O'Brien-Smith", "Renée Ångström", "Nguyễn Thị Minh Khai", "Παπαδόπουλος", "Иван Петров", "محمد", "李小龙",
        "Sports day — 1st place! ✓ 100%", "café\u{00A0}au lait", "Ǆ",
    ])
    func shown(text: String) {
        #expect(OutsideText.hiddenScalars(in: text).isEmpty)
        #expect(OutsideText.visible(text) == text)
        #expect(OutsideText.cleaned(text) == text)
    }

    @Test("the joiners and selectors that build one emoji stay; the same characters elsewhere do not", arguments: [
        ("👨\u{200D}👩\u{200D}👧", true), ("❤\u{FE0F}", true), ("1\u{FE0F}\u{20E3}", true),
        ("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", true),
        ("R\u{200D}ory", false), ("R\u{FE0F}ory", false), ("😀\u{200D}", false), ("a\u{E0067}", false),
    ])
    func emoji(text: String, kept: Bool) {
        #expect(OutsideText.hiddenScalars(in: text).isEmpty == kept)
        #expect((OutsideText.cleaned(text) == text) == kept)
    }

    @Test("cleaned text is in NFC: a decomposed é is stored as one character")
    func nfc() throws {
        let decomposed = "Rene\u{0301}e"
        #expect(OutsideText.cleaned(decomposed) == "Renée")
        #expect(OutsideText.cleaned(decomposed).unicodeScalars.count == 5)
        #expect(try OutsideText.checked(decomposed, field: "the name").unicodeScalars.count == 5)
    }

    @Test("typed text with a hidden character is refused, naming it; spaces around it are trimmed")
    func checked() throws {
        #expect(try OutsideText.checked("  Canon\n", field: "the make") == "Canon")
        #expect(throws: OutsideText.Refusal.self) { try OutsideText.checked("Can\u{200B}on", field: "the make") }
        do {
            _ = try OutsideText.checked("Canon\u{1B}[2J EOS", field: "the make")
            Issue.record("an escape was accepted")
        } catch {
            #expect(error.description == "the make contains an invisible character (U+001B, escape), which is not shown on screen; type it again without it")
        }
        do {
            _ = try OutsideText.checked("abc\u{202E}fed", field: "the note", fix: "remove it")
            Issue.record("a right-to-left override was accepted")
        } catch {
            #expect(error.description == "the note contains an invisible character (U+202E, right-to-left override), which is not shown on screen; remove it")
        }
    }

    @Test("a caption keeps its line breaks, Windows' included, and is refused with any other hidden character", arguments: [
        ("Sports day!\nWell done all", "Sports day!\nWell done all"),
        ("Sports day!\r\nWell done all\r\n", "Sports day!\nWell done all"),
        ("  Café\u{0301}  ", "Café\u{0301}".precomposedStringWithCanonicalMapping),
        ("Great day \u{1F44F}\u{1F3FD} 👨\u{200D}👩\u{200D}👧", "Great day \u{1F44F}\u{1F3FD} 👨\u{200D}👩\u{200D}👧"),
    ])
    func caption(text: String, published: String) throws {
        #expect(try OutsideText.caption(text) == published)
    }

    @Test("a caption that would read one way and publish another is refused", arguments: [
        "Sports day\rRory Williams won", "Well done\u{1B}[2K\u{1B}[1A everyone", "Rory\u{200B} Williams", "tab\tseparated",
        "evil\u{202E}txt.exe", "page\u{2028}break", "soft\u{00AD}hyphen", "next\u{85}line", "R\u{FE0F}ory",
    ])
    func captionRefused(text: String) {
        #expect(throws: OutsideText.Refusal.self) { try OutsideText.caption(text) }
    }

    @Test("a hidden character is shown by its code, so the terminal prints it instead of obeying it")
    func visible() {
        let forged = "Canon\r⚠ Camera serial number: none\n"
        #expect(OutsideText.visible(forged) == "Canon\\u{D}⚠ Camera serial number: none\\u{A}")
        #expect(OutsideText.visible("\u{1B}[2K\u{1B}[1Aerased") == "\\u{1B}[2K\\u{1B}[1Aerased")
        #expect(OutsideText.visible(OutsideText.visible(forged)) == OutsideText.visible(forged), "showing twice changes nothing")
    }
}
