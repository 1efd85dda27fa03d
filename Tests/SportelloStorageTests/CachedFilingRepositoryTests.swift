import Foundation
import SportelloCore
import Synchronization
import Testing

@testable import SportelloStorage

/// Filings in memory, counting reads, standing in for the database.
final class CountingFilings: FilingRepository {
    let stored = Mutex<[Filing.ID: Filing]>([:])
    let reads = Mutex(0)

    func create(_ filing: Filing) async throws { stored.withLock { $0[filing.id] = filing } }
    func find(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Filing? {
        reads.withLock { $0 += 1 }
        return stored.withLock { $0[id] }.flatMap { $0.owner == owner && $0.tenantID == tenantID ? $0 : nil }
    }
    func saveDraft(_ filing: Filing) async throws -> Bool {
        stored.withLock { stored in
            guard stored[filing.id]?.status == .draft else { return false }
            stored[filing.id] = filing
            return true
        }
    }
    func list(owner: CodiceFiscale, tenantID: Tenant.ID, status: FilingStatus) async throws -> [Filing] { [] }
    func list(owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> [Filing] { [] }
    func deleteDraft(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Bool {
        stored.withLock { $0.removeValue(forKey: id) != nil }
    }
    func deleteStaleDrafts(startedBefore: Date, ofVersions versions: [ProcedureVersionKey]) async throws -> Int { 0 }
    func invalidate(id: Filing.ID) {}
}

@Suite("Draft cache")
struct CachedFilingRepositoryTests {
    static let mario = try! CodiceFiscale(validating: "RSSMRA85T10A562S")
    static let anna = try! CodiceFiscale(validating: "BNCNNA90C55H501L")

    static func draft(updatedAt: Date = Date()) -> Filing {
        Filing(
            tenantID: UUID(), procedureCode: "x", procedureVersion: 1, owner: mario, createdAt: updatedAt, updatedAt: updatedAt)
    }

    @Test("a draft read page after page costs one database read, and a save is written through")
    func readsAndWrites() async throws {
        let backing = CountingFilings()
        let cache = CachedFilingRepository(backing: backing, idleTime: 600)
        var filing = Self.draft()
        try await backing.create(filing)
        for _ in 0..<5 { #expect(try await cache.find(id: filing.id, owner: Self.mario, tenantID: filing.tenantID) == filing) }
        #expect(backing.reads.withLock { $0 } == 1)
        filing.answers["email"] = .text("mario@example.org")
        filing.updatedAt = filing.updatedAt.addingTimeInterval(1)
        #expect(try await cache.saveDraft(filing))
        #expect(backing.stored.withLock { $0[filing.id] } == filing, "written through at once")
        #expect(try await cache.find(id: filing.id, owner: Self.mario, tenantID: filing.tenantID) == filing)
        #expect(backing.reads.withLock { $0 } == 1)
    }

    @Test("a cached draft is not found by another citizen nor in another municipality")
    func ownerAndTenantChecked() async throws {
        let cache = CachedFilingRepository(backing: CountingFilings(), idleTime: 600)
        let filing = Self.draft()
        try await cache.create(filing)
        #expect(try await cache.find(id: filing.id, owner: Self.anna, tenantID: filing.tenantID) == nil)
        #expect(try await cache.find(id: filing.id, owner: Self.mario, tenantID: UUID()) == nil)
        #expect(try await cache.find(id: filing.id, owner: Self.mario, tenantID: filing.tenantID) == filing)
    }

    @Test("confirmed filings are never cached, and a refused save is read again from the database")
    func onlyDrafts() async throws {
        let backing = CountingFilings()
        let cache = CachedFilingRepository(backing: backing, idleTime: 600)
        var filing = Self.draft()
        try await cache.create(filing)
        filing.status = .readyToSubmit
        #expect(try await cache.saveDraft(filing))
        // Another writer (the submission worker) changes the confirmed filing: it is seen at once.
        backing.stored.withLock { $0[filing.id]?.answers["protocol"] = .text("2026/1") }
        let read = try await cache.find(id: filing.id, owner: Self.mario, tenantID: filing.tenantID)
        #expect(read?.answers["protocol"] == .text("2026/1"))
        #expect(try await cache.saveDraft(filing) == false)
        #expect(backing.reads.withLock { $0 } == 1)
    }

    @Test("an older save finishing late does not replace a newer cached draft; idle drafts are read again")
    func newerWinsAndIdleExpires() async throws {
        let backing = CountingFilings()
        let cache = CachedFilingRepository(backing: backing, idleTime: 0.05)
        let start = Date()
        var newer = Self.draft(updatedAt: start)
        try await cache.create(newer)
        var older = newer
        newer.updatedAt = start.addingTimeInterval(2)
        newer.currentPage = "page2"
        older.updatedAt = start.addingTimeInterval(1)
        older.currentPage = "page1"
        #expect(try await cache.saveDraft(newer))
        #expect(try await cache.saveDraft(older))
        #expect(try await cache.find(id: newer.id, owner: Self.mario, tenantID: newer.tenantID)?.currentPage == "page2")
        try await Task.sleep(for: .milliseconds(100))
        _ = try await cache.find(id: newer.id, owner: Self.mario, tenantID: newer.tenantID)
        #expect(backing.reads.withLock { $0 } == 1, "after the idle time the database is asked again")
    }

    @Test("the cache holds at most its capacity")
    func bounded() async throws {
        let backing = CountingFilings()
        let cache = CachedFilingRepository(backing: backing, idleTime: 600, capacity: 3)
        let filings = (0..<5).map { _ in Self.draft() }
        for filing in filings { try await cache.create(filing) }
        for filing in filings { _ = try await cache.find(id: filing.id, owner: Self.mario, tenantID: filing.tenantID) }
        #expect(backing.reads.withLock { $0 } >= 2, "the first two were dropped to make room")
    }
}
