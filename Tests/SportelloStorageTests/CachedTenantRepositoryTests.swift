import Foundation
import SportelloCore
import SportelloStorage
import Synchronization
import Testing

@Suite("Municipalities kept in memory for background jobs")
struct CachedTenantRepositoryTests {
    /// Counts the reads that reach the database.
    final class CountingTenants: TenantRepository {
        let tenants = Mutex<[Tenant]>([])
        let reads = Mutex(0)

        init(_ tenants: [Tenant]) { self.tenants.withLock { $0 = tenants } }

        func all() async throws -> [Tenant] {
            reads.withLock { $0 += 1 }
            return tenants.withLock { $0 }
        }
        func find(slug: String) async throws -> Tenant? { try await all().first { $0.slug == slug } }
        func find(id: Tenant.ID) async throws -> Tenant? { try await all().first { $0.id == id } }
        func create(_ tenant: Tenant) async throws { tenants.withLock { $0.append(tenant) } }
        func update(_ tenant: Tenant) async throws {
            tenants.withLock { list in list = list.map { $0.id == tenant.id ? tenant : $0 } }
        }
    }

    static func tenant(_ slug: String) throws -> Tenant {
        try makeTenant(slug, hosts: ["\(slug).example"])
    }

    @Test("reads reach the database once while fresh; changes made here are seen at once")
    func cachesAndForgetsOnChange() async throws {
        let esempio = try Self.tenant("esempio")
        let backing = CountingTenants([esempio])
        let cached = CachedTenantRepository(backing: backing, timeToLive: 60)

        #expect(try await cached.find(id: esempio.id)?.slug == "esempio")
        #expect(try await cached.find(slug: "esempio")?.id == esempio.id)
        #expect(try await cached.all().count == 1)
        #expect(try await cached.find(id: UUID()) == nil)
        #expect(backing.reads.withLock { $0 } == 1)

        let altro = try Self.tenant("altro")
        try await cached.create(altro)
        #expect(try await cached.find(slug: "altro")?.id == altro.id)
        var renamed = esempio
        renamed.name = "Comune di Esempio (nuova sede)"
        try await cached.update(renamed)
        #expect(try await cached.find(id: esempio.id)?.name == "Comune di Esempio (nuova sede)")
        #expect(backing.reads.withLock { $0 } == 3)
    }

    @Test("a change made elsewhere is seen once the snapshot is older than its time to live")
    func expires() async throws {
        let esempio = try Self.tenant("esempio")
        let backing = CountingTenants([esempio])
        let cached = CachedTenantRepository(backing: backing, timeToLive: 0.05)
        #expect(try await cached.find(slug: "altro") == nil)
        try await backing.create(try Self.tenant("altro"))  // another process
        #expect(try await cached.find(slug: "altro") == nil, "still the snapshot")
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await cached.find(slug: "altro") != nil)
        #expect(backing.reads.withLock { $0 } == 2)
    }
}
