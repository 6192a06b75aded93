import PhotogateCore
import PhotogateUnicode
import Testing

/// Names readable in a photo (Oak Trees 2), decided as the caption check reads captions.
@Suite("Names readable in photos")
struct TextDecisionTests {
    static let today = CalendarDate(iso: "2026-12-01")!
    static let people = [
        ConsentRecord(personID: "P1", firstName: "Amelia", lastName: "Hart", kind: .pupil, purposes: ["website", "social_media"]),
        ConsentRecord(personID: "P2", firstName: "Rory", lastName: "Williams", kind: .pupil, purposes: ["website"], names: true),
        ConsentRecord(personID: "P3", firstName: "Danny", lastName: "Pink", kind: .pupil, purposes: [], excluded: true),
        ConsentRecord(personID: "P4", firstName: "Rose", lastName: "Tyler", kind: .staff, purposes: ["website"]),
        ConsentRecord(personID: "P5", firstName: "Clara", lastName: "Oswald", kind: .pupil, purposes: ["website"]),
        ConsentRecord(personID: "P6", firstName: "Clara", lastName: "Jones", kind: .pupil, purposes: ["website"]),
        ConsentRecord(personID: "P7", firstName: "Tom", lastName: "Hart", kind: .pupil, purposes: ["website"]),
    ]

    /// One region of words on a line, each 100 px wide, as read with `confidence`.
    static func region(_ text: String, confidence: Double = 90, x: Double = 400, y: Double = 1180) -> TextRegion {
        let words = text.split(separator: " ").enumerated().map { index, word in
            ReadWord(box: Box(x: x + Double(index) * 110, y: y, width: 100, height: 60), text: String(word), confidence: confidence)
        }
        return TextRegion(box: Box(x: x - 20, y: y - 20, width: Double(words.count) * 110 + 40, height: 100), letters: text.count, evenness: 1, words: words)
    }

    static func decide(_ regions: [TextRegion], rules: TextRules = .standard, tagged: Set<String> = [], purpose: String = "website") -> [TextVerdict] {
        TextDecider(rules: rules).decide(regions: regions, people: people, tagged: tagged, purpose: purpose, today: today, names: .standard)
    }

    @Test("the full name of a pupil who may not be named is blurred, with where and on what, in plain words")
    func fullName() throws {
        let verdicts = Self.decide([Self.region("Certificate of Achievement presented to Amelia Hart")])
        let verdict = try #require(verdicts.first)
        #expect(verdicts.count == 1)
        #expect(verdict.action == .blur && verdict.person == "P1" && verdict.text == "Amelia Hart")
        #expect(verdict.box == Box(x: 950, y: 1180, width: 210, height: 60))
        #expect(verdict.reason == "the name Amelia Hart is readable on the photo (certificate, 950,1180,210,60)")
    }

    @Test("a name whose owner may be named for the purpose stays, noted in the reasons; not for another purpose")
    func consentToBeNamed() throws {
        let kept = try #require(Self.decide([Self.region("Well done Rory Williams")]).first)
        #expect(kept.action == .keep && kept.person == "P2")
        #expect(kept.reason == "the name Rory Williams is readable on the photo; P2 may be named, with website consent (text, 620,1180,210,60)")
        let decision = PhotoDecision(verdict: .clear, faces: [], reasons: []).adding(texts: [kept])
        #expect(decision.verdict == .clear && decision.reasons == [kept.reason] && decision.hiddenBoxes.isEmpty)
        #expect(decision.identifiedPeople == ["P2"])
        // No social media consent at all: the name is blurred.
        #expect(Self.decide([Self.region("Well done Rory Williams")], purpose: "social_media").first?.action == .blur)
    }

    @Test("the name of an excluded pupil rejects the photo, wherever it is")
    func excluded() throws {
        let verdict = try #require(Self.decide([Self.region("Danny Pink")]).first)
        #expect(verdict.action == .reject)
        #expect(verdict.reason == "the name Danny Pink of an excluded person (P3) is readable on the photo (label, 400,1180,210,60)")
        let decision = PhotoDecision(verdict: .redacted, faces: [], reasons: ["1 of 2 faces blurred"]).adding(texts: [verdict])
        #expect(decision.verdict == .rejected && decision.reasons.last == verdict.reason)
    }

    @Test("misread names still match: look-alike letters always, one letter more only in names of five letters or more",
          arguments: [("Arnelia Hart", true), ("AMELIA HART", true), ("Amélia Hart", true), ("Amclia Hart", true),
                      ("Wi1liams", true), ("Williarns", true), ("Wllliams", true), ("Aemlia Hrat", false), ("Pinc", false)])
    func misread(text: String, matched: Bool) {
        let verdicts = Self.decide([Self.region(text)], purpose: "press")
        #expect(!verdicts.isEmpty == matched, "\(text): \(verdicts.map(\.reason))")
    }

    @Test("whole words only: a name inside a longer word is not read as the name", arguments: ["Roses", "Harts", "Hartley", "Pinkest", "Tylers"])
    func wholeWords(text: String) {
        #expect(Self.decide([Self.region("Our \(text) display")], rules: TextRules(reading: true, nameAction: .blur, firstNames: .any, unreadableCards: false)).isEmpty)
    }

    @Test("a surname alone counts; shared by two pupils, it names both and is blurred")
    func surname() throws {
        let verdict = try #require(Self.decide([Self.region("Hart")]).first)
        #expect(verdict.action == .blur && verdict.person == nil)
        #expect(verdict.reason == "the surname Hart (which could be P1 or P7) is readable on the photo (label, 400,1180,100,60)")
        #expect(Self.decide([Self.region("Oswald")]).first?.person == "P5")
    }

    @Test("a first name alone counts when its owner is tagged or it is nobody else's; settings make it stricter or looser")
    func firstNames() {
        // Amelia is only P1's first name; Clara is P5's and P6's.
        #expect(Self.decide([Self.region("Amelia")]).first?.person == "P1")
        #expect(Self.decide([Self.region("Clara")]).isEmpty)
        #expect(Self.decide([Self.region("Clara")], tagged: ["p5"]).first?.person == "P5")
        let tagged = TextRules(reading: true, nameAction: .blur, firstNames: .tagged, unreadableCards: false)
        #expect(Self.decide([Self.region("Amelia")], rules: tagged).isEmpty)
        #expect(Self.decide([Self.region("Amelia")], rules: tagged, tagged: ["P1"]).first?.person == "P1")
        let any = TextRules(reading: true, nameAction: .blur, firstNames: .any, unreadableCards: false)
        let reason = Self.decide([Self.region("Clara")], rules: any).first?.reason ?? ""
        #expect(reason.contains("(which could be P5 or P6)"), "\(reason)")
    }

    @Test("words the reader is unsure of are not taken as read")
    func unsure() {
        #expect(Self.decide([Self.region("Amelia Hart", confidence: 12)]).isEmpty)
    }

    @Test("a setting sends names to review instead of blurring them")
    func review() throws {
        let rules = TextRules(reading: true, nameAction: .review, firstNames: .taggedOrUnique, unreadableCards: false)
        let verdict = try #require(Self.decide([Self.region("Amelia Hart")], rules: rules).first)
        #expect(verdict.action == .review)
        let decision = PhotoDecision(verdict: .clear, faces: [], reasons: []).adding(texts: [verdict])
        #expect(decision.verdict == .review && decision.hiddenBoxes.isEmpty)
    }

    @Test("text that cannot be read but looks like a name card goes to review only when the setting asks")
    func unreadableCard() {
        let card = TextRegion(box: Box(x: 10, y: 20, width: 300, height: 80), letters: 9, evenness: 0.9,
                              words: [ReadWord(box: Box(x: 30, y: 40, width: 200, height: 40), text: "Brn~q", confidence: 8)])
        #expect(Self.decide([card]).isEmpty)
        let rules = TextRules(reading: true, nameAction: .blur, firstNames: .taggedOrUnique, unreadableCards: true)
        let verdicts = Self.decide([card], rules: rules)
        #expect(verdicts.map(\.action) == [.review])
        #expect(verdicts.first?.reason == "text that cannot be read, perhaps a name card, is on the photo (10,20,300,80)")
        // Read with confidence, it is text like any other: no review.
        var read = card
        read.words[0].confidence = 90
        #expect(Self.decide([read], rules: rules).isEmpty)
    }

    @Test("a blurred name makes a clear photo redacted, and the render hides it with the faces")
    func blurredName() throws {
        let face = FaceVerdict(box: Box(x: 0, y: 0, width: 50, height: 50), person: nil, action: .blur, reason: "untagged face")
        let texts = Self.decide([Self.region("Amelia Hart")])
        let decision = PhotoDecision(verdict: .clear, faces: [], reasons: []).adding(texts: texts)
        #expect(decision.verdict == .redacted && decision.hiddenBoxes == [texts[0].box])
        let both = PhotoDecision(verdict: .redacted, faces: [face], reasons: ["1 of 1 faces blurred"]).adding(texts: texts)
        #expect(both.hiddenBoxes == [face.box, texts[0].box])
        #expect(both.reasons == ["1 of 1 faces blurred", texts[0].reason])
    }

    @Test("a name kept because its owner could be named is a loss once they may no longer be named")
    func consentLoss() throws {
        let kept = try #require(Self.decide([Self.region("Rory Williams")]).first)
        let decision = PhotoDecision(verdict: .clear, faces: [], reasons: []).adding(texts: [kept])
        var withdrawn = Self.people
        withdrawn[1].names = false
        let losses = ConsentLoss.losses(in: decision, purpose: "website", directory: PersonDirectory(withdrawn, names: .standard), today: Self.today)
        #expect(losses.map(\.personID) == ["P2"])
        #expect(ConsentLoss.losses(in: decision, purpose: "website", directory: PersonDirectory(Self.people, names: .standard), today: Self.today).isEmpty)
    }

    @Test("a name blurred in another place than the approved render is a difference")
    func comparison() throws {
        let texts = Self.decide([Self.region("Amelia Hart")])
        let approved = PhotoDecision(verdict: .redacted, faces: [], reasons: []).adding(texts: texts)
        let moved = PhotoDecision(verdict: .redacted, faces: [], reasons: []).adding(texts: Self.decide([Self.region("Amelia Hart", x: 900)]))
        #expect(DecisionComparison.differences(was: approved, now: approved).isEmpty)
        let differences = DecisionComparison.differences(was: approved, now: moved)
        #expect(differences.contains { $0.hasPrefix("the text at 900,1180,210,60 would now be blurred") }, "\(differences)")
        #expect(differences.contains("the render approved blurs the text at 400,1180,210,60, where nothing would now be blurred"))
    }

    @Test("the text settings are typed and refused in plain words")
    func settings() throws {
        var settings = Settings(school: "Rose Lane")
        #expect(settings.text == .standard && settings.text(for: .textReading) == "on")
        try settings.set(.textNames, to: "review")
        try settings.set(.textFirstNames, to: "tagged")
        try settings.set(.textNameCards, to: "review")
        try settings.set(.textReading, to: "off")
        #expect(settings.text == TextRules(reading: false, nameAction: .review, firstNames: .tagged, unreadableCards: true))
        #expect(throws: PhotogateError.self) { try settings.set(.textNames, to: "hide") }
        #expect(throws: PhotogateError.self) { try settings.set(.textFirstNames, to: "some") }
    }
}
