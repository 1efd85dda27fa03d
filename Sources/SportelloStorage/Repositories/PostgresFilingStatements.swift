import Foundation
import PostgresNIO
import SportelloCore

/// The two statements every form page runs on PostgreSQL, as prepared statements: each connection parses
/// and plans them once instead of at every page, and their values are bound and decoded in PostgreSQL's
/// binary format directly, without the Codable translation of the SQL layer.
enum PostgresFilingStatements {
    /// A filing by id, only if it belongs to this owner in this municipality.
    struct Find: PostgresPreparedStatement {
        static let name = "sportello_filing_find_v1"
        static let sql = """
            SELECT \(FilingRow.columnList) FROM filings \
            WHERE id = $1 AND tenant_id = $2 AND owner_fiscal_code = $3
            """
        typealias Row = Filing

        let id: UUID
        let tenantID: UUID
        let owner: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(id)
            bindings.append(tenantID)
            bindings.append(owner)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Filing {
            let (
                id, tenantID, procedureCode, procedureVersion, owner, status, answers, currentPage, consentedAt, createdAt,
                updatedAt, confirmedAt, entryID, year, number, registeredAt
            ) = try row.decode(
                (UUID, UUID, String, Int, String, String, String, String?, Date?, Date, Date, Date?, UUID?, Int?, Int64?, Date?)
                    .self)
            return try FilingRow(
                id: id, tenantID: tenantID, procedureCode: procedureCode, procedureVersion: procedureVersion,
                ownerFiscalCode: owner, status: status, answers: answers, currentPage: currentPage, consentedAt: consentedAt,
                createdAt: createdAt, updatedAt: updatedAt, confirmedAt: confirmedAt, protocolEntryID: entryID,
                protocolYear: year, protocolNumber: number, registeredAt: registeredAt
            ).filing()
        }
    }

    /// The conditional write of a draft page: it changes the row only while it is still a draft of this owner.
    struct SaveDraft: PostgresPreparedStatement {
        static let name = "sportello_filing_save_draft_v1"
        static let sql = """
            UPDATE filings SET status = $1, answers = $2, current_page = $3, consented_at = $4, updated_at = $5, \
            confirmed_at = $6 \
            WHERE id = $7 AND tenant_id = $8 AND owner_fiscal_code = $9 AND status = $10 \
            RETURNING id
            """
        typealias Row = UUID

        let filing: Filing
        let answers: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 10)
            bindings.append(filing.status.rawValue)
            bindings.append(answers)
            bindings.append(filing.currentPage)
            bindings.append(filing.consentedAt)
            bindings.append(filing.updatedAt)
            bindings.append(filing.confirmedAt)
            bindings.append(filing.id)
            bindings.append(filing.tenantID)
            bindings.append(filing.owner.value)
            bindings.append(FilingStatus.draft.rawValue)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> UUID {
            try row.decode(UUID.self)
        }
    }
}

extension PostgresClient {
    /// The filing, or nil when there is none with this id for this owner in this municipality.
    func findFiling(id: UUID, owner: CodiceFiscale, tenantID: UUID) async throws -> Filing? {
        let rows = try await execute(PostgresFilingStatements.Find(id: id, tenantID: tenantID, owner: owner.value))
        var found: Filing?
        for try await filing in rows { found = filing }
        return found
    }

    /// Whether the draft was written (false: it is no longer a draft of this owner, or it does not exist).
    func saveDraft(_ filing: Filing, answers: String) async throws -> Bool {
        let rows = try await execute(PostgresFilingStatements.SaveDraft(filing: filing, answers: answers))
        var saved = false
        for try await _ in rows { saved = true }
        return saved
    }
}
