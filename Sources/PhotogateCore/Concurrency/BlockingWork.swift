import Dispatch

/// Work that blocks its thread (decoding with libvips, OpenCV, Argon2, reading a file) runs
/// on Dispatch's threads, never on the cooperative pool that async code shares: a server
/// handling many requests keeps answering while a photo is decoded.
public enum BlockingWork {
    public static func run<Output: Sendable>(_ job: @escaping @Sendable () throws -> Output) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result(catching: job)) }
        }
    }

    public static func run<Output: Sendable>(_ job: @escaping @Sendable () -> Output) async -> Output {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: job()) }
        }
    }
}
