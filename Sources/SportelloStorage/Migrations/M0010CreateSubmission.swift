import FluentKit
import SQLKit

/// Submission: the register codes of each municipality, the protocol data of submitted filings, their
/// stored documents, the outbox, the access codes mailed to citizens and the service ratings.
struct M0010CreateSubmission: AsyncMigration {
    var name: String { "0010-create-submission" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        // One column per statement: SQLite adds columns one at a time.
        try await sql.raw("ALTER TABLE tenants ADD COLUMN protocol_aoo_code VARCHAR(16) NOT NULL DEFAULT 'AOO01'").run()
        try await sql.raw("ALTER TABLE tenants ADD COLUMN protocol_register_code VARCHAR(16) NOT NULL DEFAULT 'PG'").run()
        try await database.schema("filings").field("protocol_entry_id", .uuid).update()
        try await database.schema("filings").field("protocol_year", .int).update()
        try await database.schema("filings").field("protocol_number", .int64).update()
        try await database.schema("filings").field("registered_at", .datetime).update()

        try await database.schema("filing_documents")
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .restrict))
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("file_name", .string, .required)
            .field("mime_type", .string, .required)
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("content", .data, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "filing_id", "kind")
            .create()

        try await database.schema("outbox_jobs")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("idempotency_key", .string, .required)
            .field("payload", .string, .required)
            .field("secret", .bool, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "idempotency_key")
            .create()
        try await sql.create(index: "outbox_jobs_due_idx").on("outbox_jobs").column("state").column("next_attempt_at").run()

        try await database.schema("filing_access_codes")
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .cascade))
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("owner_fiscal_code", .string, .required)
            .field("filing_code", .string, .required)
            .field("digest", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .unique(on: "filing_id")
            .create()
        try await sql.create(index: "filing_access_codes_code_idx").on("filing_access_codes")
            .column("tenant_id").column("filing_code").run()

        try await database.schema("service_ratings")
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .cascade))
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("procedure_code", .string, .required)
            .field("score", .int, .required)
            .field("comment", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "filing_id")
            .create()
        try await sql.create(index: "service_ratings_procedure_idx").on("service_ratings")
            .column("tenant_id").column("procedure_code").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["service_ratings", "filing_access_codes", "outbox_jobs", "filing_documents"] {
            try await database.schema(table).delete()
        }
        for field in ["registered_at", "protocol_number", "protocol_year", "protocol_entry_id"] {
            try await database.schema("filings").deleteField(FieldKey(stringLiteral: field)).update()
        }
        try await database.schema("tenants").deleteField("protocol_register_code").update()
        try await database.schema("tenants").deleteField("protocol_aoo_code").update()
    }
}
