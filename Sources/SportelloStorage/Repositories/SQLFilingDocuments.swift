public import Foundation
import SQLKit
public import SportelloCore

/// Documents of filings, with their content, in the database: written in the same transaction as the
/// act that produced them, so a registered document can never be missing.
public struct SQLFilingDocuments: FilingDocumentRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    static func insert(_ document: StoredDocument, content: [UInt8], tenantID: Tenant.ID, on sql: any SQLDatabase) async throws {
        try await insert([(document, content, tenantID)], on: sql)
    }

    /// Writes documents with one statement.
    static func insert(_ documents: [(StoredDocument, [UInt8], Tenant.ID)], on sql: any SQLDatabase) async throws {
        guard !documents.isEmpty else { return }
        let rows: [SQLQueryString] = documents.map { document, content, tenantID in
            """
            (\(bind: document.filingID), \(bind: tenantID), \(bind: document.kind.rawValue), \(bind: document.fileName), \
            \(bind: document.mimeType), \(bind: document.sha256), \(bind: Int64(document.size)), \(bind: Data(content)), \
            \(bind: document.createdAt))
            """
        }
        try await sql.raw(
            """
            INSERT INTO filing_documents (filing_id, tenant_id, kind, file_name, mime_type, sha256, size, content, created_at) \
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    public func documents(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [StoredDocument] {
        try await storage.reader().raw(
            """
            SELECT kind, file_name, mime_type, sha256, size, created_at FROM filing_documents \
            WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID) ORDER BY created_at, kind
            """
        ).all().compactMap { row in
            guard let kind = DocumentKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return StoredDocument(
                filingID: filingID, kind: kind, fileName: try row.decode(column: "file_name", as: String.self),
                mimeType: try row.decode(column: "mime_type", as: String.self),
                sha256: try row.decode(column: "sha256", as: String.self),
                size: Int(try row.decode(column: "size", as: Int64.self)),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    public func content(filingID: Filing.ID, kind: DocumentKind, tenantID: Tenant.ID) async throws -> [UInt8]? {
        try await storage.reader().raw(
            """
            SELECT content FROM filing_documents \
            WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID) AND kind = \(bind: kind.rawValue)
            """
        ).first().map { [UInt8](try $0.decode(column: "content", as: Data.self)) }
    }
}
