import Foundation
import SportelloCore
import SportelloDocuments
import SportelloStorage

/// Turns what an operator or a citizen asks for (take, request a supplement, accept, reject, answer, withdraw…)
/// into one checked `CaseAct`: the transition from the procedure's workflow, the letter rendered with empty stamp
/// slots (filled with the number inside the act), the protocol registration, the personal-area message and its
/// email. The store does all of it at once.
struct CaseHandling: Sendable {
    let store: any CaseworkStore
    let filings: any FilingRepository
    let renderer: DocumentRenderer
    let logos: DocumentLogos
    let localizer: Localizer
    let clock: any Clock
    /// Municipalities that also tell citizens on the App IO (their "domande" service).
    var ioTenants: Set<String> = []
    /// Municipalities with a PEC mailbox: registered letters also go to the citizen's PEC address, when given.
    var pecTenants: Set<String> = []

    /// Acts of the municipality are written in Italian, whatever language the page was in.
    var official: Texts { Texts(localizer: localizer, language: .italian) }

    /// The payload of the email that tells the citizen about a new message.
    struct MessageEmail: Codable, Equatable {
        var messageID: UUID
        var recipient: String
        var to: String
        var name: String
    }

    static let messageEmailKind = "email.case-message"
    static let messagePECKind = "pec.case-message"

    /// What an operator wrote for an action.
    struct OperatorInput: Sendable {
        var action: String
        var expectedStatus: FilingStatus
        var text: String?
        var deadline: Date?
        /// Documents attached to a final decision, already stored.
        var attachments: [ProtocolDocument] = []
    }

    /// An operator's move of a filing of their scope.
    func act(
        _ input: OperatorInput, on caseFile: CaseFile, procedure: ProcedureDefinition, by account: Operator, tenant: Tenant,
        officeName: String
    ) async throws -> CaseActOutcome {
        let transition = try procedure.effectiveWorkflow.transition(
            input.action, from: input.expectedStatus, by: .operator)
        let now = clock.now
        let t = official
        let text = input.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        var act = CaseAct(
            filingID: caseFile.filingID, tenantID: tenant.id, owner: caseFile.citizenFiscalCode, transition: transition,
            expectedStatus: input.expectedStatus, actor: account.auditActor,
            assignee: transition.has(.assignToActor) ? account.id : nil, text: text, at: now)
        if transition.requiresDeadline {
            act.supplement = input.deadline.map { .request(text: text ?? "", deadline: $0) }
        }
        let kind: CaseDocument.Kind = transition.has(.finalDecision) ? .decision : .supplementRequest
        let title = procedure.title.text("it")
        let subject = t("letter.subject.\(transition.action)", ["procedure": title])
        if transition.has(.registerOutgoing) {
            let letter = CaseLetter.Model(
                municipality: tenant.name, office: officeName, procedureTitle: title, filingCode: caseFile.filingCode,
                filingReference: caseFile.registration?.reference, recipientName: caseFile.citizenName,
                recipientFiscalCode: caseFile.citizenFiscalCode, subject: subject,
                text: Self.letterText(transition, text: text, t: t), deadline: input.deadline, signedBy: account.displayName,
                writtenAt: now, logo: logos.logo(for: tenant.slug))
            act.registration = try registration(
                letter, kind: kind, direction: .outgoing, tenant: tenant,
                correspondent: ProtocolParty(
                    name: caseFile.citizenName, fiscalCode: caseFile.citizenFiscalCode, email: caseFile.citizenEmail),
                attachments: input.attachments, t: t)
        }
        if transition.has(.notifyCitizen) {
            let message = CitizenMessage(
                tenantID: tenant.id, recipient: caseFile.citizenFiscalCode, filingID: caseFile.filingID, subject: subject,
                body: Self.letterText(transition, text: text, t: t), attachments: input.attachments, createdAt: now)
            act.message = message
            act.jobs = try Self.emailJobs(
                for: [message], caseFile.citizenEmail.map { [$0] } ?? [nil], name: [caseFile.citizenName])
            // A registered letter to a citizen with a digital domicile goes there by PEC too (legal delivery).
            if transition.has(.registerOutgoing), let pec = caseFile.citizenPEC, pecTenants.contains(tenant.slug) {
                let payload = MessageEmail(
                    messageID: message.id, recipient: message.recipient, to: pec, name: caseFile.citizenName)
                act.jobs.append(
                    NewOutboxJob(
                        tenantID: tenant.id, kind: Self.messagePECKind, key: "\(Self.messagePECKind):\(message.id)",
                        payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)))
            }
            if ioTenants.contains(tenant.slug) {
                act.jobs.append(
                    try AppIONotifications.job(
                        tenantID: tenant.id, tenantSlug: tenant.slug, service: .filings, key: "message:\(message.id)",
                        message: try AppIONotifications.filingMessage(
                            message, filingCode: caseFile.filingCode, municipality: tenant.name, t: t)))
            }
        }
        defer { filings.invalidate(id: caseFile.filingID) }
        return try await store.apply(act)
    }

    /// The protocol registration of a letter: rendered now with empty stamp slots, filled with the number and date in
    /// the act that registers it; subject "<letter subject> – <the correspondent>".
    private func registration(
        _ letter: CaseLetter.Model, kind: CaseDocument.Kind, direction: ProtocolDirection, tenant: Tenant,
        correspondent: ProtocolParty, attachments: [ProtocolDocument], t: Texts
    ) throws -> CaseRegistration {
        let rendered = try renderer.renderWithSlots(CaseLetter.document(letter, register: tenant.protocolRegister, t: t))
        return CaseRegistration(
            register: tenant.protocolRegister, direction: direction, subject: "\(letter.subject) – \(correspondent.name)",
            correspondents: [correspondent],
            document: StampedDocument(
                fileName: CaseLetter.fileName(kind: kind, code: letter.filingCode), mimeType: "application/pdf"
            ) { stamp in try FiledCopy.fill(rendered, stamp: stamp) },
            documentKind: kind, attachments: attachments)
    }

    /// The body of a letter: what the operator wrote, or the standard text of an acceptance.
    static func letterText(_ transition: WorkflowTransition, text: String?, t: Texts) -> String {
        let written = text.flatMap { $0.isEmpty ? nil : $0 }
        switch transition.action {
        case "accept": return [t("letter.text.accept"), written].compactMap { $0 }.joined(separator: "\n\n")
        case "reject": return [t("letter.text.reject"), written].compactMap { $0 }.joined(separator: "\n\n")
        default: return written ?? ""
        }
    }

    /// The email of one recipient of a mass communication; its key groups it with the others for the delivery report.
    static func communicationEmail(_ message: CitizenMessage, to caseFile: CaseFile) throws -> NewOutboxJob? {
        guard let to = caseFile.citizenEmail, let communication = message.communicationID else { return nil }
        let payload = MessageEmail(messageID: message.id, recipient: message.recipient, to: to, name: caseFile.citizenName)
        return NewOutboxJob(
            tenantID: message.tenantID, kind: messageEmailKind,
            key: SQLCommunications.keyPrefix(communication) + message.id.uuidString.lowercased(),
            payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self))
    }

    /// One email job per message with an address.
    static func emailJobs(for messages: [CitizenMessage], _ addresses: [String?], name: [String]) throws -> [NewOutboxJob] {
        let encoder = JSONEncoder()
        return try zip(messages, zip(addresses, name)).compactMap { message, recipient in
            guard let to = recipient.0 else { return nil }
            let payload = MessageEmail(messageID: message.id, recipient: message.recipient, to: to, name: recipient.1)
            return NewOutboxJob(
                tenantID: message.tenantID, kind: messageEmailKind, key: "\(messageEmailKind):\(message.id)",
                payload: String(decoding: try encoder.encode(payload), as: UTF8.self))
        }
    }

    /// A citizen's move of their own filing: answering a supplement request (with files) or withdrawing it.
    func citizenAct(
        _ action: String, on caseFile: CaseFile, procedure: ProcedureDefinition, citizen: CitizenIdentity, tenant: Tenant,
        text: String?, attachments: [ProtocolDocument]
    ) async throws -> CaseActOutcome {
        let transition = try procedure.effectiveWorkflow.transition(action, from: caseFile.status, by: .citizen)
        let now = clock.now
        let t = official
        let text = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = procedure.title.text("it")
        var act = CaseAct(
            filingID: caseFile.filingID, tenantID: tenant.id, owner: citizen.fiscalCode.value, transition: transition,
            expectedStatus: caseFile.status,
            actor: AuditActor(kind: .citizen, id: citizen.fiscalCode.value, name: citizen.fullName), text: text, at: now)
        if action == "answerSupplement" { act.supplement = .answer(text: text ?? "", attachments: attachments) }
        if transition.has(.registerIncoming) {
            let subject = t("letter.subject.\(transition.action)", ["procedure": title])
            let kind: CaseDocument.Kind = action == "withdraw" ? .withdrawal : .supplementAnswer
            let letter = CaseLetter.Model(
                municipality: tenant.name, office: tenant.name, procedureTitle: title, filingCode: caseFile.filingCode,
                filingReference: caseFile.registration?.reference, recipientName: citizen.fullName,
                recipientFiscalCode: citizen.fiscalCode.value, subject: subject,
                text: text.flatMap { $0.isEmpty ? nil : $0 } ?? t("letter.text.\(transition.action)"), deadline: nil,
                signedBy: citizen.fullName, writtenAt: now, logo: logos.logo(for: tenant.slug))
            act.registration = try registration(
                letter, kind: kind, direction: .incoming, tenant: tenant,
                correspondent: ProtocolParty(
                    name: citizen.fullName, fiscalCode: citizen.fiscalCode.value, email: caseFile.citizenEmail),
                attachments: attachments, t: t)
        }
        defer { filings.invalidate(id: caseFile.filingID) }
        return try await store.apply(act)
    }
}
