import FluentKit

/// The fees of filings waiting for payment: which debt position belongs to which filing, and the job (kept as its
/// kind, key and payload) that the position's positive receipt releases into the outbox to register the filing.
struct M0016CreateFilingFees: AsyncMigration {
    var name: String { "0016-create-filing-fees" }

    func prepare(on database: any Database) async throws {
        try await database.schema("filing_fees")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("iupd", .string, .required)
            .field("filing_id", .uuid, .required, .references("filings", "id", onDelete: .restrict))
            .field("job_kind", .string, .required)
            .field("job_key", .string, .required)
            .field("job_payload", .string, .required)
            .field("created_at", .datetime, .required)
            .field("released_at", .datetime)
            .unique(on: "tenant_id", "iupd")
            .unique(on: "filing_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("filing_fees").delete()
    }
}
