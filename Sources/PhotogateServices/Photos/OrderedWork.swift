/// Runs independent jobs a few at a time and returns their results in input order, reporting
/// each as it finishes. Memory stays flat whatever the batch size: at most `width` jobs are
/// in flight.
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
                group.addTask { (index, job(input)) }
                next += 1
            }
            for _ in 0..<max(1, width) { startNext() }
            while let (index, output) = await group.next() {
                results[index] = output
                finished(index, output)
                startNext()
            }
        }
        return results.map { $0! }
    }
}
