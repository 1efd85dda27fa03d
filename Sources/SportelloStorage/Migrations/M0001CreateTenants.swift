import FluentKit

struct M0001CreateTenants: AsyncMigration {
    var name: String { "0001-create-tenants" }

    func prepare(on database: any Database) async throws {
        try await database.schema("tenants")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("tagline", .string, .required)
            .field("fiscal_code", .string, .required)
            .field("ipa_code", .string, .required)
            .field("logo_url", .string)
            .field("primary_color", .string, .required)
            .field("primary_dark_color", .string, .required)
            .field("contact_address", .string, .required)
            .field("contact_email", .string, .required)
            .field("contact_pec", .string, .required)
            .field("contact_phone", .string, .required)
            .field("frame_template", .string)
            .field("frame_ancestors", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "slug")
            .create()
        try await database.schema("tenant_hosts")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("host", .string, .required)
            // A host belongs to one municipality only: the request host picks the tenant.
            .unique(on: "host")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tenant_hosts").delete()
        try await database.schema("tenants").delete()
    }
}
