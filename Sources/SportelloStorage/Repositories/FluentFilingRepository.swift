import FluentKit
public import Foundation
import SQLKit
public import SportelloCore

/// Filings in the SQL database; every query is scoped by tenant and owner.
public struct FluentFilingRepository: FilingRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func create(_ filing: Filing) async throws {
        let model = FilingModel()
        model.id = filing.id
        try copy(filing, into: model)
        try await model.create(on: storage.database())
    }

    // The two calls every form page makes go through SQLKit with explicit columns: Fluent's
    // reflection-based model decoding cost ~40 % of a page render in the profile.
    // The two statements every form page runs are written out once: building them with the query
    // builder (identifier quoting, expression trees) cost more than the database round trip.
    // On PostgreSQL they are prepared statements (PostgresFilingStatements).
    public func find(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Filing? {
        if let client = storage.postgresClient {
            return try await client.findFiling(id: id, owner: owner, tenantID: tenantID)
        }
        let row = try await storage.reader().raw(
            """
            SELECT \(unsafeRaw: FilingRow.columnList) FROM filings \
            WHERE id = \(bind: id) AND tenant_id = \(bind: tenantID) AND owner_fiscal_code = \(bind: owner.value)
            """
        ).first()
        return try row.map(Self.makeFiling)
    }

    /// One conditional UPDATE: it changes the row only while it is still a draft of this owner.
    public func saveDraft(_ filing: Filing) async throws -> Bool {
        let answers = String(decoding: try JSONEncoder().encode(filing.answers), as: UTF8.self)
        if let client = storage.postgresClient {
            return try await client.saveDraft(filing, answers: answers)
        }
        let updated = try await storage.sql().raw(
            """
            UPDATE filings SET status = \(bind: filing.status.rawValue), answers = \(bind: answers), \
            current_page = \(bind: filing.currentPage), consented_at = \(bind: filing.consentedAt), \
            updated_at = \(bind: filing.updatedAt), confirmed_at = \(bind: filing.confirmedAt) \
            WHERE id = \(bind: filing.id) AND tenant_id = \(bind: filing.tenantID) \
            AND owner_fiscal_code = \(bind: filing.owner.value) AND status = \(bind: FilingStatus.draft.rawValue) \
            RETURNING id
            """
        ).all()
        return !updated.isEmpty
    }

    static func makeFiling(_ row: any SQLRow) throws -> Filing {
        try FilingRow(
            id: row.decode(column: "id", as: UUID.self), tenantID: row.decode(column: "tenant_id", as: UUID.self),
            procedureCode: row.decode(column: "procedure_code", as: String.self),
            procedureVersion: row.decode(column: "procedure_version", as: Int.self),
            ownerFiscalCode: row.decode(column: "owner_fiscal_code", as: String.self),
            status: row.decode(column: "status", as: String.self), answers: row.decode(column: "answers", as: String.self),
            currentPage: row.decode(column: "current_page", as: String?.self),
            consentedAt: row.decode(column: "consented_at", as: Date?.self),
            createdAt: row.decode(column: "created_at", as: Date.self),
            updatedAt: row.decode(column: "updated_at", as: Date.self),
            confirmedAt: row.decode(column: "confirmed_at", as: Date?.self),
            protocolEntryID: row.decode(column: "protocol_entry_id", as: UUID?.self),
            protocolYear: row.decode(column: "protocol_year", as: Int?.self),
            protocolNumber: row.decode(column: "protocol_number", as: Int64?.self),
            registeredAt: row.decode(column: "registered_at", as: Date?.self)
        ).filing()
    }

    public func invalidate(id: Filing.ID) {}

    public func list(owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> [Filing] {
        try await storage.reader().select().columns(FilingRow.columns).from("filings")
            .where("tenant_id", .equal, tenantID).where("owner_fiscal_code", .equal, owner.value)
            .orderBy("updated_at", .descending).all().map(Self.makeFiling)
    }

    public func list(owner: CodiceFiscale, tenantID: Tenant.ID, status: FilingStatus) async throws -> [Filing] {
        try await storage.reader().select().columns(FilingRow.columns).from("filings")
            .where("tenant_id", .equal, tenantID).where("owner_fiscal_code", .equal, owner.value)
            .where("status", .equal, status.rawValue).orderBy("updated_at", .descending)
            .all().map(Self.makeFiling)
    }

    public func deleteDraft(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Bool {
        try await !storage.sql().delete(from: "filings")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).where("owner_fiscal_code", .equal, owner.value)
            .where("status", .equal, FilingStatus.draft.rawValue)
            .returning("id").all().isEmpty
    }

    public func deleteStaleDrafts(startedBefore: Date, ofVersions versions: [ProcedureVersionKey]) async throws -> Int {
        var deleted = try await deleteDrafts(where: "created_at < \(bind: startedBefore)")
        for key in versions {
            deleted += try await deleteDrafts(
                where: """
                    tenant_id = \(bind: key.tenantID) AND procedure_code = \(bind: key.code) \
                    AND procedure_version = \(bind: key.version)
                    """)
        }
        return deleted
    }

    /// Drafts matching `condition`, a batch at a time: a million stale drafts never hold the database
    /// (SQLite's only writer, PostgreSQL's locks) for more than one short statement.
    private func deleteDrafts(where condition: SQLQueryString, batchSize: Int = 10_000) async throws -> Int {
        let batch: SQLQueryString = """
            DELETE FROM filings WHERE id IN (SELECT id FROM filings \
            WHERE status = \(bind: FilingStatus.draft.rawValue) AND \(condition) LIMIT \(literal: batchSize))
            """
        var deleted = 0
        while true {
            let count: Int
            if case .postgres = storage.location {
                let row = try await storage.sql().raw("WITH deleted AS (\(batch) RETURNING 1) SELECT count(*) AS n FROM deleted")
                    .first()
                count = try row?.decode(column: "n", as: Int.self) ?? 0
            } else {
                // changes() counts the statement just run on the same connection.
                count = try await storage.database().withConnection { connection in
                    let sql = connection as! any SQLDatabase
                    try await sql.raw(batch).run()
                    return try await sql.raw("SELECT changes() AS n").first()?.decode(column: "n", as: Int.self) ?? 0
                }
            }
            deleted += count
            if count < batchSize { return deleted }
        }
    }

    private func copy(_ filing: Filing, into model: FilingModel) throws {
        model.tenantID = filing.tenantID
        model.procedureCode = filing.procedureCode
        model.procedureVersion = filing.procedureVersion
        model.owner = filing.owner.value
        model.status = filing.status.rawValue
        model.answers = String(decoding: try JSONEncoder().encode(filing.answers), as: UTF8.self)
        model.currentPage = filing.currentPage
        model.consentedAt = filing.consentedAt
        model.createdAt = filing.createdAt
        model.updatedAt = filing.updatedAt
        model.confirmedAt = filing.confirmedAt
    }
}
