public import Foundation
import SQLKit
public import SportelloCore

/// Daily registers in the database, one per register and day.
public struct SQLDailyRegisters: DailyRegisterRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func store(_ record: DailyRegisterRecord) async throws {
        try await storage.sql().raw(
            """
            INSERT INTO protocol_daily_registers (tenant_id, register_code, day, entries, annulments, pdf, pdf_sha256, data, \
            data_sha256, created_at) VALUES (\(bind: record.tenantID), \(bind: record.registerCode), \(bind: record.day), \
            \(bind: record.entries), \(bind: record.annulments), \(bind: Data(record.pdf)), \(bind: record.pdfSHA256), \
            \(bind: Data(record.data)), \(bind: record.dataSHA256), \(bind: record.createdAt)) \
            ON CONFLICT (tenant_id, register_code, day) DO UPDATE SET entries = excluded.entries, \
            annulments = excluded.annulments, pdf = excluded.pdf, pdf_sha256 = excluded.pdf_sha256, data = excluded.data, \
            data_sha256 = excluded.data_sha256, created_at = excluded.created_at
            """
        ).run()
    }

    public func find(tenantID: Tenant.ID, registerCode: String, day: String) async throws -> DailyRegisterRecord? {
        try await storage.sql().raw(
            """
            SELECT entries, annulments, pdf, pdf_sha256, data, data_sha256, created_at FROM protocol_daily_registers \
            WHERE tenant_id = \(bind: tenantID) AND register_code = \(bind: registerCode) AND day = \(bind: day)
            """
        ).first().map { row in
            DailyRegisterRecord(
                tenantID: tenantID, registerCode: registerCode, day: day,
                entries: try row.decode(column: "entries", as: Int.self),
                annulments: try row.decode(column: "annulments", as: Int.self),
                pdf: [UInt8](try row.decode(column: "pdf", as: Data.self)),
                data: [UInt8](try row.decode(column: "data", as: Data.self)),
                pdfSHA256: try row.decode(column: "pdf_sha256", as: String.self),
                dataSHA256: try row.decode(column: "data_sha256", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }
}
