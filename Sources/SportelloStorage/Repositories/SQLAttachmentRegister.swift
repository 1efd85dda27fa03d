public import Foundation
import SQLKit
public import SportelloCore

/// `filing_attachments` rows: one per document a filing refers to, removed with the filing.
public struct SQLAttachmentRegister: AttachmentRegister {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func record(
        _ attachments: [AttachmentReference], filingID: Filing.ID, tenantID: Tenant.ID, at date: Date
    ) async throws {
        let sql = storage.sql()
        var unique: [String: AttachmentReference] = [:]
        for attachment in attachments where unique[attachment.sha256] == nil { unique[attachment.sha256] = attachment }
        var delete = sql.delete(from: "filing_attachments").where("filing_id", .equal, filingID)
            .where("tenant_id", .equal, tenantID)
        if !unique.isEmpty { delete = delete.where("sha256", .notIn, Array(unique.keys)) }
        try await delete.run()
        guard !unique.isEmpty else { return }
        let insert = sql.insert(into: "filing_attachments")
            .columns("filing_id", "tenant_id", "sha256", "file_name", "size", "content_type", "created_at")
        for attachment in unique.values.sorted(by: { $0.sha256 < $1.sha256 }) {
            insert.values(
                SQLBind(filingID), SQLBind(tenantID), SQLBind(attachment.sha256), SQLBind(attachment.fileName),
                SQLBind(Int64(attachment.size)), SQLBind(attachment.contentType), SQLBind(date))
        }
        try await insert.ignoringConflicts(with: ["filing_id", "sha256"]).run()
    }

    public func referencedDigests(tenantID: Tenant.ID) async throws -> Set<String> {
        let rows = try await storage.sql().select().distinct().column("sha256").from("filing_attachments")
            .where("tenant_id", .equal, tenantID).all()
        return Set(try rows.map { try $0.decode(column: "sha256", as: String.self) })
    }
}
