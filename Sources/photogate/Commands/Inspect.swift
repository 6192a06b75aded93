import ArgumentParser
import PhotogateCore
import PhotogateServices

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a photo reveals besides its pixels: location, camera, time, people, previews.",
        discussion: "Nothing is changed. Exit code 2 when a file cannot be read as a photo."
    )

    @Flag(help: "Print one JSON object per file.")
    var json = false

    @OptionGroup var limitOptions: LimitOptions

    @Argument(help: "Photos or folders to inspect.")
    var files: [String]

    func run() async throws {
        let outcomes = await InspectService(limits: limitOptions.limits).run(FileInputs(files, limits: limitOptions.limits).photoInputs)
        if json {
            JSONOutput.print(outcomes.map(InspectJSON.init))
        } else {
            for (index, outcome) in outcomes.enumerated() {
                if index > 0 { Terminal.line("") }
                PrivacyReportText.print(outcome)
            }
        }
        if outcomes.contains(where: { $0.rejection != nil }) { throw ExitStatus.usage }
    }
}

/// `photogate inspect --json`: one object per file, every field always present.
struct InspectJSON: Encodable {
    let outcome: InspectOutcome

    init(_ outcome: InspectOutcome) {
        self.outcome = outcome
    }

    enum Key: String, CodingKey {
        case file, format, width, height, orientation, gps, make, model, serial
        case capturedAt = "captured_at"
        case people, thumbnail, xmp, iptc, icc, comment, text, makernote, trailer, metadata, error
        case makernoteDecoded = "makernote_decoded"
        case unreadableTags = "unreadable_tags"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(outcome.input, forKey: .file)
        guard let report = outcome.report else {
            try c.encode(outcome.rejection?.message ?? "unreadable", forKey: .error)
            return
        }
        try c.encode(report.format.rawValue, forKey: .format)
        try c.encode(report.width, forKey: .width)
        try c.encode(report.height, forKey: .height)
        try c.encode(report.orientation.rawValue, forKey: .orientation)
        try c.encode(report.gps, forKey: .gps)
        try c.encode(report.make, forKey: .make)
        try c.encode(report.model, forKey: .model)
        try c.encode(report.serial, forKey: .serial)
        try c.encode(report.capturedAt, forKey: .capturedAt)
        try c.encode(report.people, forKey: .people)
        let found = Set(report.removable)
        try c.encode(found.contains(.thumbnail), forKey: .thumbnail)
        try c.encode(found.contains(.xmp), forKey: .xmp)
        try c.encode(found.contains(.iptc), forKey: .iptc)
        try c.encode(found.contains(.icc), forKey: .icc)
        try c.encode(found.contains(.comment), forKey: .comment)
        try c.encode(found.contains(.text), forKey: .text)
        try c.encode(found.contains(.makernote), forKey: .makernote)
        // null without maker notes; false when a serial number may hide in them unread.
        try c.encode(found.contains(.makernote) ? !report.makerNotesUndecoded : nil, forKey: .makernoteDecoded)
        try c.encode(report.unreadableTags, forKey: .unreadableTags)
        try c.encode(found.contains(.trailer), forKey: .trailer)
        try c.encode(report.removable.map(\.rawValue), forKey: .metadata)
    }
}

/// The report as office staff read it: what matters first, warnings marked.
enum PrivacyReportText {
    static func print(_ outcome: InspectOutcome) {
        guard let report = outcome.report else {
            Terminal.line("✗ \(outcome.input): \(outcome.rejection?.message ?? "cannot be read")")
            return
        }
        Terminal.line("\(outcome.input)")
        Terminal.line("  \(report.format.displayName), \(report.width) × \(report.height), \(report.orientation.plainDescription)")
        if let gps = report.gps {
            Terminal.line("  ⚠ GPS location: \(coordinate(gps.lat)), \(coordinate(gps.lon))")
        } else if report.found.contains(.gps) {
            Terminal.line("  ⚠ GPS data (no position)")
        }
        let camera = cameraName(make: report.make, model: report.model)
        if !camera.isEmpty { Terminal.line("  Camera: \(camera)") }
        if let serial = report.serial {
            Terminal.line("  ⚠ Camera serial number: \(serial)")
        } else if report.makerNotesUndecoded {
            Terminal.line("  ⚠ Camera serial number: maker notes present (not decoded)")
        }
        if let taken = report.capturedAt { Terminal.line("  Taken: \(taken)") }
        if !report.people.isEmpty { Terminal.line("  ⚠ People named: \(report.people.joined(separator: ", "))") }
        for problem in report.unreadableTags { Terminal.line("  ⚠ Who is in the photo is unknown: \(problem)") }
        if report.found.contains(.thumbnail) { Terminal.line("  ⚠ Embedded preview image (shows the photo before any blurring)") }
        if report.found.contains(.trailer) { Terminal.line("  ⚠ Hidden data after the image") }
        let others = report.removable.filter { ![.gps, .serial, .thumbnail, .trailer].contains($0) }
        if others.isEmpty, report.removable.isEmpty {
            Terminal.line("  No metadata found.")
        } else if !others.isEmpty {
            Terminal.line("  Also carries: \(others.map(\.plainDescription).joined(separator: ", "))")
        }
    }

    /// "Canon Canon EOS 40D" reads as "Canon EOS 40D".
    private static func cameraName(make: String?, model: String?) -> String {
        guard let model else { return make ?? "" }
        guard let make, !model.lowercased().hasPrefix(make.lowercased()) else { return model }
        return "\(make) \(model)"
    }

    private static func coordinate(_ value: Double) -> String {
        String(format: "%.5f", value)
    }
}
