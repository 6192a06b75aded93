import Foundation
import PhotogateCore
import Testing

@Suite("Sign-in lockout")
struct SignInLockoutTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let lockout = SignInLockout.standard

    func minutes(_ values: Double...) -> [Date] {
        values.map { start.addingTimeInterval($0 * 60) }
    }

    @Test("five failures within fifteen minutes lock the name for fifteen minutes from the fifth")
    func locks() {
        let failures = minutes(0, 1, 2, 3, 4)
        #expect(lockout.lockedUntil(failuresAt: failures, now: start.addingTimeInterval(5 * 60)) == start.addingTimeInterval(19 * 60))
        #expect(lockout.lockedUntil(failuresAt: failures, now: start.addingTimeInterval(19 * 60)) == nil, "the lock ends")
        #expect(lockout.lockedUntil(failuresAt: Array(failures.prefix(4)), now: start.addingTimeInterval(5 * 60)) == nil, "four is not enough")
    }

    @Test("failures spread over more than fifteen minutes never lock")
    func spread() {
        #expect(lockout.lockedUntil(failuresAt: minutes(0, 4, 8, 12, 16, 20, 24), now: start.addingTimeInterval(25 * 60)) == nil)
    }

    @Test("a failure during the lock does not extend it, and failures before it ended do not count again")
    func afterALock() {
        let failures = minutes(0, 1, 2, 3, 4, 10, 20, 21, 22)
        #expect(lockout.lockedUntil(failuresAt: failures, now: start.addingTimeInterval(23 * 60)) == nil)
        let again = failures + minutes(23, 24)
        #expect(lockout.lockedUntil(failuresAt: again, now: start.addingTimeInterval(25 * 60)) == start.addingTimeInterval(39 * 60))
    }
}
