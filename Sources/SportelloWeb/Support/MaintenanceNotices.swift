import Foundation
public import SportelloCore
import Synchronization

/// Planned outages per tenant, read through a short cache: every page shows the banner,
/// and the database need not be asked on every page.
public final class MaintenanceNotices: Sendable {
    let repository: any MaintenanceRepository
    let clock: any Clock
    private let cacheSeconds: TimeInterval = 15
    private let cache = Mutex<[Tenant.ID: (fetchedAt: Date, windows: [MaintenanceWindow])]>([:])

    public init(repository: any MaintenanceRepository, clock: any Clock) {
        self.repository = repository
        self.clock = clock
    }

    /// The window to announce now, if any: the earliest one not yet over.
    func banner(for tenant: Tenant) async -> MaintenanceWindow? {
        let now = clock.now
        if let cached = cache.withLock({ $0[tenant.id] }), now.timeIntervalSince(cached.fetchedAt) < cacheSeconds {
            return cached.windows.first { $0.isAnnounced(at: now) }
        }
        // A failing lookup must not break the page it decorates.
        guard let windows = try? await repository.upcoming(tenantID: tenant.id, now: now) else { return nil }
        cache.withLock { $0[tenant.id] = (now, windows) }
        return windows.first { $0.isAnnounced(at: now) }
    }

    func upcoming(for tenant: Tenant) async throws -> [MaintenanceWindow] {
        try await repository.upcoming(tenantID: tenant.id, now: clock.now)
    }

    func schedule(_ window: MaintenanceWindow) async throws {
        try await repository.create(window)
        cache.withLock { _ = $0.removeValue(forKey: window.tenantID) }
    }

    func delete(id: MaintenanceWindow.ID, tenantID: Tenant.ID) async throws {
        try await repository.delete(id: id, tenantID: tenantID)
        cache.withLock { _ = $0.removeValue(forKey: tenantID) }
    }
}
