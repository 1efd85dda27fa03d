public import Foundation
import SQLKit
public import SportelloCore

/// Access codes of submitted filings (digests only).
public struct SQLAccessCodes: AccessCodeRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    static func insert(_ code: AccessCodeRecord, on sql: any SQLDatabase) async throws {
        try await insert([code], on: sql)
    }

    static func insert(_ codes: [AccessCodeRecord], on sql: any SQLDatabase) async throws {
        guard !codes.isEmpty else { return }
        let rows: [SQLQueryString] = codes.map { code in
            """
            (\(bind: code.filingID), \(bind: code.tenantID), \(bind: code.owner.value), \(bind: code.filingCode), \
            \(bind: code.digest), \(bind: code.expiresAt), 0)
            """
        }
        try await sql.raw(
            """
            INSERT INTO filing_access_codes (filing_id, tenant_id, owner_fiscal_code, filing_code, digest, expires_at, \
            failed_attempts) VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    public func candidates(filingCode: String, tenantID: Tenant.ID) async throws -> [AccessCodeCandidate] {
        try await storage.reader().raw(
            """
            SELECT filing_id, owner_fiscal_code, digest, expires_at, failed_attempts, locked_until FROM filing_access_codes \
            WHERE tenant_id = \(bind: tenantID) AND filing_code = \(bind: filingCode)
            """
        ).all().map { row in
            AccessCodeCandidate(
                record: AccessCodeRecord(
                    filingID: try row.decode(column: "filing_id", as: UUID.self), tenantID: tenantID,
                    owner: try CodiceFiscale(stored: try row.decode(column: "owner_fiscal_code", as: String.self)),
                    filingCode: filingCode,
                    digest: try row.decode(column: "digest", as: String.self),
                    expiresAt: try row.decode(column: "expires_at", as: Date.self)),
                failedAttempts: try row.decode(column: "failed_attempts", as: Int.self),
                lockedUntil: try row.decode(column: "locked_until", as: Date?.self))
        }
    }

    public func recordFailure(filingCode: String, tenantID: Tenant.ID, maximumAttempts: Int, lockUntil: Date) async throws {
        try await storage.sql().raw(
            """
            UPDATE filing_access_codes SET failed_attempts = failed_attempts + 1, \
            locked_until = CASE WHEN failed_attempts + 1 >= \(bind: maximumAttempts) THEN \(bind: lockUntil) \
            ELSE locked_until END WHERE tenant_id = \(bind: tenantID) AND filing_code = \(bind: filingCode)
            """
        ).run()
    }

    public func resetFailures(filingID: Filing.ID, tenantID: Tenant.ID) async throws {
        try await storage.sql().raw(
            """
            UPDATE filing_access_codes SET failed_attempts = 0, locked_until = NULL \
            WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID)
            """
        ).run()
    }
}

/// Service ratings.
public struct SQLRatings: RatingRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func rate(_ rating: ServiceRating) async throws -> Bool {
        let inserted = try await storage.sql().raw(
            """
            INSERT INTO service_ratings (filing_id, tenant_id, procedure_code, score, comment, created_at) \
            VALUES (\(bind: rating.filingID), \(bind: rating.tenantID), \(bind: rating.procedureCode), \(bind: rating.score), \
            \(bind: rating.comment), \(bind: rating.createdAt)) ON CONFLICT (filing_id) DO NOTHING RETURNING filing_id
            """
        ).all()
        return !inserted.isEmpty
    }

    public func rating(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> ServiceRating? {
        try await storage.reader().raw(
            """
            SELECT procedure_code, score, comment, created_at FROM service_ratings \
            WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID)
            """
        ).first().map { row in
            ServiceRating(
                filingID: filingID, tenantID: tenantID, procedureCode: try row.decode(column: "procedure_code", as: String.self),
                score: try row.decode(column: "score", as: Int.self),
                comment: try row.decode(column: "comment", as: String?.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }
}
