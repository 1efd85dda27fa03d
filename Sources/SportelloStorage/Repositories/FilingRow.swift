import Foundation
import SportelloCore

/// A row of `filings` as stored, before it becomes a `Filing`: the one place that knows how columns map to a filing,
/// whichever driver read them (SQLKit by column name, a PostgreSQL prepared statement by position).
struct FilingRow {
    /// The columns, in the order of the stored properties below.
    static let columns = [
        "id", "tenant_id", "procedure_code", "procedure_version", "owner_fiscal_code", "status", "answers", "current_page",
        "consented_at", "created_at", "updated_at", "confirmed_at", "protocol_entry_id", "protocol_year", "protocol_number",
        "registered_at",
    ]
    static let columnList = columns.joined(separator: ", ")

    var id: UUID
    var tenantID: UUID
    var procedureCode: String
    var procedureVersion: Int
    var ownerFiscalCode: String
    var status: String
    /// JSON of the answers.
    var answers: String
    var currentPage: String?
    var consentedAt: Date?
    var createdAt: Date
    var updatedAt: Date
    var confirmedAt: Date?
    var protocolEntryID: UUID?
    var protocolYear: Int?
    var protocolNumber: Int64?
    var registeredAt: Date?

    func filing() throws -> Filing {
        var registration: FilingRegistration?
        if let protocolEntryID, let protocolYear, let protocolNumber, let registeredAt {
            registration = FilingRegistration(
                entryID: protocolEntryID, year: protocolYear, number: Int(protocolNumber), registeredAt: registeredAt)
        }
        return Filing(
            id: id, tenantID: tenantID, procedureCode: procedureCode, procedureVersion: procedureVersion,
            owner: try CodiceFiscale(stored: ownerFiscalCode), status: FilingStatus(rawValue: status) ?? .draft,
            answers: try JSONDecoder().decode(Answers.self, from: Data(answers.utf8)), currentPage: currentPage,
            consentedAt: consentedAt, createdAt: createdAt, updatedAt: updatedAt, confirmedAt: confirmedAt,
            registration: registration)
    }
}
