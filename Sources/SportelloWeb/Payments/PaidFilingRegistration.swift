import Crypto
import Foundation
import SportelloCore
import SportelloDocuments

/// Registers a filing once its fee is paid. The job is written at confirmation and kept with the debt position; the
/// act that records the positive receipt releases it into the outbox. It rebuilds the filing's evaluation from what
/// was confirmed (answers, and the prefilled data of that moment, carried in the payload), makes the receipt's PDF/A
/// copy, and registers both with the filing (`Submissions.register`), exactly once.
struct PaidFilingRegistration: OutboxHandler {
    let submissions: Submissions
    let filings: any FilingRepository
    let tenants: any TenantRepository
    let catalog: ProcedureCatalog
    let receipts: any PaymentReceiptStore
    let renderer: DocumentRenderer
    let localizer: Localizer
    let logos: DocumentLogos

    static let kind = "filing.paid-registration"

    struct Payload: Codable {
        var filingID: UUID
        var citizen: CitizenIdentity
        var language: String
        var prefill: [String: Value]
        var iupd: String
    }

    static func job(
        _ filing: Filing, citizen: CitizenIdentity, language: Language, prefill: [String: Value], iupd: String
    ) throws -> NewOutboxJob {
        let payload = Payload(filingID: filing.id, citizen: citizen, language: language.code, prefill: prefill, iupd: iupd)
        return NewOutboxJob(
            tenantID: filing.tenantID, kind: kind, key: "\(kind):\(filing.id)",
            payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self))
    }

    func deliver(_ job: OutboxJob) async throws {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        let citizen = payload.citizen
        guard let filing = try await filings.find(id: payload.filingID, owner: citizen.fiscalCode, tenantID: job.tenantID)
        else { throw PermanentDeliveryError("filing \(payload.filingID) not found") }
        switch filing.status {
        case .readyToSubmit: break
        case .draft, .awaitingPayment: throw PermanentDeliveryError("filing \(filing.id) is not paid")
        default: return  // registered by an earlier attempt
        }
        guard let tenant = try await tenants.find(id: job.tenantID),
            let procedure = try await catalog.procedure(
                code: filing.procedureCode, version: filing.procedureVersion, tenantID: job.tenantID)
        else { throw PermanentDeliveryError("municipality or procedure of filing \(filing.id) not found") }
        guard
            let paid = try await receipts.receipts(
                iupd: payload.iupd, debtor: citizen.fiscalCode.value, tenantID: job.tenantID
            ).first(where: {
                $0.receipt.outcome == .ok
            })
        else { throw PermanentDeliveryError("no positive receipt for \(payload.iupd)") }
        let language = Language(rawValue: payload.language) ?? .italian
        let t = Texts(localizer: localizer, language: language)
        let receipt = paid.receipt
        let pdf = try renderer.render(
            PaymentReceiptDocument.document(receipt, logo: logos.logo(for: tenant.slug), t: t), conformance: .pdfA1b)
        let document = StoredDocument(
            filingID: filing.id, kind: .payment, fileName: PaymentReceiptDocument.fileName(receipt),
            mimeType: "application/pdf", sha256: Hex.encode(SHA256.hash(data: pdf)), size: pdf.count, createdAt: paid.recordedAt)
        let evaluation = FormEvaluation(
            procedure: procedure, answers: filing.answers, prefill: payload.prefill,
            today: LocalDate(filing.confirmedAt ?? filing.updatedAt, in: DateDisplay.timeZone))
        _ = try await submissions.register(
            filing, procedure: procedure, evaluation: evaluation, citizen: citizen, tenant: tenant, t: t,
            payment: Submissions.Payment(
                document: SupportingDocument(document: document, content: pdf),
                summary: (
                    t("filing.payment.title"),
                    [
                        (t("notice.reason"), receipt.description),
                        (t("notice.amount"), receipt.paymentAmount.formatted),
                        (t("paymentReceipt.date"), StampFormat.dateTime(receipt.paymentDateTime)),
                        (t("notice.number"), receipt.noticeNumber.formatted),
                        (t("paymentReceipt.id"), receipt.receiptID),
                        (t("paymentReceipt.psp"), receipt.pspName),
                    ]
                )))
    }
}
