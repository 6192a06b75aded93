import Foundation

/// A camera or phone photos may come from.
public struct Device: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Owned by the trust: usable once added.
        case trust
        /// A member of staff's own phone: usable only after the CEO approves it.
        case personal
    }

    public enum Status: String, Sendable, Codable {
        case active
        case awaitingApproval = "awaiting-approval"
        case revoked
    }

    public var id: String
    public var kind: Kind
    public var make: String
    public var model: String
    public var serial: String?
    public var imei: String?
    /// The member of staff who holds a personal device.
    public var holder: String?
    public var status: Status

    public init(id: String, kind: Kind, make: String, model: String, serial: String? = nil, imei: String? = nil,
                holder: String? = nil, status: Status) {
        self.id = id
        self.kind = kind
        self.make = make
        self.model = model
        self.serial = serial
        self.imei = imei
        self.holder = holder
        self.status = status
    }

    /// The status a newly added device starts in.
    public static func initialStatus(for kind: Kind) -> Status {
        kind == .trust ? .active : .awaitingApproval
    }

    /// Why photos from this device cannot be ingested, or `nil` when they can.
    public var ingestProblem: String? {
        switch status {
        case .active: nil
        case .awaitingApproval: "device \(id) is a personal device that has not been approved by an approver yet"
        case .revoked: "device \(id) has been revoked"
        }
    }

    /// Checks the fields of a new device. Returns every problem found.
    public static func problems(id: String, kind: Kind, make: String, model: String, imei: String?, holder: String?) -> [PhotogateError] {
        var problems: [PhotogateError] = []
        if let problem = Identifier.problem(id, naming: "a device id") { problems.append(.invalid(problem, code: "device.id")) }
        if make.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.invalid("the make is missing", code: "device.make-missing")) }
        if model.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.invalid("the model is missing", code: "device.model-missing")) }
        if let imei, !IMEI.isValid(imei) {
            problems.append(.invalid("IMEI \(imei) is not valid (15 digits with a correct check digit)", code: "device.imei"))
        }
        if kind == .personal, holder == nil {
            problems.append(.invalid("a personal device needs its holder, the member of staff whose phone it is", code: "device.holder-missing"))
        }
        return problems
    }

    /// Every problem of a new device as one refusal (with the problem's own code when there is one).
    public static func refusal(_ problems: [PhotogateError]) -> PhotogateError? {
        guard let first = problems.first else { return nil }
        return .invalid(problems.map(\.message).joined(separator: "; "), code: problems.count == 1 ? first.code : "device.invalid")
    }
}

/// International Mobile Equipment Identity: 15 digits, the last a Luhn check digit.
public enum IMEI {
    public static func isValid(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard text.count == 15, digits.count == 15, text.allSatisfy(\.isASCII) else { return false }
        let sum = digits.reversed().enumerated().reduce(0) { total, pair in
            let (position, digit) = pair
            guard position % 2 == 1 else { return total + digit }
            let doubled = digit * 2
            return total + (doubled > 9 ? doubled - 9 : doubled)
        }
        return sum % 10 == 0
    }
}

/// Whether the camera details inside a photo agree with the device it is said to come from.
///
/// Makes and models are compared whole, never one inside the other (a Nikon D4 is not a D40,
/// an "iPhone 12 Pro Max" is not an "iPhone 12", a make "A" is not "Apple"): as words in
/// lower case, with what separates them left out ("EOS 40D", "EOS-40D" and "EOS40D" agree).
/// What companies add to their names is not part of a make ("NIKON CORPORATION" is "Nikon",
/// "OLYMPUS IMAGING CORP." is "Olympus"), and a model may repeat its make in front ("Canon EOS
/// 40D" is the Canon "EOS 40D", "NIKON D70" the Nikon "D70").
public enum CameraMatch {
    /// Why the photo cannot come from the device, or `nil` when it can. A photo without make
    /// and model cannot be shown to come from any device, so it does not match.
    public static func problem(photoMake: String?, photoModel: String?, photoSerial: String?, device: Device) -> String? {
        guard let photoMake, let photoModel else {
            return "has no camera make and model, so it cannot be shown to come from device \(device.id) (\(device.make) \(device.model))"
        }
        guard sameMake(photoMake, device.make), sameModel(photoModel, of: photoMake, device.model, of: device.make) else {
            return "its camera details say \(photoMake) \(photoModel), but device \(device.id) is registered as \(device.make) \(device.model)"
        }
        if let serial = device.serial, let photoSerial, normalised(serial) != normalised(photoSerial) {
            return "its camera serial number is \(photoSerial), but device \(device.id) is registered with \(serial)"
        }
        return nil
    }

    /// "NIKON CORPORATION" and "Nikon"; "EASTMAN KODAK COMPANY" and "Kodak".
    public static func sameMake(_ a: String, _ b: String) -> Bool {
        let x = makeWords(a), y = makeWords(b)
        return !x.isEmpty && x.joined() == y.joined()
    }

    /// "Canon EOS 40D" (by Canon) and "EOS 40D" (by Canon); never "D4" and "D40".
    public static func sameModel(_ a: String, of makeA: String, _ b: String, of makeB: String) -> Bool {
        let makes = [words(makeA), makeWords(makeA), words(makeB), makeWords(makeB)].filter { !$0.isEmpty }
        let x = withoutMake(words(a), makes), y = withoutMake(words(b), makes)
        return !x.isEmpty && x.joined() == y.joined()
    }

    /// Words companies add to their names, which say nothing about the camera.
    static let companyWords: Set<String> = [
        "corporation", "corp", "co", "company", "ltd", "limited", "inc", "incorporated", "llc", "gmbh", "ag", "sa", "spa", "plc",
        "kk", "ab", "oy", "bv", "nv", "imaging", "optical", "computer", "electric", "electronics", "global", "techwin", "camera",
        "cameras", "digital", "mobile", "mobility", "communications", "technology", "technologies", "international", "photo", "systems",
    ]

    /// Makers whose full company name is not the name on their cameras.
    static let makerNames: [String: [String]] = ["eastman kodak": ["kodak"], "fuji film": ["fujifilm"]]

    static func makeWords(_ make: String) -> [String] {
        let kept = words(make).filter { !companyWords.contains($0) }
        return makerNames[kept.joined(separator: " ")] ?? kept
    }

    /// The model's words without a make said in front of them.
    private static func withoutMake(_ model: [String], _ makes: [[String]]) -> [String] {
        for make in makes where model.count > make.count && Array(model.prefix(make.count)) == make {
            return Array(model.dropFirst(make.count))
        }
        return model
    }

    /// The words of a make or model: letters and digits in lower case, compatibility forms
    /// unfolded (a full-width "ＥＯＳ" is "eos").
    static func words(_ text: String) -> [String] {
        text.decomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping.lowercased()
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    static func normalised(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }
}
