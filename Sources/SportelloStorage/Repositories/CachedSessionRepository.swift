public import Foundation
public import SportelloCore
import Synchronization

/// Keeps recently read sessions in memory for a few seconds so a busy page does not
/// hit the database on every request. Writes go through at once; a logout on another
/// node is seen here within `timeToLive`.
public final class CachedSessionRepository: SessionRepository {
    private struct Entry {
        let session: Session
        let cachedAt: Date
    }

    private let backing: any SessionRepository
    private let timeToLive: TimeInterval
    private let capacity: Int
    private let entries = Mutex<(byToken: [String: Entry], sweepAt: Int)>(([:], CachedSessionRepository.firstSweep))
    /// Past this many entries, stale ones are dropped (then past twice what is left): entries are only good for
    /// `timeToLive`, and a busy day makes tens of thousands of sessions.
    static let firstSweep = 1_024

    public init(backing: any SessionRepository, timeToLive: TimeInterval, capacity: Int = 50_000) {
        self.backing = backing
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// Sessions held in memory now.
    public var count: Int { entries.withLock { $0.byToken.count } }

    public func find(token: String, tenantID: Tenant.ID) async throws -> Session? {
        let now = Date()
        if let entry = entries.withLock({ $0.byToken[token] }), now.timeIntervalSince(entry.cachedAt) < timeToLive,
            entry.session.tenantID == tenantID
        {
            return entry.session
        }
        let session = try await backing.find(token: token, tenantID: tenantID)
        remember(session, token: token, now: now)
        return session
    }

    public func save(_ session: Session, expiresAt: Date) async throws {
        try await backing.save(session, expiresAt: expiresAt)
        remember(session, token: session.token, now: Date())
    }

    public func touch(token: String, tenantID: Tenant.ID, lastSeenAt: Date, expiresAt: Date) async throws {
        try await backing.touch(token: token, tenantID: tenantID, lastSeenAt: lastSeenAt, expiresAt: expiresAt)
        entries.withLock { entries in
            guard var session = entries.byToken[token]?.session else { return }
            session.lastSeenAt = lastSeenAt
            entries.byToken[token] = Entry(session: session, cachedAt: entries.byToken[token]!.cachedAt)
        }
    }

    public func delete(token: String, tenantID: Tenant.ID) async throws {
        entries.withLock { _ = $0.byToken.removeValue(forKey: token) }
        try await backing.delete(token: token, tenantID: tenantID)
    }

    public func deleteExpired(before date: Date) async throws -> Int {
        entries.withLock { $0 = ([:], Self.firstSweep) }
        return try await backing.deleteExpired(before: date)
    }

    private func remember(_ session: Session?, token: String, now: Date) {
        guard let session else {
            entries.withLock { _ = $0.byToken.removeValue(forKey: token) }
            return
        }
        entries.withLock { entries in
            if entries.byToken.count >= entries.sweepAt {
                entries.byToken = entries.byToken.filter { now.timeIntervalSince($0.value.cachedAt) < timeToLive }
                entries.sweepAt = max(Self.firstSweep, entries.byToken.count * 2)
            }
            if entries.byToken.count >= capacity {
                // Dropping everything is crude but bounded and rare; the database still has every session.
                entries.byToken.removeAll(keepingCapacity: true)
            }
            entries.byToken[token] = Entry(session: session, cachedAt: now)
        }
    }
}
