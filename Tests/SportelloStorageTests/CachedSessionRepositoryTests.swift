import Foundation
import SportelloCore
import SportelloTestSupport
import Synchronization
import Testing

@testable import SportelloStorage

/// Counts lookups so the test can see what the cache saves.
final class CountingSessions: SessionRepository {
    let stored = Mutex<[String: Session]>([:])
    let lookups = Mutex(0)

    func find(token: String, tenantID: Tenant.ID) async throws -> Session? {
        lookups.withLock { $0 += 1 }
        return stored.withLock { $0[token] }.flatMap { $0.tenantID == tenantID ? $0 : nil }
    }
    func save(_ session: Session, expiresAt: Date) async throws { stored.withLock { $0[session.token] = session } }
    func touch(token: String, tenantID: Tenant.ID, lastSeenAt: Date, expiresAt: Date) async throws {}
    func delete(token: String, tenantID: Tenant.ID) async throws { stored.withLock { _ = $0.removeValue(forKey: token) } }
    func deleteExpired(before: Date) async throws -> Int { 0 }
}

@Suite("Session cache")
struct CachedSessionRepositoryTests {
    @Test("repeated reads within the time to live hit the database once")
    func cachesReads() async throws {
        let backing = CountingSessions()
        let cache = CachedSessionRepository(backing: backing, timeToLive: 60)
        let session = Session.make(tenantID: UUID(), now: Date())
        try await cache.save(session, expiresAt: Date().addingTimeInterval(60))
        for _ in 0..<10 { #expect(try await cache.find(token: session.token, tenantID: session.tenantID) == session) }
        #expect(backing.lookups.withLock { $0 } == 0)
    }

    @Test("stale entries are dropped as new sessions come, so memory follows the sessions of the last seconds")
    func dropsStaleEntries() async throws {
        let backing = CountingSessions()
        let cache = CachedSessionRepository(backing: backing, timeToLive: 0.2)
        let tenant = UUID()
        for _ in 0..<1_000 { try await cache.save(Session.make(tenantID: tenant, now: Date()), expiresAt: Date() + 60) }
        try await Task.sleep(for: .milliseconds(250))
        var fresh: [Session] = []
        for _ in 0..<100 {
            let session = Session.make(tenantID: tenant, now: Date())
            fresh.append(session)
            try await cache.save(session, expiresAt: Date() + 60)
        }
        #expect(cache.count < 200, "the 1,000 stale sessions went at the sweep")
        for session in fresh.suffix(50) { #expect(try await cache.find(token: session.token, tenantID: tenant) == session) }
        #expect(backing.lookups.withLock { $0 } == 0, "the fresh ones are still served from memory")
    }

    @Test("a cached session is not returned for another tenant")
    func tenantChecked() async throws {
        let cache = CachedSessionRepository(backing: CountingSessions(), timeToLive: 60)
        let session = Session.make(tenantID: UUID(), now: Date())
        try await cache.save(session, expiresAt: Date().addingTimeInterval(60))
        #expect(try await cache.find(token: session.token, tenantID: UUID()) == nil)
    }

    @Test("a deleted session is gone at once")
    func deleteEvicts() async throws {
        let cache = CachedSessionRepository(backing: CountingSessions(), timeToLive: 60)
        let session = Session.make(tenantID: UUID(), now: Date())
        try await cache.save(session, expiresAt: Date().addingTimeInterval(60))
        try await cache.delete(token: session.token, tenantID: session.tenantID)
        #expect(try await cache.find(token: session.token, tenantID: session.tenantID) == nil)
    }

    @Test("with a zero time to live every read goes to the database")
    func noCaching() async throws {
        let backing = CountingSessions()
        let cache = CachedSessionRepository(backing: backing, timeToLive: 0)
        let session = Session.make(tenantID: UUID(), now: Date())
        try await cache.save(session, expiresAt: Date().addingTimeInterval(60))
        _ = try await cache.find(token: session.token, tenantID: session.tenantID)
        _ = try await cache.find(token: session.token, tenantID: session.tenantID)
        #expect(backing.lookups.withLock { $0 } == 2)
    }
}
