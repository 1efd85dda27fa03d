import Foundation
import Hummingbird
import SportelloCore

/// The citizen's side of a filing after submission: the municipality's messages (read/unread, with their letters),
/// the answer to a supplement request (text and files, registered as incoming) and the withdrawal. Only the
/// citizen's own messages and filings are reachable; anything else is "not found".
struct CitizenCaseController {
    let store: any CaseworkStore
    let messages: any CitizenMessageStore
    let catalog: ProcedureCatalog
    let files: CaseFiles
    let handling: CaseHandling
    let pages: Pages
    let clock: any Clock

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.message(id: UUID()).pattern)) { request, context in
            try await withMessage(request, context) { message, tenant, citizen in
                try await messagePage(message, tenant: tenant, citizen: citizen, request, context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.messageDocument(id: UUID()).pattern)) { request, context in
            try await withMessage(request, context) { message, tenant, _ in
                guard let documentID = message.documentID, let filingID = message.filingID,
                    let document = try await store.documents(filingID: filingID, tenantID: tenant.id)
                        .first(where: { $0.id == documentID }),
                    let bytes = try await store.documentContent(id: documentID, filingID: filingID, tenantID: tenant.id)
                else { throw HTTPError(.notFound) }
                return Pages.download(fileName: document.fileName, mimeType: document.mimeType, bytes: bytes)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.messageAttachment(id: UUID(), sha256: "").pattern)) {
            request, context in
            try await withMessage(request, context) { message, tenant, _ in
                let sha256 = try context.parameters.require("sha256")
                guard let document = message.attachments.first(where: { $0.sha256 == sha256 }),
                    let bytes = try files.content(sha256: sha256, tenant: tenant)
                else { throw HTTPError(.notFound) }
                return Pages.download(fileName: document.fileName, mimeType: document.mimeType, bytes: bytes)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingSupplement(id: UUID()).pattern)) { request, context in
            try await withCase(request, context) { caseFile, procedure, citizen, tenant in
                try await supplementPage(caseFile, procedure, tenant, text: "", errors: [], request, context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.filingSupplement(id: UUID()).pattern)) { request, context in
            try await withCase(request, context) { caseFile, procedure, citizen, tenant in
                try await answer(caseFile, procedure, citizen, tenant, request, context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingWithdraw(id: UUID()).pattern)) { request, context in
            try await withCase(request, context) { caseFile, procedure, _, _ in
                try await withdrawPage(caseFile, procedure, text: "", request, context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.filingWithdraw(id: UUID()).pattern)) { request, context in
            try await withCase(request, context) { caseFile, procedure, citizen, tenant in
                let text = context.postedFields?["text"] ?? ""
                do {
                    _ = try await handling.citizenAct(
                        "withdraw", on: caseFile, procedure: procedure.definition, citizen: citizen, tenant: tenant, text: text,
                        attachments: [])
                } catch let refusal as WorkflowRefusal {
                    context.logger.notice("withdrawal refused", metadata: ["reason": "\(refusal)"])
                    return Pages.redirect(to: SiteRoute.filingOutcome(id: caseFile.filingID).path)
                }
                context.logger.info("filing withdrawn", metadata: ["filing": "\(caseFile.filingID)"])
                return Pages.redirect(to: SiteRoute.filingOutcome(id: caseFile.filingID).path)
            }
        }
    }

    // MARK: Messages

    private func withMessage(
        _ request: Request, _ context: AppRequestContext,
        _ body: (CitizenMessage, Tenant, CitizenIdentity) async throws -> Response
    ) async throws -> Response {
        guard let citizen = context.session?.state.principal?.citizen else {
            return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
        }
        let tenant = try context.requireTenant()
        let id = try context.parameters.require("id", as: UUID.self)
        guard let message = try await messages.message(id: id, recipient: citizen.fiscalCode.value, tenantID: tenant.id) else {
            context.logger.notice("message not found for this citizen", metadata: ["message": "\(id)"])
            throw HTTPError(.notFound)
        }
        return try await body(message, tenant, citizen)
    }

    private func messagePage(
        _ message: CitizenMessage, tenant: Tenant, citizen: CitizenIdentity, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        if message.readAt == nil {
            try await messages.markRead(id: message.id, recipient: citizen.fiscalCode.value, tenantID: tenant.id, at: clock.now)
        }
        let t = pages.texts(context)
        let model = MessageView.Model(
            subject: message.subject,
            date: DateDisplay.shared(context.language, dateStyle: .long).string(from: message.createdAt),
            body: message.body, protocolReference: message.protocolReference,
            documentURL: message.documentID.map { _ in SiteRoute.messageDocument(id: message.id).path },
            attachments: message.attachments.map {
                ($0.fileName, SiteRoute.messageAttachment(id: message.id, sha256: $0.sha256).path)
            },
            filingURL: message.filingID.map { SiteRoute.filingOutcome(id: $0).path })
        return await pages.render(
            Page(title: message.subject, body: MessageView.body(model, t: t), section: .personalArea), request: request,
            context: context)
    }

    // MARK: Supplement and withdrawal

    /// The citizen's own registered filing, with its procedure.
    private func withCase(
        _ request: Request, _ context: AppRequestContext,
        _ body: (CaseFile, CompiledProcedure, CitizenIdentity, Tenant) async throws -> Response
    ) async throws -> Response {
        guard let citizen = context.session?.state.principal?.citizen else {
            return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
        }
        let tenant = try context.requireTenant()
        let id = try context.parameters.require("id", as: UUID.self)
        guard let caseFile = try await store.caseFile(filingID: id, tenantID: tenant.id),
            caseFile.citizenFiscalCode == citizen.fiscalCode.value, caseFile.status.isRegistered,
            let version = try await filingVersion(caseFile, tenant: tenant),
            let procedure = try await catalog.procedure(code: caseFile.procedureCode, version: version, tenantID: tenant.id)
        else {
            context.logger.notice("case not found for this citizen", metadata: ["filing": "\(id)"])
            throw HTTPError(.notFound)
        }
        return try await body(caseFile, procedure, citizen, tenant)
    }

    private func filingVersion(_ caseFile: CaseFile, tenant: Tenant) async throws -> Int? {
        try await handling.filings.find(
            id: caseFile.filingID, owner: try CodiceFiscale(stored: caseFile.citizenFiscalCode), tenantID: tenant.id
        )?.procedureVersion
    }

    private func supplementPage(
        _ caseFile: CaseFile, _ procedure: CompiledProcedure, _ tenant: Tenant, text: String,
        errors: [(field: String, message: String)], _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        guard caseFile.status == .supplementRequested,
            let open = try await store.supplements(filingID: caseFile.filingID, tenantID: tenant.id).last(where: {
                $0.answer == nil
            })
        else { return Pages.redirect(to: SiteRoute.filingOutcome(id: caseFile.filingID).path) }
        let t = pages.texts(context)
        let dateOnly = DateDisplay.shared(context.language, dateStyle: .long, timeStyle: .none)
        let model = SupplementAnswerView.Model(
            procedureTitle: procedure.definition.title.text(context.language.code), request: open.text,
            deadline: dateOnly.string(from: open.deadline), requestProtocol: open.protocolReference, text: text,
            errors: errors, actionURL: SiteRoute.filingSupplement(id: caseFile.filingID).path,
            csrfToken: context.session?.state.csrfToken ?? "", maximumMB: Attachments.megabytes(files.attachments.defaultLimitMB))
        return await pages.render(
            Page(
                title: t("supplement.title"), body: SupplementAnswerView.body(model, t: t),
                status: errors.isEmpty ? .ok : .unprocessableContent, section: .personalArea),
            request: request, context: context)
    }

    private func answer(
        _ caseFile: CaseFile, _ procedure: CompiledProcedure, _ citizen: CitizenIdentity, _ tenant: Tenant,
        _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let t = pages.texts(context)
        let fields = context.upload?.fields ?? context.postedFields ?? FormFields(pairs: [])
        let text = (fields["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [(field: String, message: String)] = []
        if text.isEmpty { errors.append(("text", t("error.workflow.textRequired"))) }
        let checked = files.check(context.upload, name: "files", allowed: ["pdf", "jpg", "jpeg", "png"], t: t)
        errors += checked.errors.map { ("files", $0) }
        let documents = checked.documents
        guard errors.isEmpty else {
            return try await supplementPage(caseFile, procedure, tenant, text: text, errors: errors, request, context)
        }
        try await files.keep(documents, from: context.upload, of: caseFile, tenant: tenant)
        do {
            _ = try await handling.citizenAct(
                "answerSupplement", on: caseFile, procedure: procedure.definition, citizen: citizen, tenant: tenant, text: text,
                attachments: documents)
        } catch let refusal as WorkflowRefusal {
            context.logger.notice("supplement answer refused", metadata: ["reason": "\(refusal)"])
            return Pages.redirect(to: SiteRoute.filingOutcome(id: caseFile.filingID).path)
        }
        context.logger.info("supplement answered", metadata: ["filing": "\(caseFile.filingID)", "files": "\(documents.count)"])
        return Pages.redirect(to: SiteRoute.filingOutcome(id: caseFile.filingID).path)
    }

    private func withdrawPage(
        _ caseFile: CaseFile, _ procedure: CompiledProcedure, text: String, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let t = pages.texts(context)
        guard
            procedure.definition.effectiveWorkflow.available(from: caseFile.status, for: .citizen)
                .contains(where: { $0.action == "withdraw" })
        else { return Pages.redirect(to: SiteRoute.filingOutcome(id: caseFile.filingID).path) }
        let model = WithdrawView.Model(
            procedureTitle: procedure.definition.title.text(context.language.code), filingCode: caseFile.filingCode, text: text,
            actionURL: SiteRoute.filingWithdraw(id: caseFile.filingID).path,
            backURL: SiteRoute.filingOutcome(id: caseFile.filingID).path, csrfToken: context.session?.state.csrfToken ?? "")
        return await pages.render(
            Page(title: t("withdraw.title"), body: WithdrawView.body(model, t: t), section: .personalArea), request: request,
            context: context)
    }
}
