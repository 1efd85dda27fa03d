import FluentKit
import SQLKit

struct M0002CreateOfficesAndOperators: AsyncMigration {
    var name: String { "0002-create-offices-and-operators" }

    func prepare(on database: any Database) async throws {
        try await database.schema("offices")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .unique(on: "tenant_id", "name")
            .create()
        try await database.schema("operators")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("email", .string, .required)
            .field("fiscal_code", .string)
            .field("password_hash", .string)
            .field("totp_secret", .string, .required)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "tenant_id", "username")
            .create()
        try await database.schema("operator_memberships")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("operator_id", .uuid, .required, .references("operators", "id", onDelete: .cascade))
            .field("office_id", .uuid, .required, .references("offices", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "operator_id", "office_id", "role")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "operators_fiscal_code_idx").on("operators").column("tenant_id").column("fiscal_code")
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("operator_memberships").delete()
        try await database.schema("operators").delete()
        try await database.schema("offices").delete()
    }
}
