import FluentKit
import SQLKit

struct M0004CreateMaintenanceWindows: AsyncMigration {
    var name: String { "0004-create-maintenance-windows" }

    func prepare(on database: any Database) async throws {
        try await database.schema("maintenance_windows")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("message", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid, .required, .references("operators", "id"))
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "maintenance_windows_tenant_idx").on("maintenance_windows")
                .column("tenant_id").column("ends_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("maintenance_windows").delete()
    }
}
