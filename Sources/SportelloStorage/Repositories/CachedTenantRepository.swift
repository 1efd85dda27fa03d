public import Foundation
public import SportelloCore
import Synchronization

/// Keeps the municipalities in memory for a short while: background jobs read the municipality of every job (each
/// e-mail, each App IO message), and municipalities change a few times a year. A change made through this repository
/// is seen at once; one made by another process within `timeToLive`, as by the web nodes' `TenantRegistry`.
public final class CachedTenantRepository: TenantRepository {
    private let backing: any TenantRepository
    private let timeToLive: TimeInterval
    private let snapshot = Mutex<(tenants: [Tenant], readAt: Date)?>(nil)

    public init(backing: any TenantRepository, timeToLive: TimeInterval = 30) {
        self.backing = backing
        self.timeToLive = timeToLive
    }

    public func all() async throws -> [Tenant] {
        let now = Date()
        if let cached = snapshot.withLock({ $0 }), now.timeIntervalSince(cached.readAt) < timeToLive {
            return cached.tenants
        }
        let tenants = try await backing.all()
        snapshot.withLock { $0 = (tenants, now) }
        return tenants
    }

    public func find(slug: String) async throws -> Tenant? {
        try await all().first { $0.slug == slug }
    }

    public func find(id: Tenant.ID) async throws -> Tenant? {
        try await all().first { $0.id == id }
    }

    public func create(_ tenant: Tenant) async throws {
        defer { forget() }
        try await backing.create(tenant)
    }

    public func update(_ tenant: Tenant) async throws {
        defer { forget() }
        try await backing.update(tenant)
    }

    private func forget() { snapshot.withLock { $0 = nil } }
}
