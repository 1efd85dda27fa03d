import FluentKit
import SQLKit

/// The statistics count a period's incoming protocol entries (the share of them filed online): an index by
/// municipality, direction and time answers that count from the index alone, where the register's time index
/// (which leads with the register code) made it read every entry of the municipality.
struct M0017IndexIncomingEntries: AsyncMigration {
    var name: String { "0017-index-incoming-entries" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "protocol_entries_direction_idx").on("protocol_entries")
            .column("tenant_id").column("direction").column("registered_at").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "protocol_entries_direction_idx").run()
    }
}
