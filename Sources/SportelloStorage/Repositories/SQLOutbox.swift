public import Foundation
import SQLKit
public import SportelloCore

/// The outbox in the SQL database. Claiming leases jobs with `locked_until`; on PostgreSQL the claim
/// skips rows another worker is claiming at the same moment (`FOR UPDATE SKIP LOCKED`), so any number
/// of workers share the queue; on SQLite the one writer makes claims exclusive anyway.
public struct SQLOutbox: OutboxStore {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    static let columns = "id, tenant_id, kind, idempotency_key, payload, state, attempts, last_error, created_at, next_attempt_at"

    /// Writes jobs inside the caller's transaction; a key already present is left as it is.
    static func insert(_ jobs: [NewOutboxJob], at date: Date, on sql: any SQLDatabase) async throws {
        guard !jobs.isEmpty else { return }
        let rows: [SQLQueryString] = jobs.map { job in
            """
            (\(bind: UUID()), \(bind: job.tenantID), \(bind: job.kind), \(bind: job.key), \(bind: job.payload), \
            \(bind: job.secret), \(bind: OutboxJobState.pending.rawValue), 0, \(bind: max(date, job.notBefore ?? date)), \
            \(bind: date), \(bind: date))
            """
        }
        try await sql.raw(
            """
            INSERT INTO outbox_jobs (id, tenant_id, kind, idempotency_key, payload, secret, state, attempts, \
            next_attempt_at, created_at, updated_at) VALUES \(rows.joined(separator: ", ")) \
            ON CONFLICT (idempotency_key) DO NOTHING
            """
        ).run()
    }

    public func enqueue(_ jobs: [NewOutboxJob], at date: Date) async throws {
        try await storage.database().transaction { database in
            try await Self.insert(jobs, at: date, on: database as! any SQLDatabase)
        }
    }

    public func claim(limit: Int, now: Date, leaseUntil: Date) async throws -> [OutboxJob] {
        let skipLocked = storage.location.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await storage.sql().raw(
            """
            UPDATE outbox_jobs SET locked_until = \(bind: leaseUntil), updated_at = \(bind: now) WHERE id IN (\
            SELECT id FROM outbox_jobs WHERE state = \(bind: OutboxJobState.pending.rawValue) \
            AND next_attempt_at <= \(bind: now) AND (locked_until IS NULL OR locked_until < \(bind: now)) \
            ORDER BY next_attempt_at LIMIT \(literal: limit)\(unsafeRaw: skipLocked)) RETURNING \(unsafeRaw: Self.columns)
            """
        ).all().map(Self.job).sorted { ($0.nextAttemptAt, $0.createdAt) < ($1.nextAttemptAt, $1.createdAt) }
    }

    public func markDelivered(_ ids: [UUID], at date: Date) async throws {
        guard !ids.isEmpty else { return }
        let list = SQLList(ids.map { SQLBind($0) })
        try await storage.sql().raw(
            """
            UPDATE outbox_jobs SET state = \(bind: OutboxJobState.delivered.rawValue), attempts = attempts + 1, \
            locked_until = NULL, last_error = NULL, updated_at = \(bind: date), \
            payload = CASE WHEN secret THEN '{}' ELSE payload END WHERE id IN (\(list))
            """
        ).run()
    }

    public func markFailed(_ id: UUID, error: String, retryAt: Date?, at date: Date) async throws {
        let state = retryAt == nil ? OutboxJobState.dead : .pending
        try await storage.sql().raw(
            """
            UPDATE outbox_jobs SET state = \(bind: state.rawValue), attempts = attempts + 1, locked_until = NULL, \
            last_error = \(bind: String(error.prefix(2000))), next_attempt_at = \(bind: retryAt ?? date), \
            updated_at = \(bind: date), payload = CASE WHEN secret AND \(bind: retryAt == nil) THEN '{}' ELSE payload END \
            WHERE id = \(bind: id)
            """
        ).run()
    }

    public func jobs(in state: OutboxJobState, tenantID: Tenant.ID, limit: Int) async throws -> [OutboxJob] {
        try await storage.sql().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM outbox_jobs WHERE state = \(bind: state.rawValue) \
            AND tenant_id = \(bind: tenantID) ORDER BY updated_at DESC LIMIT \(literal: limit)
            """
        ).all().map(Self.job)
    }

    public func retry(_ id: UUID, tenantID: Tenant.ID, at date: Date) async throws -> Bool {
        let rows = try await storage.sql().raw(
            """
            UPDATE outbox_jobs SET state = \(bind: OutboxJobState.pending.rawValue), next_attempt_at = \(bind: date), \
            updated_at = \(bind: date) WHERE id = \(bind: id) AND tenant_id = \(bind: tenantID) \
            AND state = \(bind: OutboxJobState.dead.rawValue) \
            AND NOT secret RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    public func counts(tenantID: Tenant.ID?) async throws -> [OutboxJobState: Int] {
        var counts: [OutboxJobState: Int] = [:]
        let filter: SQLQueryString = tenantID.map { "WHERE tenant_id = \(bind: $0) " } ?? ""
        for row in try await storage.sql().raw("SELECT state, count(*) AS n FROM outbox_jobs \(filter)GROUP BY state").all() {
            if let state = OutboxJobState(rawValue: try row.decode(column: "state", as: String.self)) {
                counts[state] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    static func job(_ row: any SQLRow) throws -> OutboxJob {
        OutboxJob(
            id: try row.decode(column: "id", as: UUID.self), tenantID: try row.decode(column: "tenant_id", as: UUID.self),
            kind: try row.decode(column: "kind", as: String.self),
            key: try row.decode(column: "idempotency_key", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            state: OutboxJobState(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Date.self))
    }
}
