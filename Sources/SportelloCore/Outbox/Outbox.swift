public import Foundation

/// A message to deliver after a change of state (an email, a call to another system), written in the same
/// transaction as the change so it can neither be lost nor sent for a change that did not happen.
public struct NewOutboxJob: Equatable, Sendable {
    public var tenantID: Tenant.ID
    /// What to do, e.g. "email.filing-copy"; a worker has one handler per kind.
    public var kind: String
    /// Unique per job: enqueueing the same key twice keeps one job, and deliveries carry it.
    public var key: String
    /// JSON the handler understands.
    public var payload: String
    /// The payload holds a secret (an access code): it is erased once delivered or given up.
    public var secret: Bool
    /// The first attempt is not made before this (a follow-up that only makes sense later); at once when nil.
    public var notBefore: Date?

    public init(
        tenantID: Tenant.ID, kind: String, key: String, payload: String, secret: Bool = false, notBefore: Date? = nil
    ) {
        self.tenantID = tenantID
        self.kind = kind
        self.key = key
        self.payload = payload
        self.secret = secret
        self.notBefore = notBefore
    }
}

/// Where a job stands.
public enum OutboxJobState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its first or next attempt.
    case pending
    case delivered
    /// Given up after a permanent error or too many attempts; an administrator may send it again.
    case dead
}

/// A job as the worker and the administrators see it.
public struct OutboxJob: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: Tenant.ID
    public var kind: String
    public var key: String
    public var payload: String
    public var state: OutboxJobState
    /// Attempts made before this one.
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var nextAttemptAt: Date

    public init(
        id: UUID, tenantID: Tenant.ID, kind: String, key: String, payload: String, state: OutboxJobState, attempts: Int,
        lastError: String?, createdAt: Date, nextAttemptAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.key = key
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
    }
}

/// The outbox table. Several workers (processes) may share it: a claimed job is leased to one of them
/// until `leaseUntil`; a worker that dies lets its lease run out and the job is claimed again.
public protocol OutboxStore: Sendable {
    /// Adds jobs outside any other change (e.g. a message an operator sends); duplicates by key are ignored.
    func enqueue(_ jobs: [NewOutboxJob], at date: Date) async throws
    /// Leases up to `limit` due jobs, oldest first; on PostgreSQL concurrent workers skip each other's rows.
    func claim(limit: Int, now: Date, leaseUntil: Date) async throws -> [OutboxJob]
    func markDelivered(_ ids: [UUID], at date: Date) async throws
    /// Records a failed attempt: tried again at `retryAt`, or given up (dead) when it is nil.
    func markFailed(_ id: UUID, error: String, retryAt: Date?, at date: Date) async throws
    /// One municipality's jobs in a state, newest first (the administrators' view of dead letters).
    func jobs(in state: OutboxJobState, tenantID: Tenant.ID, limit: Int) async throws -> [OutboxJob]
    /// Sends a dead job of the municipality again from now; false when it was not dead (or holds an erased secret).
    func retry(_ id: UUID, tenantID: Tenant.ID, at date: Date) async throws -> Bool
    /// How many jobs are in each state: the municipality's, or the whole install's when `tenantID` is nil.
    func counts(tenantID: Tenant.ID?) async throws -> [OutboxJobState: Int]
}

/// When to try again: exponential back-off from `base`, capped at `maximumDelay`, with ±20 % jitter so
/// jobs that failed together do not come back together; given up after `maximumAttempts`.
public struct RetryPolicy: Equatable, Sendable {
    public var base: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int

    public init(base: TimeInterval = 30, maximumDelay: TimeInterval = 6 * 3600, maximumAttempts: Int = 12) {
        self.base = base
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The delay before the next attempt after `attempt` failed attempts (1 = the first failed), or nil to give up.
    /// - Parameter jitter: a number in 0...1 (random in production, fixed in tests).
    public func delay(afterAttempt attempt: Int, jitter: Double) -> TimeInterval? {
        guard attempt < maximumAttempts else { return nil }
        let exponential = base * pow(2, Double(max(0, attempt - 1)))
        return min(maximumDelay, exponential) * (0.8 + 0.4 * min(1, max(0, jitter)))
    }
}

/// A delivery that cannot succeed by trying again (an address refused, a request the other side rejects).
public struct PermanentDeliveryError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
