public import Foundation
public import SportelloCore
import Synchronization

/// Keeps the drafts being worked on in memory, writing every change through to the database
/// at once. A citizen moving through a form reads the same draft on every page: with this cache
/// the page costs no query. Only drafts are kept: once confirmed, a filing is changed by others
/// (the submission worker, the back office) and is always read from the database.
///
/// Only correct while this process is the only writer of the filings it caches: a single instance
/// (always the case on SQLite), or several behind a load balancer that sends each citizen to the
/// same instance (sticky sessions). See `filings.cacheSeconds` in docs/configuration.md.
public final class CachedFilingRepository: FilingRepository {
    private struct Entry {
        var filing: Filing
        var lastUsed: Date
    }

    private let backing: any FilingRepository
    private let idleTime: TimeInterval
    private let capacity: Int
    private let entries = Mutex<[Filing.ID: Entry]>([:])

    /// - Parameters:
    ///   - idleTime: a filing nobody touched for this long is read from the database again.
    ///   - capacity: at most this many filings are kept (the oldest go first).
    public init(backing: any FilingRepository, idleTime: TimeInterval, capacity: Int = 5_000) {
        self.backing = backing
        self.idleTime = idleTime
        self.capacity = capacity
    }

    public func create(_ filing: Filing) async throws {
        try await backing.create(filing)
        remember(filing)
    }

    public func find(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Filing? {
        let now = Date()
        let cached: Filing? = entries.withLock { entries in
            guard var entry = entries[id], now.timeIntervalSince(entry.lastUsed) < idleTime else { return nil }
            entry.lastUsed = now
            entries[id] = entry
            return entry.filing
        }
        if let cached {
            // The id names one filing: someone else's (or another municipality's) is simply not found.
            return cached.owner == owner && cached.tenantID == tenantID ? cached : nil
        }
        let filing = try await backing.find(id: id, owner: owner, tenantID: tenantID)
        if let filing { remember(filing) }
        return filing
    }

    public func saveDraft(_ filing: Filing) async throws -> Bool {
        do {
            let saved = try await backing.saveDraft(filing)
            if saved { remember(filing) } else { forget(filing.id) }
            return saved
        } catch {
            // The outcome is unknown: read it again next time.
            forget(filing.id)
            throw error
        }
    }

    public func invalidate(id: Filing.ID) {
        forget(id)
        backing.invalidate(id: id)
    }

    public func list(owner: CodiceFiscale, tenantID: Tenant.ID, status: FilingStatus) async throws -> [Filing] {
        try await backing.list(owner: owner, tenantID: tenantID, status: status)
    }

    public func list(owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> [Filing] {
        try await backing.list(owner: owner, tenantID: tenantID)
    }

    public func deleteDraft(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Bool {
        forget(id)
        return try await backing.deleteDraft(id: id, owner: owner, tenantID: tenantID)
    }

    public func deleteStaleDrafts(startedBefore: Date, ofVersions versions: [ProcedureVersionKey]) async throws -> Int {
        let closed = Set(versions)
        entries.withLock { entries in
            entries = entries.filter { entry in
                let filing = entry.value.filing
                return filing.createdAt >= startedBefore
                    && !closed.contains(
                        ProcedureVersionKey(
                            tenantID: filing.tenantID, code: filing.procedureCode, version: filing.procedureVersion))
            }
        }
        return try await backing.deleteStaleDrafts(startedBefore: startedBefore, ofVersions: versions)
    }

    /// Keeps the newer of what is cached and `filing` (two saves may finish in either order).
    private func remember(_ filing: Filing) {
        guard filing.status == .draft else { return forget(filing.id) }
        let now = Date()
        entries.withLock { entries in
            if let current = entries[filing.id], current.filing.updatedAt > filing.updatedAt { return }
            if entries[filing.id] == nil, entries.count >= capacity {
                let expired = entries.filter { now.timeIntervalSince($0.value.lastUsed) >= idleTime }.map(\.key)
                for id in expired { entries.removeValue(forKey: id) }
                if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                    entries.removeValue(forKey: oldest.key)
                }
            }
            entries[filing.id] = Entry(filing: filing, lastUsed: now)
        }
    }

    private func forget(_ id: Filing.ID) {
        entries.withLock { _ = $0.removeValue(forKey: id) }
    }
}
