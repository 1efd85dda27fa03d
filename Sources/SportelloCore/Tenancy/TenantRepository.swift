/// Where municipalities are kept.
public protocol TenantRepository: Sendable {
    func all() async throws -> [Tenant]
    func find(slug: String) async throws -> Tenant?
    func find(id: Tenant.ID) async throws -> Tenant?
    /// Stores a new tenant; fails with `TenantConflict` when the slug or a host is taken.
    func create(_ tenant: Tenant) async throws
    func update(_ tenant: Tenant) async throws
}

/// A slug or host name already belongs to another municipality.
public struct TenantConflict: LocalizedDomainError {
    public let detail: String
    public var messageKey: String { "error.tenant.conflict" }
    public init(detail: String) { self.detail = detail }
}
