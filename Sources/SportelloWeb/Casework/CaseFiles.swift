import Foundation
import SportelloCore

/// Files exchanged after submission (a citizen's supplement, the attachments of a decision): checked like filing
/// attachments, stored by content, kept referenced by their filing so the daily cleanup never removes them, and
/// found again for a download only when the filing refers to them.
struct CaseFiles: Sendable {
    let attachments: Attachments
    let store: any CaseworkStore
    let messages: any CitizenMessageStore
    let filings: any FilingRepository
    let clock: any Clock

    /// The posted files named `name` that are of an `allowed` kind and within the size limit, or what is wrong.
    func check(
        _ upload: UploadedForm?, name: String, allowed: [String], t: Texts
    ) -> (
        documents: [ProtocolDocument], errors: [String]
    ) {
        var documents: [ProtocolDocument] = []
        var errors: [String] = []
        let limit = attachments.defaultLimitMB
        for file in (upload?.files ?? []) where file.name == name && !(file.size == 0 && file.fileName.isEmpty) {
            let kind = FileType.accepted(fileName: file.fileName, leadingBytes: file.leadingBytes, allowed: allowed)
            if file.size == 0 {
                errors.append(t("error.attachment.empty"))
            } else if Double(file.size) > limit * 1_048_576 {
                errors.append(t("error.attachment.size", ["maximum": Attachments.megabytes(limit)]))
            } else if let kind {
                documents.append(ProtocolDocument(fileName: file.fileName, mimeType: kind.contentType, sha256: file.sha256))
            } else {
                errors.append(t("error.attachment.type", ["types": allowed.map { $0.uppercased() }.joined(separator: ", ")]))
            }
        }
        return (documents, errors)
    }

    /// Moves the checked files into the store and records them with the filing's other documents.
    func keep(_ documents: [ProtocolDocument], from upload: UploadedForm?, of caseFile: CaseFile, tenant: Tenant) async throws {
        guard !documents.isEmpty else { return }
        let wanted = Set(documents.map(\.sha256))
        for file in upload?.files ?? [] where wanted.contains(file.sha256) {
            try await attachments.store.commit(temporaryFile: file.temporaryURL, sha256: file.sha256, tenantID: tenant.id)
        }
        guard let filing = try await filing(caseFile, tenant: tenant) else { return }
        let later = try await exchanged(caseFile, tenant: tenant) + documents
        try await attachments.register.record(
            filing.answers.attachments
                + later.map { AttachmentReference(sha256: $0.sha256, fileName: $0.fileName, size: 0, contentType: $0.mimeType) },
            filingID: filing.id, tenantID: tenant.id, at: clock.now)
    }

    /// A document the filing refers to (an attachment of its answers, of a supplement answer or of a message), by
    /// content hash; nil for anything else.
    func reference(sha256: String, of caseFile: CaseFile, tenant: Tenant) async throws -> (fileName: String, mimeType: String)? {
        guard SHA256Digest.isValid(sha256) else { return nil }
        if let filing = try await filing(caseFile, tenant: tenant), let reference = filing.answers.attachment(sha256: sha256) {
            return (reference.fileName, reference.contentType)
        }
        return try await exchanged(caseFile, tenant: tenant).first { $0.sha256 == sha256 }.map { ($0.fileName, $0.mimeType) }
    }

    /// The bytes of a stored file.
    func content(sha256: String, tenant: Tenant) throws -> [UInt8]? {
        guard let location = attachments.store.location(sha256: sha256, tenantID: tenant.id) else { return nil }
        return [UInt8](try Data(contentsOf: location))
    }

    private func exchanged(_ caseFile: CaseFile, tenant: Tenant) async throws -> [ProtocolDocument] {
        try await store.supplements(filingID: caseFile.filingID, tenantID: tenant.id).flatMap { $0.answer?.attachments ?? [] }
            + messages.messages(filingID: caseFile.filingID, tenantID: tenant.id).flatMap(\.attachments)
    }

    private func filing(_ caseFile: CaseFile, tenant: Tenant) async throws -> Filing? {
        try await filings.find(
            id: caseFile.filingID, owner: try CodiceFiscale(stored: caseFile.citizenFiscalCode), tenantID: tenant.id)
    }
}
