import FluentKit
import SQLKit

/// The protocol register: one counter per register and year, and the immutable entries.
struct M0008CreateProtocolRegister: AsyncMigration {
    var name: String { "0008-create-protocol-register" }

    func prepare(on database: any Database) async throws {
        try await database.schema("protocol_counters")
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("register_code", .string, .required)
            .field("year", .int, .required)
            .field("last_number", .int64, .required)
            .unique(on: "tenant_id", "register_code", "year")
            .create()
        try await database.schema("protocol_entries")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id", onDelete: .restrict))
            .field("administration_code", .string, .required)
            .field("aoo_code", .string, .required)
            .field("register_code", .string, .required)
            .field("year", .int, .required)
            .field("number", .int64, .required)
            .field("registered_at", .datetime, .required)
            .field("direction", .string, .required)
            .field("subject", .string, .required)
            .field("correspondents", .string, .required)
            .field("documents", .string, .required)
            .field("segnatura", .string, .required)
            // A number is never given twice, whatever happens.
            .unique(on: "tenant_id", "register_code", "year", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("protocol_entries").delete()
        try await database.schema("protocol_counters").delete()
    }
}
