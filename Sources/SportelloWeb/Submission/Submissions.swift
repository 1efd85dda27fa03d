import Foundation
import SportelloCore
import SportelloDocuments

/// Submits a confirmed filing: builds its PDF/A copy, its protocol registration, the two emails to the
/// citizen and the access code, and hands them to the store, which writes them in one durable act.
struct Submissions {
    let store: any SubmissionStore
    let filings: any FilingRepository
    let renderer: DocumentRenderer
    let clock: any Clock
    /// How long the mailed access code opens the filing's documents.
    let accessCodeLifetime: TimeInterval

    /// The payload of the two emails sent after submission.
    struct EmailPayload: Codable, Equatable {
        var filingID: UUID
        var owner: String
        var to: String
        var name: String
        var language: String
        /// Only in the access-code email.
        var code: String?
    }

    static let filingCopyKind = "email.filing-copy"
    static let accessCodeKind = "email.access-code"

    func submit(
        _ filing: Filing, procedure: CompiledProcedure, evaluation: FormEvaluation, citizen: CitizenIdentity, tenant: Tenant,
        t: Texts
    ) async throws -> SubmissionOutcome {
        let now = clock.now
        var filing = filing
        filing.confirmedAt = now
        filing.updatedAt = now
        let lang = t.language.code
        let summary = FilingSummary(evaluation, t: t)
        let title = procedure.definition.title.text(lang)
        let model = FiledCopy.Model(
            municipality: tenant.name, procedureTitle: title, filingCode: filing.displayCode, applicantName: citizen.fullName,
            applicantFiscalCode: citizen.fiscalCode.value, confirmedAt: now,
            summary: summary.sections.map { ($0.page.title.text(lang), $0.rows) }, attachments: summary.attachments)
        let renderer = renderer
        let document = StampedDocument(fileName: FiledCopy.fileName(code: filing.displayCode), mimeType: "application/pdf") {
            stamp in try renderer.render(FiledCopy.document(model, stamp: stamp, t: t), conformance: .pdfA1b)
        }
        let email = Self.contactEmail(evaluation) ?? citizen.email
        let access = AccessCodes.make(filing: filing, lifetime: accessCodeLifetime, now: now)
        var messages: [NewOutboxJob] = []
        if let email {
            let payload = EmailPayload(
                filingID: filing.id, owner: filing.owner.value, to: email, name: citizen.fullName, language: lang)
            var withCode = payload
            withCode.code = access.code
            let encoder = JSONEncoder()
            messages = [
                NewOutboxJob(
                    tenantID: tenant.id, kind: Self.filingCopyKind, key: "\(Self.filingCopyKind):\(filing.id)",
                    payload: String(decoding: try encoder.encode(payload), as: UTF8.self)),
                NewOutboxJob(
                    tenantID: tenant.id, kind: Self.accessCodeKind, key: "\(Self.accessCodeKind):\(filing.id)",
                    payload: String(decoding: try encoder.encode(withCode), as: UTF8.self), secret: true),
            ]
        }
        let request = SubmissionRequest(
            filing: filing, register: tenant.protocolRegister, subject: "\(title) – \(citizen.fullName)",
            sender: ProtocolParty(name: citizen.fullName, fiscalCode: citizen.fiscalCode.value, email: email),
            document: document,
            attachments: summary.attachments.map {
                ProtocolDocument(fileName: $0.fileName, mimeType: $0.contentType, sha256: $0.sha256)
            },
            messages: messages, accessCode: email == nil ? nil : access.record)
        defer { filings.invalidate(id: filing.id) }
        return try await store.submit(request)
    }

    /// Where the receipt goes: the first email the citizen gave in the form, else the one from sign-in.
    static func contactEmail(_ evaluation: FormEvaluation) -> String? {
        for page in evaluation.visiblePages {
            for section in page.sections where evaluation.isVisible(section) {
                for field in section.fields where field.type == .email && evaluation.isVisible(field) {
                    if case .text(let value) = evaluation.answers[field.id], !value.isEmpty { return value }
                }
            }
        }
        return nil
    }
}
