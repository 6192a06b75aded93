import Foundation
import PhotogateFuzzing
import Testing

/// The inputs kept in Fuzz/ (each target's hand-made seeds, and every input a fuzzer once
/// broke a target with, kept in Fuzz/regressions/TARGET once fixed) replayed through the
/// same targets on every test run: a crash ends the test run, a broken promise fails it.
@Suite("Fuzz inputs replayed")
struct FuzzReplayTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz").path

    /// A target's kept inputs; `inspect` reads whole photos, so every format's too.
    static func inputs(_ target: FuzzTarget) -> [String] {
        let targets: [FuzzTarget] = target == .inspect ? [.jpeg, .png, .webp, .heif, .tiff, .inspect] : [target]
        return targets.flatMap { target in
            ["seeds", "regressions"].flatMap { FuzzInput.files(at: "\(fuzzFolder)/\($0)/\(target.rawValue)") }
        }
    }

    @Test("every kept input goes through its target with every promise held", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) {
        let inputs = Self.inputs(target)
        #expect(!inputs.isEmpty, "no kept input for \(target.rawValue)")
        for input in inputs {
            #expect(target.run(FuzzInput.bytes(of: input)) == [], "\(input)")
        }
    }
}
