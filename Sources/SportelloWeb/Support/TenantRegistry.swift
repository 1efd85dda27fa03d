import Foundation
import Logging
public import SportelloCore
import Synchronization

/// Which municipality answers on which host. Held in memory (tenants change rarely)
/// and reloaded from storage periodically and after every change made here.
public final class TenantRegistry: Sendable {
    private let repository: any TenantRepository
    private let byHost = Mutex<[String: Tenant]>([:])

    public init(repository: any TenantRepository) {
        self.repository = repository
    }

    public func reload() async throws {
        let tenants = try await repository.all()
        var map: [String: Tenant] = [:]
        for tenant in tenants {
            for host in tenant.hosts { map[host] = tenant }
        }
        byHost.withLock { $0 = map }
    }

    /// The tenant for a Host header value (port and trailing dot ignored, case-insensitive).
    public func tenant(forHost header: String?) -> Tenant? {
        guard let header else { return nil }
        let host = Self.normalize(header)
        return byHost.withLock { $0[host] }
    }

    public var all: [Tenant] {
        let tenants = byHost.withLock { Array($0.values) }
        var seen = Set<Tenant.ID>()
        return tenants.filter { seen.insert($0.id).inserted }
    }

    static func normalize(_ header: String) -> String {
        var host = Substring(header.lowercased())
        if host.hasPrefix("[") {
            // IPv6 literal: [::1]:8080
            if let end = host.firstIndex(of: "]") { host = host[...end] }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        if host.hasSuffix(".") { host = host.dropLast() }
        return String(host)
    }
}
