import FluentKit
import SQLKit

struct M0005CreateProceduresAndFilings: AsyncMigration {
    var name: String { "0005-create-procedures-and-filings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("procedure_versions")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("version", .int, .required)
            .field("definition", .string, .required)
            .field("published_at", .datetime, .required)
            // Two publishers racing get one version each, never the same number twice.
            .unique(on: "tenant_id", "code", "version")
            .create()
        try await database.schema("filings")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("procedure_code", .string, .required)
            .field("procedure_version", .int, .required)
            .field("owner_fiscal_code", .string, .required)
            .field("status", .string, .required)
            .field("answers", .string, .required)
            .field("current_page", .string)
            .field("consented_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            // The personal area lists a citizen's filings by status.
            try await sql.create(index: "filings_owner_idx").on("filings")
                .column("tenant_id").column("owner_fiscal_code").column("status").run()
            try await sql.create(index: "filings_updated_idx").on("filings").column("status").column("updated_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("filings").delete()
        try await database.schema("procedure_versions").delete()
    }
}
