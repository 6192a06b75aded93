import ArgumentParser
import PhotogateCore

/// The decoding limits every command that reads photos accepts.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-megapixels"), help: "Refuse photos declaring more pixels than this, before decoding.")
    var maxMegapixels: Int = DecodeLimits.standard.maxMegapixels

    @Option(name: .customLong("max-file-mb"), help: "Refuse files larger than this many megabytes.")
    var maxFileMegabytes: Int = Int(DecodeLimits.standard.maxFileBytes / 1_000_000)

    func validate() throws {
        guard maxMegapixels > 0 else { throw ValidationError("--max-megapixels must be at least 1.") }
        guard maxFileMegabytes > 0 else { throw ValidationError("--max-file-mb must be at least 1.") }
    }

    var limits: DecodeLimits {
        DecodeLimits(maxMegapixels: maxMegapixels, maxFileBytes: Int64(maxFileMegabytes) * 1_000_000)
    }
}
