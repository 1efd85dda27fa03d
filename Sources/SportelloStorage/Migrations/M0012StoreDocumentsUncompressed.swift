import FluentKit
import SQLKit

/// PostgreSQL tries to compress every large value before storing it out of line; PDFs and daily registers are
/// compressed already, so that was CPU spent for nothing on every submission. Stored as they are (EXTERNAL).
struct M0012StoreDocumentsUncompressed: AsyncMigration {
    var name: String { "0012-store-documents-uncompressed" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("ALTER TABLE filing_documents ALTER COLUMN content SET STORAGE EXTERNAL").run()
        try await sql.raw("ALTER TABLE protocol_daily_registers ALTER COLUMN pdf SET STORAGE EXTERNAL").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("ALTER TABLE filing_documents ALTER COLUMN content SET STORAGE EXTENDED").run()
        try await sql.raw("ALTER TABLE protocol_daily_registers ALTER COLUMN pdf SET STORAGE EXTENDED").run()
    }
}
