import PhotogateCore
import Testing

/// Makes and models as real cameras write them (read with exiftool from the files in
/// /work/shared/corpus), against devices as an office would register them.
@Suite("A photo's camera against a registered device")
struct CameraMatchTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var photo: (make: String, model: String)
        var device: (make: String, model: String)
        var agrees: Bool
        var testDescription: String { "\(photo.make) \(photo.model) as \(device.make) \(device.model)" }
    }

    static let cases: [Case] = [
        // The same camera, however its maker writes it.
        Case(photo: ("NIKON CORPORATION", "NIKON D70"), device: ("Nikon", "D70"), agrees: true),
        Case(photo: ("NIKON CORPORATION", "NIKON D300"), device: ("Nikon", "NIKON D300"), agrees: true),
        Case(photo: ("NIKON", "COOLPIX P6000"), device: ("Nikon", "Coolpix P6000"), agrees: true),
        Case(photo: ("Canon", "Canon EOS 40D"), device: ("Canon", "EOS 40D"), agrees: true),
        Case(photo: ("Canon", "Canon EOS 40D"), device: ("Canon Inc.", "EOS-40D"), agrees: true),
        Case(photo: ("Canon", "Canon PowerShot SX60 HS"), device: ("Canon", "PowerShot SX60 HS"), agrees: true),
        Case(photo: ("OLYMPUS IMAGING CORP.", "E-P3"), device: ("Olympus", "E-P3"), agrees: true),
        Case(photo: ("OLYMPUS OPTICAL CO.,LTD", "C960Z,D460Z"), device: ("Olympus", "C960Z D460Z"), agrees: true),
        Case(photo: ("PENTAX Corporation", "PENTAX K10D"), device: ("Pentax", "K10D"), agrees: true),
        Case(photo: ("CASIO COMPUTER CO.,LTD.", "EX-Z750"), device: ("Casio", "EX-Z750"), agrees: true),
        Case(photo: ("EASTMAN KODAK COMPANY", "KODAK CX7530 ZOOM DIGITAL CAMERA"), device: ("Kodak", "CX7530 Zoom Digital Camera"), agrees: true),
        Case(photo: ("SANYO Electric Co.,Ltd.", "SX113"), device: ("Sanyo", "SX113"), agrees: true),
        Case(photo: ("HMD Global", "Nokia 8.3 5G"), device: ("HMD", "Nokia 8.3 5G"), agrees: true),
        Case(photo: ("Apple", "iPhone 13 Pro Max"), device: ("Apple", "iPhone 13 Pro Max"), agrees: true),
        Case(photo: ("samsung", "SM-G930F"), device: ("Samsung", "SM-G930F"), agrees: true),
        Case(photo: ("FUJIFILM", "FinePix E500"), device: ("Fujifilm", "FinePix E500"), agrees: true),
        // Another camera: a name inside another is not the same name.
        Case(photo: ("NIKON CORPORATION", "NIKON D4"), device: ("Nikon", "D40"), agrees: false),
        Case(photo: ("NIKON CORPORATION", "NIKON D40"), device: ("Nikon", "D4"), agrees: false),
        Case(photo: ("NIKON CORPORATION", "NIKON D70s"), device: ("Nikon", "D70"), agrees: false),
        Case(photo: ("Apple", "iPhone 12 Pro Max"), device: ("Apple", "iPhone 12"), agrees: false),
        Case(photo: ("Apple", "iPhone 11 Pro Max"), device: ("Apple", "iPhone 11 Pro"), agrees: false),
        Case(photo: ("Apple", "iPhone 6"), device: ("Apple", "iPhone 6s"), agrees: false),
        Case(photo: ("A", "1"), device: ("Apple", "iPhone 12"), agrees: false),
        Case(photo: ("Apple", "iPhone"), device: ("Apple", "iPhone 12"), agrees: false),
        Case(photo: ("Canon", "EOS"), device: ("Canon", "EOS 40D"), agrees: false),
        Case(photo: ("Canon", "Canon DIGITAL IXUS 40"), device: ("Canon", "Digital IXUS 400"), agrees: false),
        Case(photo: ("Canon", "Canon DIGITAL IXUS"), device: ("Canon", "Digital IXUS 40"), agrees: false),
        Case(photo: ("SONY", "CYBERSHOT"), device: ("Sony Ericsson", "Cybershot"), agrees: false),
        Case(photo: ("Samsung Techwin", "<Digimax i50 MP3, Samsung #1 MP3>"), device: ("Samsung", "Digimax i50"), agrees: false),
        Case(photo: ("OLYMPUS CORPORATION", "C8080WZ"), device: ("Olympus", "C8080"), agrees: false),
        Case(photo: ("Polyphony Digital Inc.", "Gran Turismo 5"), device: ("Sony", "Gran Turismo 5"), agrees: false),
    ]

    @Test("makes and models agree whole, never one inside the other", arguments: cases)
    func agreement(_ test: Case) {
        let device = Device(id: "cam", kind: .trust, make: test.device.make, model: test.device.model, status: .active)
        let problem = CameraMatch.problem(photoMake: test.photo.make, photoModel: test.photo.model, photoSerial: nil, device: device)
        #expect((problem == nil) == test.agrees, "\(problem ?? "agrees")")
    }

    @Test("an empty make or model agrees with nothing, not even another empty one")
    func empty() {
        #expect(!CameraMatch.sameMake("", ""))
        #expect(!CameraMatch.sameMake("Corporation", "Co., Ltd."))
        #expect(!CameraMatch.sameModel("", of: "Canon", "", of: "Canon"))
        #expect(!CameraMatch.sameModel("Canon", of: "Canon", "", of: "Canon"))
    }
}
