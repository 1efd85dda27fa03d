import Crypto
import Foundation
import SportelloAdapters
import SportelloCore
import SportelloDocuments

/// Submits a confirmed filing: builds its PDF/A copy, its protocol registration, the two emails to the
/// citizen and the access code, and hands them to the store, which writes them in one durable act. For a
/// municipality with its own protocol system the filing is locked and its registration queued instead; the
/// outbox calls that system (`RemoteRegistrationHandler`) and completes the submission when it answers.
/// A procedure with a fee is registered only once it is paid: confirming locks the filing with its debt position
/// (`FilingFees`), and the positive receipt releases the job that registers it (`PaidFilingRegistration`).
struct Submissions {
    let store: any SubmissionStore
    let filings: any FilingRepository
    let renderer: DocumentRenderer
    let clock: any Clock
    /// How long the mailed access code opens the filing's documents.
    let accessCodeLifetime: TimeInterval
    /// Municipalities (by slug) that register in their own protocol system.
    let remoteProtocols: [String: any RemoteProtocolService]
    let logos: DocumentLogos
    let fees: FilingFees
    /// Municipalities that tell citizens on the App IO that their filing was registered.
    let ioTenants: Set<String>

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

    /// The payload of a registration queued for a municipality's own protocol system.
    struct RegistrationPayload: Codable, Equatable {
        var filingID: UUID
        var owner: String
        var tenantSlug: String
        var register: ProtocolRegisterIdentity
        var subject: String
        var sender: ProtocolParty
        var attachments: [ProtocolDocument]
        var name: String
        var language: String
        /// Set when the citizen is told on the App IO once the filing is registered.
        var ioProcedureTitle: String?
    }

    static let filingCopyKind = "email.filing-copy"
    static let accessCodeKind = "email.access-code"
    static let remoteRegistrationKind = "protocol.remote-registration"

    func submit(
        _ filing: Filing, procedure: CompiledProcedure, evaluation: FormEvaluation, citizen: CitizenIdentity, tenant: Tenant,
        t: Texts
    ) async throws -> SubmissionOutcome {
        let now = clock.now
        var filing = filing
        filing.confirmedAt = now
        filing.updatedAt = now
        if let amount = evaluation.fee, amount.cents > 0, let fee = procedure.definition.fee {
            defer { filings.invalidate(id: filing.id) }
            let onPaid = try PaidFilingRegistration.job(
                filing, citizen: citizen, language: t.language, prefill: evaluation.prefill, iupd: FilingFee.iupd(for: filing.id))
            let pending = try await fees.pending(
                filing, amount: amount, fee: fee, citizen: citizen, tenant: tenant, t: t, onPaid: onPaid)
            return try await store.awaitPayment(pending) ? .awaitingPayment : .notADraft
        }
        return try await register(filing, procedure: procedure, evaluation: evaluation, citizen: citizen, tenant: tenant, t: t)
    }

    /// A fee paid: the pagoPA receipt's PDF/A copy, registered and stored with the filing, and its data, shown in the
    /// filing's copy.
    struct Payment {
        var document: SupportingDocument
        var summary: (title: String, rows: [(label: String, value: String)])
    }

    /// Registers a confirmed filing (a draft, or a paid one waiting for its number): in the internal register now, or
    /// queued for the municipality's own protocol system.
    func register(
        _ filing: Filing, procedure: CompiledProcedure, evaluation: FormEvaluation, citizen: CitizenIdentity, tenant: Tenant,
        t: Texts, payment: Payment? = nil
    ) async throws -> SubmissionOutcome {
        let now = clock.now
        defer { filings.invalidate(id: filing.id) }
        let expected: FilingStatus = payment == nil ? .draft : .readyToSubmit
        let supporting = payment.map { [$0.document] } ?? []
        let lang = t.language.code
        let summary = FilingSummary(evaluation, t: t)
        let title = procedure.definition.title.text(lang)
        let model = FiledCopy.Model(
            municipality: tenant.name, procedureTitle: title, filingCode: filing.displayCode, applicantName: citizen.fullName,
            applicantFiscalCode: citizen.fiscalCode.value, confirmedAt: filing.confirmedAt ?? now,
            summary: summary.sections.map { ($0.page.title.text(lang), $0.rows) } + (payment.map { [$0.summary] } ?? []),
            attachments: summary.attachments,
            logo: logos.logo(for: tenant.slug))
        let email = Self.contactEmail(evaluation) ?? citizen.email
        let subject = "\(title) – \(citizen.fullName)"
        let sender = ProtocolParty(name: citizen.fullName, fiscalCode: citizen.fiscalCode.value, email: email)
        let attachments = summary.attachments.map {
            ProtocolDocument(fileName: $0.fileName, mimeType: $0.contentType, sha256: $0.sha256)
        }
        let register = tenant.protocolRegister
        let fileName = FiledCopy.fileName(code: filing.displayCode)
        let opening = CaseOpening(
            citizenName: citizen.fullName, citizenEmail: email, citizenPEC: Self.pecAddress(evaluation),
            signInMethod: citizen.method,
            dueAt: CaseOpening.dueDate(submittedAt: now, maximumDays: procedure.definition.maximumCompletionDays),
            prefill: evaluation.prefill)

        if remoteProtocols[tenant.slug] != nil {
            let content = try renderer.render(
                FiledCopy.document(model, register: register, numbered: false, t: t), conformance: .pdfA1b)
            let payload = RegistrationPayload(
                filingID: filing.id, owner: filing.owner.value, tenantSlug: tenant.slug, register: register, subject: subject,
                sender: sender, attachments: attachments + supporting.map(\.registered), name: citizen.fullName,
                language: lang, ioProcedureTitle: ioTenants.contains(tenant.slug) ? title : nil)
            let queued = try await store.queue(
                QueuedSubmission(
                    filing: filing,
                    document: StoredDocument(
                        filingID: filing.id, kind: .filing, fileName: fileName, mimeType: "application/pdf",
                        sha256: Hex.encode(SHA256.hash(data: content)), size: content.count, createdAt: now),
                    content: content,
                    registration: NewOutboxJob(
                        tenantID: tenant.id, kind: Self.remoteRegistrationKind,
                        key: "\(Self.remoteRegistrationKind):\(filing.id)",
                        payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)),
                    casework: opening, expectedStatus: expected, supporting: supporting))
            return queued ? .awaitingRegistration : .notADraft
        }

        // Rendered here, in parallel with other requests; the act that registers it only fills in the digits.
        let rendered = try renderer.renderWithSlots(FiledCopy.document(model, register: register, numbered: true, t: t))
        let document = StampedDocument(fileName: fileName, mimeType: "application/pdf") { stamp in
            try FiledCopy.fill(rendered, stamp: stamp)
        }
        let followUp = try Self.followUp(
            filing, email: email, name: citizen.fullName, language: lang, lifetime: accessCodeLifetime, now: now,
            io: ioTenants.contains(tenant.slug) ? (tenant.slug, title) : nil)
        return try await store.submit(
            SubmissionRequest(
                filing: filing, register: register, subject: subject, sender: sender, document: document,
                attachments: attachments, messages: followUp.messages, accessCode: followUp.accessCode,
                casework: opening, expectedStatus: expected, supporting: supporting))
    }

    /// What follows a registration: the two emails and the access code (none without an email address), and the App IO
    /// message when the municipality uses IO.
    static func followUp(
        _ filing: Filing, email: String?, name: String, language: String, lifetime: TimeInterval, now: Date,
        io: (tenantSlug: String, procedureTitle: String)? = nil
    ) throws -> (messages: [NewOutboxJob], accessCode: AccessCodeRecord?) {
        let ioJobs =
            try io.map {
                [
                    try FilingReceiptIO.job(
                        filing, tenantSlug: $0.tenantSlug, procedureTitle: $0.procedureTitle, language: language)
                ]
            } ?? []
        guard let email else { return (ioJobs, nil) }
        let access = AccessCodes.make(filing: filing, lifetime: lifetime, now: now)
        let payload = EmailPayload(filingID: filing.id, owner: filing.owner.value, to: email, name: name, language: language)
        var withCode = payload
        withCode.code = access.code
        let encoder = JSONEncoder()
        return (
            [
                NewOutboxJob(
                    tenantID: filing.tenantID, kind: filingCopyKind, key: "\(filingCopyKind):\(filing.id)",
                    payload: String(decoding: try encoder.encode(payload), as: UTF8.self)),
                NewOutboxJob(
                    tenantID: filing.tenantID, kind: accessCodeKind, key: "\(accessCodeKind):\(filing.id)",
                    payload: String(decoding: try encoder.encode(withCode), as: UTF8.self), secret: true),
            ] + ioJobs,
            access.record
        )
    }

    /// Where the receipt goes: the first email the citizen gave in the form (not a PEC address), else the one from
    /// sign-in.
    static func contactEmail(_ evaluation: FormEvaluation) -> String? {
        firstEmail(evaluation) { $0.pec != true }
    }

    /// The citizen's PEC address (domicilio digitale), when the form asks for it and it was given.
    static func pecAddress(_ evaluation: FormEvaluation) -> String? {
        firstEmail(evaluation) { $0.pec == true }
    }

    private static func firstEmail(_ evaluation: FormEvaluation, where matches: (FormField) -> Bool) -> String? {
        for page in evaluation.visiblePages {
            for section in page.sections where evaluation.isVisible(section) {
                for field in section.fields where field.type == .email && matches(field) && evaluation.isVisible(field) {
                    if case .text(let value) = evaluation.answers[field.id], !value.isEmpty { return value }
                }
            }
        }
        return nil
    }
}

/// The job became visible before the filing it names did (it cannot happen with one database; tried again).
struct NotYetQueued: Error {}

/// Registers a queued filing in its municipality's own protocol system and completes the submission with the
/// number it returns (a copy of the registration, the filing "submitted", the emails and the access code).
/// The call carries the job's key: a retry after a lost answer gets the first registration back.
struct RemoteRegistrationHandler: OutboxHandler {
    let services: [String: any RemoteProtocolService]
    let store: any SubmissionStore
    let filings: any FilingRepository
    let documents: any FilingDocumentRepository
    let clock: any Clock
    let accessCodeLifetime: TimeInterval

    func deliver(_ job: OutboxJob) async throws {
        let payload = try JSONDecoder().decode(Submissions.RegistrationPayload.self, from: Data(job.payload.utf8))
        guard let service = services[payload.tenantSlug] else {
            throw PermanentDeliveryError("no protocol system configured for \(payload.tenantSlug)")
        }
        let owner = try CodiceFiscale(stored: payload.owner)
        guard let filing = try await filings.find(id: payload.filingID, owner: owner, tenantID: job.tenantID) else {
            throw PermanentDeliveryError("filing \(payload.filingID) not found")
        }
        switch filing.status {
        case .readyToSubmit: break
        case .draft: throw NotYetQueued()
        default: return  // completed by an earlier attempt
        }
        guard let content = try await documents.content(filingID: filing.id, kind: .filing, tenantID: job.tenantID) else {
            throw PermanentDeliveryError("filing \(filing.id) has no stored copy")
        }
        let main = ProtocolDocument(
            fileName: FiledCopy.fileName(code: filing.displayCode), mimeType: "application/pdf",
            sha256: Hex.encode(SHA256.hash(data: content)))
        let answer = try await service.register(
            RemoteRegistrationRequest(
                administrationCode: payload.register.administrationCode, aooCode: payload.register.aooCode,
                registerCode: payload.register.registerCode, direction: .incoming, subject: payload.subject,
                correspondents: [payload.sender],
                documents: [
                    .init(
                        fileName: main.fileName, mimeType: main.mimeType, sha256: main.sha256,
                        content: Data(content).base64EncodedString())
                ]
                    + payload.attachments.map {
                        .init(fileName: $0.fileName, mimeType: $0.mimeType, sha256: $0.sha256, content: nil)
                    },
                idempotencyKey: job.key))
        let entry = ProtocolEntry(
            tenantID: job.tenantID, register: payload.register, year: answer.year, number: answer.number,
            registeredAt: answer.registeredAt,
            registration: ProtocolRegistration(
                direction: .incoming, subject: payload.subject, correspondents: [payload.sender],
                documents: [main] + payload.attachments),
            segnatura: answer.segnatura)
        let followUp = try Submissions.followUp(
            filing, email: payload.sender.email, name: payload.name, language: payload.language, lifetime: accessCodeLifetime,
            now: clock.now, io: payload.ioProcedureTitle.map { (payload.tenantSlug, $0) })
        _ = try await store.complete(
            RemoteCompletion(
                filingID: filing.id, tenantID: job.tenantID, entry: entry, messages: followUp.messages,
                accessCode: followUp.accessCode))
        filings.invalidate(id: filing.id)
    }
}
