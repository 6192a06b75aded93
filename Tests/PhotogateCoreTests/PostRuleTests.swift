import PhotogateCore
import PhotogateUnicode
import Testing

@Suite("Post states")
struct PostStateTests {
    @Test("the allowed path: draft or returned → queued → approved → published → taken down")
    func path() throws {
        #expect(try PostState.draft.after(.submit) == .queued)
        #expect(try PostState.returned.after(.submit) == .queued)
        #expect(try PostState.queued.after(.approve(final: false)) == .queued)
        #expect(try PostState.queued.after(.approve(final: true)) == .approved)
        #expect(try PostState.queued.after(.reject) == .rejected)
        #expect(try PostState.queued.after(.giveBack) == .returned)
        #expect(try PostState.approved.after(.giveBack) == .returned)
        #expect(try PostState.approved.after(.publish) == .published)
        #expect(try PostState.published.after(.takeDown) == .takenDown)
    }

    @Test("nothing else: no publishing without approval, nothing after rejection or takedown", arguments: [
        (PostState.draft, PostState.Event.publish), (.queued, .publish), (.returned, .publish), (.rejected, .submit),
        (.published, .approve(final: true)), (.takenDown, .submit), (.draft, .approve(final: true)), (.published, .giveBack),
        (.approved, .approve(final: true)), (.rejected, .publish),
    ])
    func refused(state: PostState, event: PostState.Event) {
        #expect(throws: PostState.InvalidTransition.self) { try state.after(event) }
    }

    @Test("a post made again while the first is undecided is the first; once decided, a new one is new")
    func onItsWay() {
        #expect(PostState.allCases.filter(\.isOnItsWay) == [.draft, .queued, .returned])
    }
}

@Suite("Approval chain")
struct ApprovalChainTests {
    let chain = ApprovalChain(steps: [.staff, .approver])

    @Test("steps in order, each by its role")
    func order() {
        #expect(chain.nextStep(after: []) == .staff)
        #expect(chain.nextStep(after: [.init(user: "lm", role: .staff)]) == .approver)
        #expect(chain.nextStep(after: [.init(user: "lm", role: .staff), .init(user: "head", role: .approver)]) == nil)
        #expect(chain.problem(user: "head", roles: [.approver], preparer: "amy", approvals: []) != nil, "the first step needs staff")
        #expect(chain.problem(user: "lm", roles: [.staff], preparer: "amy", approvals: []) == nil)
    }

    @Test("a step recorded for another role does not count after the chain changed")
    func changedChain() {
        let old = [ApprovalChain.Approval(user: "head", role: .approver)]
        #expect(chain.completed(old).isEmpty)
        #expect(chain.nextStep(after: old) == .staff)
    }

    @Test("nobody approves their own post, nor two steps of one post")
    func people() {
        #expect(chain.problem(user: "Amy", roles: [.staff, .approver], preparer: "amy", approvals: []) == "nobody approves a post they prepared")
        let taken = [ApprovalChain.Approval(user: "boss", role: .staff)]
        #expect(chain.problem(user: "boss", roles: [.staff, .approver], preparer: "amy", approvals: taken)?.contains("already approved") == true)
    }

    @Test("a written chain keeps its order and repeats; unknown roles and the auditor are refused")
    func parse() throws {
        #expect(try ApprovalChain.parse(" Approver, staff ,approver").get() == ApprovalChain(steps: [.approver, .staff, .approver]))
        #expect(throws: ApprovalChain.Refused.self) { try ApprovalChain.parse("staff,ceo").get() }
        #expect(throws: ApprovalChain.Refused.self) { try ApprovalChain.parse(" , ").get() }
        guard case let .failure(auditor) = ApprovalChain.parse("approver,auditor") else {
            Issue.record("a chain with the auditor was accepted")
            return
        }
        #expect(auditor.description == "the auditor changes nothing, so cannot approve posts")
    }
}

@Suite("Checklist and caption")
struct PostContentTests {
    let today = CalendarDate(iso: "2026-11-21")!
    let people = [
        ConsentRecord(personID: "P001", firstName: "Amelia", lastName: "Pond", kind: .pupil, names: true),
        ConsentRecord(personID: "P002", firstName: "Rory", lastName: "Williams", kind: .pupil, names: false),
        ConsentRecord(personID: "P003", firstName: "Zoë", lastName: "Brown", preferredName: "Zo", kind: .pupil, names: false),
    ]

    @Test("every checklist item must be ticked, and nothing else")
    func checklist() {
        #expect(PostChecklist.problems(["data-protection", "checked-twice", "consent", "appropriate"]).isEmpty)
        #expect(PostChecklist.problems(["data-protection", "consent"]).count == 2)
        #expect(PostChecklist.problems(PostChecklist.items + ["yolo"]).count == 1)
    }

    @Test("names with consent may appear; a full name or surname without consent may not", arguments: [
        ("Well done Amelia Pond!", 0), ("Rory Williams won the race", 1), ("The Williams family came", 1),
        ("Zoe Brown came first", 1), ("A brown dog joined us", 1), ("Sports day at Rose Lane", 0),
        ("Rory Williams's medal", 1), ("the Williams' stall", 1),
    ])
    func names(caption: String, problems: Int) {
        #expect(CaptionCheck.problems(caption: caption, people: people, taggedInPost: [], today: today, names: .standard).count == problems)
    }

    @Test("a first name alone is refused only for someone tagged in the post")
    func firstNames() {
        #expect(CaptionCheck.problems(caption: "Go Rory!", people: people, taggedInPost: [], today: today, names: .standard).isEmpty)
        #expect(CaptionCheck.problems(caption: "Go Rory!", people: people, taggedInPost: ["P002"], today: today, names: .standard).count == 1)
        #expect(CaptionCheck.problems(caption: "Zo and Amelia", people: people, taggedInPost: ["P003", "P001"], today: today, names: .standard).count == 1)
        #expect(CaptionCheck.problems(caption: "Rory's race", people: people, taggedInPost: ["P002"], today: today, names: .standard).count == 1)
    }

    @Test("a decision that no longer holds says how")
    func comparison() {
        let face = Box(x: 0, y: 0, width: 10, height: 10)
        let before = PhotoDecision(verdict: .clear, faces: [FaceVerdict(box: face, person: "P001", action: .keep, reason: "ok")], reasons: [])
        let after = PhotoDecision(verdict: .rejected, faces: [FaceVerdict(box: face, person: "P001", action: .blur, reason: "no social media consent for P001")],
                                  reasons: ["…"])
        let differences = DecisionComparison.differences(was: before, now: after)
        #expect(differences.contains("its verdict would now be rejected, not clear"))
        #expect(differences.contains("P001 would now be blurred: no social media consent for P001"))
        #expect(DecisionComparison.differences(was: before, now: before).isEmpty)
    }

    /// Rory (P002, no consent for the channel) tagged where no face was found, then the tag
    /// moved to another place: the verdict and the people are the same, what is blurred is not.
    @Test("a blur box that moved is a difference, though the verdict and the people are the same")
    func movedBlurBox() {
        func decision(_ box: Box) -> PhotoDecision {
            PhotoDecision(verdict: .redacted, faces: [
                FaceVerdict(box: Box(x: 60, y: 265, width: 110, height: 125), person: "P001", action: .keep, reason: "consent"),
                FaceVerdict(box: box, person: "P002", action: .blur, reason: "no social media consent for P002", fromTagOnly: true),
            ], reasons: [], taggedPeople: ["P001", "P002"])
        }
        let queued = decision(Box(x: 600, y: 700, width: 80, height: 80))
        let moved = decision(Box(x: 1000, y: 700, width: 80, height: 80))
        let differences = DecisionComparison.differences(was: queued, now: moved)
        #expect(differences.contains("the face at 1000,700,80,80 would now be blurred (no social media consent for P002), but the render approved does not blur it there"))
        #expect(differences.contains("the render approved blurs 600,700,80,80, where nothing would now be blurred"))
        #expect(differences.count == 2)
        // A box a fraction of a pixel off, as numbers read back can be, is the same place.
        #expect(DecisionComparison.differences(was: queued, now: decision(Box(x: 600.2, y: 699.9, width: 80, height: 80.1))).isEmpty)
        // Grown by one pixel on one side: another place.
        #expect(DecisionComparison.differences(was: queued, now: decision(Box(x: 600, y: 700, width: 81, height: 80))).count == 2)
    }

    @Test("one more face blurred, or one fewer, is a difference")
    func blurCount() {
        let kept = FaceVerdict(box: Box(x: 0, y: 0, width: 10, height: 10), person: "P001", action: .keep, reason: "consent")
        let blurred = FaceVerdict(box: Box(x: 50, y: 0, width: 10, height: 10), person: nil, action: .blur, reason: "untagged face")
        let one = PhotoDecision(verdict: .redacted, faces: [kept, blurred], reasons: [])
        var two = one
        two.faces.append(FaceVerdict(box: Box(x: 90, y: 0, width: 10, height: 10), person: nil, action: .blur, reason: "untagged face"))
        #expect(DecisionComparison.differences(was: one, now: two) == ["the face at 90,0,10,10 would now be blurred (untagged face), but the render approved does not blur it there"])
        #expect(DecisionComparison.differences(was: two, now: one) == ["the render approved blurs 90,0,10,10, where nothing would now be blurred"])
    }
}

@Suite("Consent lost after a decision")
struct ConsentLossTests {
    let today = CalendarDate(iso: "2026-11-21")!
    let face = Box(x: 0, y: 0, width: 10, height: 10)

    func decision(kept: [String], blurred: [String] = [], tagged: Set<String> = []) -> PhotoDecision {
        let faces = kept.map { FaceVerdict(box: face, person: $0, action: .keep, reason: "consent") }
            + blurred.map { FaceVerdict(box: face, person: $0, action: .blur, reason: "no consent") }
        return PhotoDecision(verdict: .redacted, faces: faces, reasons: [], taggedPeople: tagged)
    }

    @Test("a visible person who lost consent is a loss, with how they lost it; one who kept it is not")
    func visible() {
        let directory = PersonDirectory([
            ConsentRecord(personID: "P1", firstName: "A", lastName: "A", kind: .pupil, purposes: ["social_media"]),
            ConsentRecord(personID: "P2", firstName: "B", lastName: "B", kind: .pupil, purposes: ["website"]),
            ConsentRecord(personID: "P3", firstName: "C", lastName: "C", kind: .pupil, purposes: ["social_media"], expires: CalendarDate(iso: "2026-11-01")),
            ConsentRecord(personID: "P4", firstName: "D", lastName: "D", kind: .pupil, purposes: ["social_media"], excluded: true),
        ], names: .standard)
        let losses = ConsentLoss.losses(in: decision(kept: ["P1", "P2", "P3", "P4", "P9"]), purpose: "social_media", directory: directory, today: today)
        #expect(losses.map(\.personID) == ["P2", "P3", "P4", "P9"])
        #expect(losses[0].reason == "P2 no longer has social media consent")
        #expect(losses[1].reason == "P3's social media consent expired on 2026-11-01")
        #expect(losses[2].reason == "P4 must no longer appear anywhere")
        #expect(losses[3].reason == "P9 no longer has social media consent", "someone gone from the list has no consent")
    }

    @Test("someone blurred or tagged without a box is a loss only once excluded")
    func hidden() {
        let directory = PersonDirectory([
            ConsentRecord(personID: "P5", firstName: "E", lastName: "E", kind: .pupil),
            ConsentRecord(personID: "P6", firstName: "F", lastName: "F", kind: .pupil, excluded: true),
        ], names: .standard)
        let hidden = decision(kept: [], blurred: ["P5"], tagged: ["P5", "P6"])
        #expect(ConsentLoss.losses(in: hidden, purpose: "social_media", directory: directory, today: today).map(\.personID) == ["P6"])
        #expect(hidden.identifiedPeople == ["P5", "P6"])
    }
}
