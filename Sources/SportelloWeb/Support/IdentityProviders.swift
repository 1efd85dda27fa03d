import SportelloAdapters
import SportelloCore

/// The OpenID Connect relying party of each tenant: its own provider if configured,
/// else the install's default (in demo mode, the built-in test provider).
public struct IdentityProviders: Sendable {
    let byTenantSlug: [String: OIDCRelyingParty]
    let fallback: OIDCRelyingParty?

    func party(for tenant: Tenant) -> OIDCRelyingParty? {
        byTenantSlug[tenant.slug] ?? fallback
    }
}
