import Foundation
import PhotogateCore
import Testing

@Suite("SidecarAgreement: a file stands for its vault copy only with the sidecars it was ingested with")
struct SidecarAgreementTests {
    static let tagged = Array("<x:xmpmeta>Amy</x:xmpmeta>".utf8)
    static let ingested = [
        StoredSidecar(sha256: "aa", name: "IMG_1.JPG.xmp", xmp: Data(tagged), problem: nil, storedAt: Date()),
        StoredSidecar(sha256: "aa", name: "IMG_1.xmp", xmp: nil, problem: "is a folder", storedAt: Date()),
    ]

    func problem(_ beside: [SidecarAgreement.Found]) -> String? {
        SidecarAgreement.problem(file: "phone/IMG_1.JPG", beside: beside, ingested: Self.ingested)
    }

    @Test("the sidecars it was ingested with, or none at all, agree")
    func agreeing() {
        #expect(problem([]) == nil, "a sidecar no longer beside the file: the vault copy's record is used")
        #expect(problem([.init(name: "IMG_1.JPG.xmp", xmp: Self.tagged, problem: nil)]) == nil)
        #expect(problem([.init(name: "IMG_1.xmp", xmp: nil, problem: "is a folder")]) == nil)
        #expect(problem([.init(name: "IMG_1.JPG.XMP", xmp: Self.tagged, problem: nil)]) == nil, "the same bytes under another spelling")
    }

    @Test("a sidecar written or changed since ingest, or unreadable in another way, is named, with what to do")
    func disagreeing() throws {
        let changed = try #require(problem([.init(name: "IMG_1.JPG.xmp", xmp: Array("<x:xmpmeta>Danny</x:xmpmeta>".utf8), problem: nil)]))
        #expect(changed == "IMG_1.JPG.xmp beside phone/IMG_1.JPG is not a sidecar the photo was ingested with, so what it says about who is in "
                + "the photo would not be used; ingest the photo again together with its sidecar, then try again")
        #expect(problem([.init(name: "IMG_1.xmp", xmp: Self.tagged, problem: nil)]) == nil, "the same bytes as one ingested")
        #expect(problem([.init(name: "IMG_1.xmp", xmp: nil, problem: "is a link")]) != nil)
        #expect(problem([.init(name: "IMG_1.JPG.xmp", xmp: nil, problem: "is a folder")]) != nil)
        let fresh = SidecarAgreement.problem(file: "IMG_2.JPG", beside: [.init(name: "IMG_2.JPG.xmp", xmp: Self.tagged, problem: nil)], ingested: [])
        #expect(fresh?.hasPrefix("IMG_2.JPG.xmp beside IMG_2.JPG is not a sidecar") == true)
    }
}
