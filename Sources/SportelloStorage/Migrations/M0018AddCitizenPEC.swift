import FluentKit

/// The citizen's PEC address (domicilio digitale) on the case row, when the form asked for one: the office's
/// registered letters are sent there by PEC too.
struct M0018AddCitizenPEC: AsyncMigration {
    var name: String { "0018-add-citizen-pec" }

    func prepare(on database: any Database) async throws {
        try await database.schema("cases").field("citizen_pec", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cases").deleteField("citizen_pec").update()
    }
}
