import FluentKit
import SQLKit

/// Annulments of protocol entries (separate acts; entries are never changed) and the stored daily registers.
struct M0011CreateProtocolAnnulmentsAndDailyRegisters: AsyncMigration {
    var name: String { "0011-create-protocol-annulments-and-daily-registers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("protocol_annulments")
            .field("entry_id", .uuid, .required, .references("protocol_entries", "id", onDelete: .restrict))
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("reason", .string, .required)
            .field("annulled_by", .string, .required)
            .field("annulled_at", .datetime, .required)
            .unique(on: "entry_id")
            .create()
        try await database.schema("protocol_daily_registers")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("register_code", .string, .required)
            .field("day", .string, .required)
            .field("entries", .int, .required)
            .field("annulments", .int, .required)
            .field("pdf", .data, .required)
            .field("pdf_sha256", .string, .required)
            .field("data", .data, .required)
            .field("data_sha256", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "tenant_id", "register_code", "day")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "protocol_entries_time_idx").on("protocol_entries")
                .column("tenant_id").column("register_code").column("registered_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("protocol_daily_registers").delete()
        try await database.schema("protocol_annulments").delete()
    }
}
