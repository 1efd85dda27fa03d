import FluentKit
import SQLKit

/// pagoPA debt positions: one row each (the position as JSON, with the columns lookups need), an index of their notice
/// numbers, the sequence counters IUVs are taken from, and the receipts (one per receipt id).
struct M0015CreateDebtPositions: AsyncMigration {
    var name: String { "0015-create-debt-positions" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("payment_sequences")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("segregation_code", .int, .required)
            .field("last_number", .int64, .required)
            .unique(on: "tenant_id", "segregation_code")
            .create()
        try await database.schema("debt_positions")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("iupd", .string, .required)
            .field("debtor_code", .string, .required)
            .field("status", .string, .required)
            .field("position", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "tenant_id", "iupd")
            .create()
        try await sql.create(index: "debt_positions_debtor_idx").on("debt_positions")
            .column("tenant_id").column("debtor_code").run()
        try await sql.create(index: "debt_positions_created_idx").on("debt_positions")
            .column("tenant_id").column("created_at").run()
        try await database.schema("payment_notices")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("notice_number", .string, .required)
            .field("iupd", .string, .required)
            .unique(on: "tenant_id", "notice_number")
            .create()
        try await database.schema("payment_receipts")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("receipt_id", .string, .required)
            .field("notice_number", .string, .required)
            .field("iupd", .string, .required)
            .field("debtor_code", .string, .required)
            .field("outcome", .string, .required)
            .field("receipt", .string, .required)
            .field("paid_at", .datetime, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "tenant_id", "receipt_id")
            .create()
        try await sql.create(index: "payment_receipts_debtor_idx").on("payment_receipts")
            .column("tenant_id").column("debtor_code").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["payment_receipts", "payment_notices", "debt_positions", "payment_sequences"] {
            try await database.schema(table).delete()
        }
    }
}
