import Dispatch

/// Runs independent jobs a few at a time and returns their results in input order. Each
/// result is also reported as soon as it and every result before it are done, so what a user
/// sees is live and always in the same order. At most `width` jobs are in flight.
enum OrderedWork {
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input],
        width: Int,
        _ job: @escaping @Sendable (Input) -> Output,
        finished: (Int, Output) -> Void = { _, _ in }
    ) async -> [Output] {
        var results = [Output?](repeating: nil, count: inputs.count)
        await withTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            func startNext() {
                guard next < inputs.count else { return }
                let index = next, input = inputs[index]
                group.addTask { (index, await offThePool(job, input)) }
                next += 1
            }
            for _ in 0..<max(1, width) { startNext() }
            var reported = 0
            while let (index, output) = await group.next() {
                results[index] = output
                while reported < results.count, let ready = results[reported] {
                    finished(reported, ready)
                    reported += 1
                }
                startNext()
            }
        }
        return results.map { $0! }
    }

    /// Jobs block on decoding and disk I/O, so they run on Dispatch's threads, never on the
    /// cooperative pool that a server front end needs for its requests.
    private static func offThePool<Input: Sendable, Output: Sendable>(
        _ job: @escaping @Sendable (Input) -> Output, _ input: Input
    ) async -> Output {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: job(input)) }
        }
    }
}
