import Foundation

/// Guessing passwords stops at five wrong ones: five failed sign-ins for one name within 15
/// minutes lock that name for 15 minutes, whether or not anyone has it (so a lock says nothing
/// about which names exist). Failures before a lock ended do not count towards the next one.
public struct SignInLockout: Sendable, Equatable {
    public var failures: Int
    public var window: TimeInterval
    public var duration: TimeInterval

    public static let standard = SignInLockout(failures: 5, window: 15 * 60, duration: 15 * 60)

    public init(failures: Int, window: TimeInterval, duration: TimeInterval) {
        self.failures = failures
        self.window = window
        self.duration = duration
    }

    /// Until when the name is locked, given the times of its failed sign-ins; nil when it is not.
    public func lockedUntil(failuresAt times: [Date], now: Date) -> Date? {
        var counted: [Date] = []
        var lockEnds: Date?
        for time in times.sorted() {
            if let end = lockEnds, time < end { continue }
            counted = counted.filter { time.timeIntervalSince($0) < window } + [time]
            if counted.count >= failures {
                lockEnds = time.addingTimeInterval(duration)
                counted = []
            }
        }
        guard let end = lockEnds, now < end else { return nil }
        return end
    }
}
