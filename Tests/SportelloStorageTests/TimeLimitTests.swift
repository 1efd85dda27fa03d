import Foundation
import Testing

@testable import SportelloStorage

@Suite("Time limit of database acts")
struct TimeLimitTests {
    @Test(
        "work that never answers (and ignores cancellation) ends with DatabaseTimeout at the limit; quick work keeps its result")
    func limit() async throws {
        let started = ContinuousClock.now
        await #expect(throws: DatabaseTimeout.self) {
            try await TimeLimit.run(.milliseconds(200)) {
                // A driver waiting on a connection that is gone: never resumed, deaf to cancellation.
                await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
            }
        }
        // Bounded even on a crowded machine (a busy CI run starves the timer for seconds).
        #expect(ContinuousClock.now - started < .seconds(120))
        #expect(try await TimeLimit.run(.seconds(5)) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await TimeLimit.run(.seconds(5)) { throw Refused() } }
    }
}
