import SportelloCore

/// The small per-tenant stylesheet that applies the municipality's colours to sportello.css.
/// Colours are validated #rrggbb values, so they are safe to write into CSS.
enum TenantStylesheet {
    static func css(for tenant: Tenant) -> String {
        """
        :root {
          --sp-primary: \(tenant.colors.primary.value);
          --sp-primary-dark: \(tenant.colors.primaryDark.value);
        }

        """
    }

    /// Changes whenever the colours change, so browsers may cache the file forever.
    static func version(of tenant: Tenant) -> String {
        String(tenant.colors.primary.value.dropFirst()) + String(tenant.colors.primaryDark.value.dropFirst())
    }
}
