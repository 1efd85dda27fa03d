import Foundation
public import Logging
public import ServiceLifecycle
public import SportelloCore
import SportelloStorage

/// Delivers one kind of outbox job (an email, a call to another system). Throwing
/// `PermanentDeliveryError` gives the job up at once; any other error is tried again later.
public protocol OutboxHandler: Sendable {
    func deliver(_ job: OutboxJob) async throws
}

/// Works through the outbox: claims due jobs, delivers them a few at a time, records each outcome, and
/// retries failures with back-off until they succeed or are given up (dead letters, shown to admins).
/// Runs inside `serve` and alone in `sportello worker`; several workers may share one PostgreSQL database.
public struct OutboxWorker: Service, CustomStringConvertible {
    public var description: String { "OutboxWorker" }

    let outbox: any OutboxStore
    let handlers: [String: any OutboxHandler]
    let retry: RetryPolicy
    let clock: any Clock
    let logger: Logger
    var batchSize = 64
    var concurrency = 8
    var pollInterval: Duration = .milliseconds(250)
    /// A claimed job left unfinished this long (its worker died) is claimed again.
    var lease: TimeInterval = 300
    /// The longest one outbox query may take before the round gives up.
    static let databaseLimit: Duration = .seconds(60)
    /// The longest one delivery may take before it counts as failed (and is tried again later).
    static let deliveryLimit: Duration = .seconds(120)

    public init(
        outbox: any OutboxStore, handlers: [String: any OutboxHandler], retry: RetryPolicy = RetryPolicy(), clock: any Clock,
        logger: Logger
    ) {
        self.outbox = outbox
        self.handlers = handlers
        self.retry = retry
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var claimed = 0
            do {
                claimed = try await runOnce()
            } catch {
                logger.error("outbox round failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            if claimed < batchSize {
                let slept: Bool? = try? await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: pollInterval)
                    return true
                }
                if slept == nil { return }
            }
        }
    }

    /// One round: claims due jobs, delivers them, records the outcomes; returns how many were claimed.
    @discardableResult
    public func runOnce() async throws -> Int {
        let now = clock.now
        // Each database call has a time limit: a call stranded on a connection PostgreSQL dropped would otherwise stop
        // the worker for good; the next round claims again (jobs not marked stay leased and come back later).
        let outbox = self.outbox
        let batchSize = self.batchSize
        let lease = self.lease
        let jobs = try await TimeLimit.run(Self.databaseLimit) {
            try await outbox.claim(limit: batchSize, now: now, leaseUntil: now.addingTimeInterval(lease))
        }
        guard !jobs.isEmpty else { return 0 }
        let outcomes = await withTaskGroup(of: (OutboxJob, (any Error)?).self) { group in
            var outcomes: [(OutboxJob, (any Error)?)] = []
            var next = jobs.makeIterator()
            func start(_ job: OutboxJob) {
                group.addTask {
                    guard let handler = handlers[job.kind] else {
                        return (job, PermanentDeliveryError("no handler for \(job.kind)"))
                    }
                    do {
                        // A delivery stuck on a dead database connection or a silent server gives its slot back.
                        try await TimeLimit.run(Self.deliveryLimit) { try await handler.deliver(job) }
                        return (job, nil)
                    } catch {
                        return (job, error)
                    }
                }
            }
            for _ in 0..<concurrency { if let job = next.next() { start(job) } }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                if let job = next.next() { start(job) }
            }
            return outcomes
        }
        let finished = clock.now
        let delivered = outcomes.filter { $0.1 == nil }.map(\.0.id)
        try await TimeLimit.run(Self.databaseLimit) { try await outbox.markDelivered(delivered, at: finished) }
        for case (let job, let error?) in outcomes {
            let attempt = job.attempts + 1
            let permanent = error is PermanentDeliveryError
            let delay = permanent ? nil : retry.delay(afterAttempt: attempt, jitter: Double.random(in: 0...1))
            let description = String(describing: error)
            try await TimeLimit.run(Self.databaseLimit) {
                try await outbox.markFailed(
                    job.id, error: description, retryAt: delay.map { finished.addingTimeInterval($0) }, at: finished)
            }
            logger.log(
                level: delay == nil ? .error : .warning,
                delay == nil ? "outbox job given up" : "outbox job will be tried again",
                metadata: [
                    "job": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(attempt)", "error": "\(error)",
                    "retry_in_seconds": "\(delay.map { Int($0) } ?? -1)",
                ])
        }
        return jobs.count
    }
}
