import Foundation
import PhotogateFuzzing

#if PHOTOGATE_FUZZING
// Built by Scripts/fuzz with `--sanitize fuzzer --sanitize address`: libFuzzer supplies
// `main` and calls these. The target is named by PHOTOGATE_FUZZ_TARGET.

private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["PHOTOGATE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("photogate-fuzz: set PHOTOGATE_FUZZ_TARGET to one of \(FuzzTarget.names)\n".utf8))
        exit(64)
    }
    return target
}()

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutableRawPointer) -> Int32 {
    _ = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let broken = target.run(Array(UnsafeBufferPointer(start: data, count: size)))
    if !broken.isEmpty {
        fatalError("the \(target.rawValue) target broke a promise: \(broken.joined(separator: "; "))")
    }
    return 0
}
#else
/// Built normally: replays inputs (saved crashes, a corpus) through a target, without
/// libFuzzer, to reproduce a finding in a plain build or a debugger.
@main
enum Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("usage: photogate-fuzz TARGET FILE-OR-FOLDER...   (targets: \(FuzzTarget.names))")
            exit(64)
        }
        var count = 0
        var failed = false
        for path in arguments.dropFirst() {
            for file in FuzzInput.files(at: path) {
                count += 1
                let broken = target.run(FuzzInput.bytes(of: file))
                for promise in broken { print("\(file): \(promise)") }
                failed = failed || !broken.isEmpty
            }
        }
        print("\(count) inputs replayed through \(target.rawValue)\(failed ? ", promises broken" : ", no promise broken")")
        exit(failed ? 1 : 0)
    }
}
#endif
