import FluentKit

/// The last TOTP time step each operator used, so a code cannot be replayed.
struct M0006AddOneTimeCodeStep: AsyncMigration {
    var name: String { "0006-add-one-time-code-step" }

    func prepare(on database: any Database) async throws {
        try await database.schema("operators").field("totp_last_step", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("operators").deleteField("totp_last_step").update()
    }
}
