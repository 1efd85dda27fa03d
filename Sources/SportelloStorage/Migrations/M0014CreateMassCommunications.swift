import FluentKit
import SQLKit

/// Mass communications (one row each, with the registered letter), the inbox search words of each case (searched by
/// prefix through an index, compared byte by byte on both databases) and the index the statistics use to find the
/// filings decided in a period.
struct M0014CreateMassCommunications: AsyncMigration {
    var name: String { "0014-create-mass-communications" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("mass_communications")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("procedure_code", .string, .required)
            .field("status", .string)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("author", .string, .required)
            .field("created_at", .datetime, .required)
            .field("recipients", .int, .required)
            .field("protocol_entry_id", .uuid)
            .field("protocol_reference", .string)
            .field("file_name", .string, .required)
            .field("content", .data, .required)
            .create()
        try await sql.create(index: "mass_communications_tenant_idx").on("mass_communications")
            .column("tenant_id").column("created_at").run()
        try await database.schema("case_terms")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("term", .string, .required)
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .restrict))
            .unique(on: "tenant_id", "term", "filing_id")
            .create()
        if sql.dialect.name == "postgresql" {
            // Prefix ranges (term >= 'ross' AND term < 'ross\u{10FFFF}') need the bytes' order, not a language's.
            try await sql.raw("ALTER TABLE case_terms ALTER COLUMN term TYPE text COLLATE \"C\"").run()
        }
        try await sql.create(index: "case_terms_filing_idx").on("case_terms").column("filing_id").run()
        try await sql.create(index: "cases_concluded_idx").on("cases")
            .column("tenant_id").column("concluded_at").column("submitted_at").column("procedure_code").column("status")
            .run()
        // A procedure's filings by deadline (the inbox's "deadline soonest" within one procedure).
        try await sql.create(index: "cases_procedure_due_idx").on("cases")
            .column("tenant_id").column("procedure_code").column("due_at").run()
        // Statistics read the period's filings from this index alone (no table rows).
        try await sql.create(index: "cases_statistics_idx").on("cases")
            .column("tenant_id").column("submitted_at").column("procedure_code").column("sign_in_method").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_terms").delete()
        try await database.schema("mass_communications").delete()
        try await (database as! any SQLDatabase).drop(index: "cases_concluded_idx").run()
        try await (database as! any SQLDatabase).drop(index: "cases_statistics_idx").run()
        try await (database as! any SQLDatabase).drop(index: "cases_procedure_due_idx").run()
    }
}
