import Foundation
import Hummingbird
import SportelloCore
import SportelloDocuments

/// Mass communications: an operator writes to every filer of a procedure of their offices (optionally only those in
/// one state); the letter is registered once as outgoing, each filer gets it in the personal area and by email, and
/// the page reports how delivery is going.
struct CommunicationsController {
    let store: any CommunicationStore
    let ownership: any ProcedureOwnership
    let catalog: ProcedureCatalog
    let renderer: DocumentRenderer
    let logos: DocumentLogos
    let localizer: Localizer
    let pages: Pages
    let clock: any Clock

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeCommunications.pattern)) { request, context in
            try await page(request, context, form: .init(), errors: [])
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeCommunications.pattern)) { request, context in
            try await send(request, context)
        }
    }

    struct Form {
        var procedure = ""
        var status = ""
        var subject = ""
        var body = ""
    }

    private func scope(_ account: Operator, _ tenant: Tenant) async throws -> [String]? {
        account.caseScope(owners: try await ownership.owners(tenantID: tenant.id))
    }

    private func page(
        _ request: Request, _ context: AppRequestContext, form: Form, errors: [(field: String, message: String)],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        let scope = try await scope(account, tenant)
        let titles = Dictionary(
            try await catalog.catalog(tenantID: tenant.id).map { ($0.code, $0.definition.title.text(context.language.code)) },
            uniquingKeysWith: { a, _ in a })
        let codes = (scope ?? titles.keys.sorted()).filter { titles[$0] != nil }
        let formatter = DateDisplay.shared(context.language, dateStyle: .medium)
        let sent = try await store.communications(tenantID: tenant.id, procedureCodes: scope, limit: 50).map { item in
            CommunicationsView.Model.Sent(
                subject: item.subject, procedure: titles[item.procedureCode] ?? item.procedureCode,
                status: item.status.map { t("filing.status.\($0.rawValue)") } ?? t("inbox.any"),
                date: formatter.string(from: item.createdAt), author: item.author,
                protocolReference: item.protocolReference ?? "—",
                report: t(
                    "communications.report",
                    [
                        "recipients": String(item.recipients), "delivered": String(item.emails[.delivered] ?? 0),
                        "pending": String(item.emails[.pending] ?? 0),
                        "failed": String(item.emails[.dead] ?? 0), "read": String(item.read),
                    ]))
        }
        let model = CommunicationsView.Model(
            procedures: codes.map { InboxView.Model.Option(value: $0, label: titles[$0] ?? $0, selected: form.procedure == $0) },
            statuses: [InboxView.Model.Option(value: "", label: t("inbox.any"), selected: form.status.isEmpty)]
                + FilingStatus.allCases.filter(\.isRegistered).map {
                    InboxView.Model.Option(
                        value: $0.rawValue, label: t("filing.status.\($0.rawValue)"), selected: form.status == $0.rawValue)
                },
            subject: form.subject, body: form.body, errors: errors, sent: sent,
            notice: request.uri.queryParameters["sent"].map { t("communications.sent", ["count": String($0)]) },
            csrfToken: context.session?.state.csrfToken ?? "")
        return await pages.render(
            Page(
                title: t("communications.title"), body: CommunicationsView.body(model, t: t), status: status,
                section: .backOffice),
            request: request, context: context)
    }

    private func send(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        let official = Texts(localizer: localizer, language: .italian)
        let fields = context.postedFields ?? FormFields(pairs: [])
        let form = Form(
            procedure: fields["procedure"] ?? "", status: fields["status"] ?? "",
            subject: (fields["subject"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            body: (fields["body"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        let scope = try await scope(account, tenant)
        var errors: [(field: String, message: String)] = []
        let procedure = try await catalog.catalog(tenantID: tenant.id).first { $0.code == form.procedure }
        if procedure == nil || !(scope.map { $0.contains(form.procedure) } ?? true) {
            errors.append(("procedure", t("error.communication.procedure")))
        }
        if form.subject.count < 10 || form.subject.count > 120 { errors.append(("subject", t("error.communication.subject"))) }
        if form.body.count < 20 || form.body.count > 10_000 { errors.append(("body", t("error.communication.body"))) }
        guard errors.isEmpty, let procedure else {
            return try await page(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
        let now = clock.now
        let title = procedure.definition.title.text("it")
        let letter = CaseLetter.Model(
            municipality: tenant.name, office: procedure.definition.office.name, procedureTitle: title,
            filingCode: "—", filingReference: nil, recipientName: official("communications.letter.recipients"),
            recipientFiscalCode: title, subject: form.subject, text: form.body, deadline: nil,
            signedBy: account.displayName, writtenAt: now, logo: logos.logo(for: tenant.slug))
        let rendered = try renderer.renderWithSlots(CaseLetter.document(letter, register: tenant.protocolRegister, t: official))
        do {
            let sent = try await store.send(
                MassCommunicationAct(
                    tenantID: tenant.id, procedureCode: procedure.code, status: FilingStatus(rawValue: form.status),
                    subject: form.subject, body: form.body, actor: account.auditActor, register: tenant.protocolRegister,
                    letter: StampedDocument(fileName: "comunicazione-\(procedure.code).pdf", mimeType: "application/pdf") {
                        try FiledCopy.fill(rendered, stamp: $0)
                    }, emailJob: CaseHandling.communicationEmail, at: now))
            context.logger.info(
                "mass communication sent",
                metadata: [
                    "procedure": "\(procedure.code)", "recipients": "\(sent.recipients)", "operator": "\(account.username)",
                ])
            return Pages.redirect(to: SiteRoute.backOfficeCommunications.path + "?sent=\(sent.recipients)")
        } catch let error as NoRecipients {
            return try await page(
                request, context, form: form, errors: [("procedure", t(error.messageKey))], status: .unprocessableContent)
        }
    }
}
