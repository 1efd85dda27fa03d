import FluentKit
import SQLKit

struct M0003CreateSessions: AsyncMigration {
    var name: String { "0003-create-sessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("token_hash", .string, .identifier(auto: false))
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            // The daily cleanup deletes by expiry.
            try await sql.create(index: "sessions_expires_at_idx").on("sessions").column("expires_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}
