import FluentKit
import SQLKit

/// The back office: one narrow case row per submitted filing (what the inbox filters and searches, without reading
/// the answers), which office owns which procedure, the audit trail (append-only: triggers refuse any change), the
/// citizens' messages, the documents sent and received after submission and the supplement requests.
struct M0013CreateCasework: AsyncMigration {
    var name: String { "0013-create-casework" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        try await database.schema("cases")
            .field("filing_id", .uuid, .identifier(auto: false), .references("filings", "id", onDelete: .restrict))
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("procedure_code", .string, .required)
            .field("status", .string, .required)
            .field("citizen_fiscal_code", .string, .required)
            .field("citizen_name", .string, .required)
            .field("citizen_email", .string)
            .field("sign_in_method", .string, .required)
            .field("filing_code", .string, .required)
            .field("protocol_entry_id", .uuid)
            .field("protocol_year", .int)
            .field("protocol_number", .int64)
            .field("registered_at", .datetime)
            .field("submitted_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("assigned_operator_id", .uuid)
            .field("assigned_operator_name", .string)
            .field("concluded_at", .datetime)
            .field("updated_at", .datetime, .required)
            .field("prefill", .string, .required)
            .create()
        for (name, columns) in [
            ("cases_submitted_idx", ["tenant_id", "submitted_at"]),
            ("cases_status_idx", ["tenant_id", "status", "submitted_at"]),
            ("cases_procedure_idx", ["tenant_id", "procedure_code", "submitted_at"]),
            ("cases_assigned_idx", ["tenant_id", "assigned_operator_id", "submitted_at"]),
            ("cases_due_idx", ["tenant_id", "due_at", "status"]),
        ] {
            var index = sql.create(index: SQLIdentifier(name)).on("cases")
            for column in columns { index = index.column(column) }
            try await index.run()
        }

        try await database.schema("procedure_offices")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .cascade))
            .field("procedure_code", .string, .required)
            .field("office_id", .uuid, .required, .references("offices", "id", onDelete: .cascade))
            .unique(on: "tenant_id", "procedure_code")
            .create()

        try await database.schema("audit_events")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("filing_id", .uuid, .required)
            .field("actor_kind", .string, .required)
            .field("actor_id", .string, .required)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string)
            .field("detail", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.create(index: "audit_events_filing_idx").on("audit_events")
            .column("tenant_id").column("filing_id").column("created_at").run()
        if postgres {
            try await sql.raw(
                """
                CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ \
                BEGIN RAISE EXCEPTION 'the audit trail cannot be changed'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events \
                FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()
                """
            ).run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON audit_events \
                    BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END
                    """
                ).run()
            }
        }

        try await database.schema("citizen_messages")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("recipient_fiscal_code", .string, .required)
            .field("filing_id", .uuid)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("protocol_reference", .string)
            .field("document_id", .uuid)
            .field("attachments", .string, .required)
            .field("communication_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await sql.create(index: "citizen_messages_recipient_idx").on("citizen_messages")
            .column("tenant_id").column("recipient_fiscal_code").column("created_at").run()
        try await sql.create(index: "citizen_messages_filing_idx").on("citizen_messages")
            .column("tenant_id").column("filing_id").run()
        try await sql.create(index: "citizen_messages_communication_idx").on("citizen_messages")
            .column("communication_id").run()

        try await database.schema("case_documents")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("file_name", .string, .required)
            .field("mime_type", .string, .required)
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("content", .data, .required)
            .field("protocol_entry_id", .uuid)
            .field("protocol_reference", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.create(index: "case_documents_filing_idx").on("case_documents")
            .column("tenant_id").column("filing_id").run()
        if postgres {
            try await sql.raw("ALTER TABLE case_documents ALTER COLUMN content SET STORAGE EXTERNAL").run()
        }

        try await database.schema("supplement_requests")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .restrict))
            .field("request_text", .string, .required)
            .field("deadline", .datetime, .required)
            .field("requested_at", .datetime, .required)
            .field("protocol_reference", .string)
            .field("answer_text", .string)
            .field("answer_attachments", .string)
            .field("answered_at", .datetime)
            .field("answer_protocol_reference", .string)
            .create()
        try await sql.create(index: "supplement_requests_filing_idx").on("supplement_requests")
            .column("tenant_id").column("filing_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "supplement_requests", "case_documents", "citizen_messages", "audit_events", "procedure_offices", "cases",
        ] {
            try await database.schema(table).delete()
        }
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_events_refuse_change()").run()
        }
    }
}
