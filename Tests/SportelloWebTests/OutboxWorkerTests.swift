import Foundation
import Logging
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import SportelloWeb
import Synchronization
import Testing

/// A handler that fails as told, counting deliveries.
final class ScriptedHandler: OutboxHandler {
    let delivered = Mutex<[String]>([])
    let failuresLeft: Mutex<Int>
    let permanent: Bool

    init(failures: Int = 0, permanent: Bool = false) {
        failuresLeft = Mutex(failures)
        self.permanent = permanent
    }

    struct Unavailable: Error {}

    func deliver(_ job: OutboxJob) async throws {
        if permanent { throw PermanentDeliveryError("550 mailbox unknown") }
        let fail = failuresLeft.withLock { left in
            defer { left = max(0, left - 1) }
            return left > 0
        }
        if fail { throw Unavailable() }
        delivered.withLock { $0.append(job.key) }
    }
}

@Suite("Outbox worker")
struct OutboxWorkerTests {
    @Test(
        "delivers jobs, retries a transient failure after its back-off, gives up permanent failures and unknown kinds",
        arguments: TestEngine.available)
    func retriesAndDeadLetters(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let tenant = try await storeTestTenant(storage)
            let outbox = SQLOutbox(storage: storage)
            let clock = TestClock()
            try await outbox.enqueue(
                [
                    NewOutboxJob(tenantID: tenant.id, kind: "ok", key: "ok-1", payload: "{}"),
                    NewOutboxJob(tenantID: tenant.id, kind: "flaky", key: "flaky-1", payload: "{}"),
                    NewOutboxJob(tenantID: tenant.id, kind: "refused", key: "refused-1", payload: "{}"),
                    NewOutboxJob(tenantID: tenant.id, kind: "unknown", key: "unknown-1", payload: "{}"),
                ], at: clock.now)
            let ok = ScriptedHandler()
            let flaky = ScriptedHandler(failures: 1)
            let worker = OutboxWorker(
                outbox: outbox, handlers: ["ok": ok, "flaky": flaky, "refused": ScriptedHandler(permanent: true)],
                retry: RetryPolicy(base: 30, maximumDelay: 3600, maximumAttempts: 5), clock: clock,
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
            #expect(try await worker.runOnce() == 4)
            #expect(ok.delivered.withLock { $0 } == ["ok-1"])
            #expect(try await outbox.counts(tenantID: nil) == [.delivered: 1, .pending: 1, .dead: 2])
            #expect(
                try await outbox.jobs(in: .dead, tenantID: tenant.id, limit: 10).map(\.key).sorted() == [
                    "refused-1", "unknown-1",
                ])
            #expect(try await worker.runOnce() == 0, "the flaky job waits for its back-off (24–36 s)")
            clock.advance(by: 37)
            #expect(try await worker.runOnce() == 1)
            #expect(flaky.delivered.withLock { $0 } == ["flaky-1"])
            #expect(try await outbox.counts(tenantID: nil) == [.delivered: 2, .dead: 2])
        }
    }

    @Test("back-off doubles from the base, is capped, carries ±20 % jitter and ends after the last attempt")
    func backOff() {
        let policy = RetryPolicy(base: 30, maximumDelay: 600, maximumAttempts: 6)
        #expect(policy.delay(afterAttempt: 1, jitter: 0.5) == 30)
        #expect(policy.delay(afterAttempt: 2, jitter: 0.5) == 60)
        #expect(abs((policy.delay(afterAttempt: 3, jitter: 0) ?? 0) - 96) < 1e-9)
        #expect(abs((policy.delay(afterAttempt: 3, jitter: 1) ?? 0) - 144) < 1e-9)
        #expect(policy.delay(afterAttempt: 5, jitter: 0.5) == 480)
        #expect(policy.delay(afterAttempt: 6, jitter: 0.5) == nil)
        #expect(RetryPolicy(base: 30, maximumDelay: 100, maximumAttempts: 20).delay(afterAttempt: 10, jitter: 0.5) == 100)
    }
}
