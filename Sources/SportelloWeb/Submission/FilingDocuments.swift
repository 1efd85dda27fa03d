import Foundation
import SportelloCore
import SportelloDocuments

/// The documents of a submitted filing: the registered PDF/A copy as stored, the receipt, made again from the
/// stored data (filing, protocol entry, procedure) whenever it is asked for, and, for a procedure with a fee, the
/// pagoPA receipt's copy registered with it, as stored.
struct FilingDocuments {
    let documents: any FilingDocumentRepository
    let register: any ProtocolRegister
    let catalog: ProcedureCatalog
    let renderer: DocumentRenderer
    let localizer: Localizer
    let logos: DocumentLogos

    /// A document ready to send: name, type and bytes.
    struct File: Sendable {
        var fileName: String
        var mimeType: String
        var bytes: [UInt8]
    }

    /// The path segment of each document in download links.
    static func slug(_ kind: DocumentKind) -> String {
        switch kind {
        case .filing: "domanda.pdf"
        case .receipt: "ricevuta.pdf"
        case .payment: "pagamento.pdf"
        }
    }

    static func kind(slug: String) -> DocumentKind? {
        DocumentKind.allCases.first { Self.slug($0) == slug }
    }

    func file(_ kind: DocumentKind, of filing: Filing, tenant: Tenant, language: Language) async throws -> File? {
        switch kind {
        case .filing:
            guard let bytes = try await documents.content(filingID: filing.id, kind: .filing, tenantID: tenant.id) else {
                return nil
            }
            return File(fileName: FiledCopy.fileName(code: filing.displayCode), mimeType: "application/pdf", bytes: bytes)
        case .payment:
            guard
                let stored = try await documents.documents(filingID: filing.id, tenantID: tenant.id).first(where: {
                    $0.kind == .payment
                }),
                let bytes = try await documents.content(filingID: filing.id, kind: .payment, tenantID: tenant.id)
            else { return nil }
            return File(fileName: stored.fileName, mimeType: stored.mimeType, bytes: bytes)
        case .receipt:
            guard let model = try await receiptModel(filing, tenant: tenant, language: language) else { return nil }
            let t = Texts(localizer: localizer, language: language)
            return File(
                fileName: FilingReceipt.fileName(code: filing.displayCode), mimeType: "application/pdf",
                bytes: try renderer.render(FilingReceipt.document(model, t: t), conformance: .pdfA1b))
        }
    }

    /// Whether a pagoPA receipt was registered with the filing.
    func hasPayment(_ filing: Filing, tenant: Tenant) async throws -> Bool {
        try await documents.documents(filingID: filing.id, tenantID: tenant.id).contains { $0.kind == .payment }
    }

    func receiptModel(_ filing: Filing, tenant: Tenant, language: Language) async throws -> FilingReceipt.Model? {
        guard filing.status.isRegistered, let registration = filing.registration,
            let entry = try await register.entry(id: registration.entryID, tenantID: tenant.id),
            let procedure = try await catalog.procedure(
                code: filing.procedureCode, version: filing.procedureVersion, tenantID: tenant.id)
        else { return nil }
        let sender = entry.registration.correspondents.first
        return FilingReceipt.Model(
            municipality: tenant.name, procedureTitle: procedure.definition.title.text(language.code),
            filingCode: filing.displayCode, applicantName: sender?.name ?? "", registration: registration,
            register: entry.register, office: procedure.definition.office,
            maximumCompletionDays: procedure.definition.maximumCompletionDays, email: sender?.email,
            logo: logos.logo(for: tenant.slug))
    }
}
