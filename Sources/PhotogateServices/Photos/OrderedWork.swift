/// Runs independent jobs a few at a time and hands their results over in input order, each
/// as soon as it and every result before it are done, so what a user sees is live and
/// always in the same order. At most `width` jobs are in flight; a result is let go once
/// handed over, so a large batch never sits in memory. Jobs that block (decoding, disk) run
/// their blocking part through `BlockingWork`.
enum OrderedWork {
    static func run<Input: Sendable, Output: Sendable>(
        _ inputs: [Input],
        width: Int,
        _ job: @escaping @Sendable (Int, Input) async -> Output,
        finished: (Int, Output) async -> Void
    ) async {
        await withTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            func startNext() {
                guard next < inputs.count else { return }
                let index = next, input = inputs[index]
                group.addTask { (index, await job(index, input)) }
                next += 1
            }
            for _ in 0..<max(1, width) { startNext() }
            var waiting: [Int: Output] = [:]
            var reported = 0
            while let (index, output) = await group.next() {
                waiting[index] = output
                while let ready = waiting.removeValue(forKey: reported) {
                    await finished(reported, ready)
                    reported += 1
                }
                startNext()
            }
        }
    }

    /// Every result, in input order.
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input],
        width: Int,
        _ job: @escaping @Sendable (Int, Input) async -> Output,
        finished: (Int, Output) -> Void = { _, _ in }
    ) async -> [Output] {
        var results: [Output] = []
        results.reserveCapacity(inputs.count)
        await run(inputs, width: width, job) { index, output in
            results.append(output)
            finished(index, output)
        }
        return results
    }
}
