import FluentKit
import SQLKit

/// Which stored documents each filing refers to: the daily cleanup removes files no filing needs.
struct M0007CreateFilingAttachments: AsyncMigration {
    var name: String { "0007-create-filing-attachments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("filing_attachments")
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .cascade))
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("sha256", .string, .required)
            .field("file_name", .string, .required)
            .field("size", .int64, .required)
            .field("content_type", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "filing_id", "sha256")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "filing_attachments_digest_idx").on("filing_attachments")
                .column("tenant_id").column("sha256").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("filing_attachments").delete()
    }
}
