import FluentKit
import SQLKit

/// Indexes for the daily cleanup: drafts by start date, and drafts by procedure version. The index by
/// last update served the earlier cleanup rule and is dropped (one index less to keep up at every save).
struct M0009IndexDraftCleanup: AsyncMigration {
    var name: String { "0009-index-draft-cleanup" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "filings_created_idx").on("filings").column("status").column("created_at").run()
        try await sql.create(index: "filings_version_idx").on("filings")
            .column("tenant_id").column("procedure_code").column("procedure_version").column("status").run()
        try await sql.drop(index: "filings_updated_idx").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "filings_updated_idx").on("filings").column("status").column("updated_at").run()
        try await sql.drop(index: "filings_created_idx").run()
        try await sql.drop(index: "filings_version_idx").run()
    }
}
