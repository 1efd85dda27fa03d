import Foundation
import Hummingbird
import SportelloAdapters
import SportelloCore
import SportelloDocuments

/// The guided filing: service page → consent → pages → summary → confirmation → submission.
struct FilingController {
    let catalog: ProcedureCatalog
    let filings: any FilingRepository
    let attachments: Attachments
    let registry: any PopulationRegistry
    let pages: Pages
    let clock: any Clock
    let documents: DocumentRenderer
    let submissions: Submissions
    let evaluations = EvaluationCache()
    let prefills = PrefillMemo()

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.service(code: "").pattern)) { request, context in
            try await servicePage(request, context)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.startFiling(code: "").pattern)) { request, context in
            try await start(request, context)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filing(id: UUID()).pattern)) { request, context in
            try await withFiling(request, context) { filing, procedure, citizen in
                if filing.status != .draft { return Pages.redirect(to: SiteRoute.filingOutcome(id: filing.id).path) }
                guard filing.consentedAt != nil else { return Pages.redirect(to: SiteRoute.filingConsent(id: filing.id).path) }
                let evaluation = try await evaluate(filing, procedure, citizen)
                let page = FilingNavigation.resumePage(filing, in: evaluation)
                return Pages.redirect(
                    to: page.map { SiteRoute.filingPage(id: filing.id, page: $0.id).path }
                        ?? SiteRoute.filingSummary(id: filing.id).path)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingConsent(id: UUID()).pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, _ in
                try await consentPage(filing, procedure, error: nil, request, context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.filingConsent(id: UUID()).pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, citizen in
                guard try await formFields(request, context)["consent"] == "yes" else {
                    return try await consentPage(
                        filing, procedure, error: pages.texts(context)("error.consent"), request, context)
                }
                var filing = filing
                filing.consentedAt = clock.now
                filing.updatedAt = clock.now
                _ = try await filings.saveDraft(filing)
                let first = try await evaluate(filing, procedure, citizen).visiblePages.first
                return Pages.redirect(
                    to: first.map { SiteRoute.filingPage(id: filing.id, page: $0.id).path }
                        ?? SiteRoute.filingSummary(id: filing.id).path)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingPage(id: UUID(), page: "").pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, citizen in
                let evaluation = try await evaluate(filing, procedure, citizen)
                let pageID = try context.parameters.require("page")
                guard let page = evaluation.visiblePages.first(where: { $0.id == pageID }) else {
                    return Pages.redirect(to: SiteRoute.filing(id: filing.id).path)
                }
                return await formPage(filing, procedure, evaluation, page, problems: [], status: .ok, request, context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.filingPage(id: UUID(), page: "").pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, citizen in
                try await savePage(filing, procedure, citizen, request, context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingSummary(id: UUID()).pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, citizen in
                try await summaryPage(filing, procedure, citizen, request, context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingPreview(id: UUID()).pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, citizen in
                try await preview(filing, procedure, citizen, context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingConfirm(id: UUID()).pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, _ in
                let t = pages.texts(context)
                let body = ConfirmView.body(
                    title: procedure.definition.title.text(context.language.code),
                    actionURL: SiteRoute.filingConfirm(id: filing.id).path,
                    backURL: SiteRoute.filingSummary(id: filing.id).path, csrfToken: context.session?.state.csrfToken ?? "", t: t)
                return await pages.render(
                    Page(title: t("confirm.title"), body: body, section: .personalArea), request: request, context: context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.filingConfirm(id: UUID()).pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, citizen in
                guard procedure.definition.isOpen(at: clock.now) else {
                    return pages.error(.forbidden, messageKey: "error.procedure.closed", request: request, context: context)
                }
                let evaluation = try await evaluate(filing, procedure, citizen)
                guard evaluation.allProblems.isEmpty else {
                    return Pages.redirect(to: SiteRoute.filingSummary(id: filing.id).path)
                }
                let outcome = try await submissions.submit(
                    filing, procedure: procedure, evaluation: evaluation, citizen: citizen, tenant: try context.requireTenant(),
                    t: pages.texts(context))
                evaluations.forget(filing.id)
                if case .submitted(let registration, _) = outcome {
                    context.logger.info(
                        "filing submitted",
                        metadata: [
                            "filing": "\(filing.id)", "procedure": "\(filing.procedureCode)",
                            "protocol": "\(registration.reference)",
                        ])
                }
                return Pages.redirect(to: SiteRoute.filingOutcome(id: filing.id).path)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingDelete(id: UUID()).pattern)) { request, context in
            try await withDraft(request, context) { filing, procedure, _ in
                let t = pages.texts(context)
                let body = DeleteDraftView.body(
                    title: procedure.definition.title.text(context.language.code),
                    actionURL: SiteRoute.filingDelete(id: filing.id).path,
                    csrfToken: context.session?.state.csrfToken ?? "", t: t)
                return await pages.render(
                    Page(title: t("draft.delete.title"), body: body, section: .personalArea), request: request, context: context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.filingDelete(id: UUID()).pattern)) { request, context in
            let (tenant, citizen) = try requireCitizen(context)
            let id = try context.parameters.require("id", as: UUID.self)
            let deleted = try await filings.deleteDraft(id: id, owner: citizen.fiscalCode, tenantID: tenant.id)
            if deleted { evaluations.forget(id) }
            context.logger.info("draft deleted", metadata: ["filing": "\(id)", "deleted": "\(deleted)"])
            return Pages.redirect(to: SiteRoute.personalArea.path + (deleted ? "?deleted=1" : ""))
        }
    }

    // MARK: Steps

    private func servicePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let code = try context.parameters.require("code")
        guard let (_, procedure) = try await catalog.latest(code: code, tenantID: tenant.id) else { throw HTTPError(.notFound) }
        let t = pages.texts(context)
        let definition = procedure.definition
        let signedIn = context.session?.state.principal?.citizen != nil
        let model = ServicePageView.Model(
            definition: definition, isOpen: definition.isOpen(at: clock.now),
            window: window(definition, language: context.language),
            startURL: signedIn ? SiteRoute.startFiling(code: code).path : nil,
            signInURL: SiteRoute.signIn(returnPath: SiteRoute.service(code: code).path).path,
            csrfToken: context.session?.state.csrfToken,
            language: context.language.code)
        return await pages.render(
            Page(title: definition.title.text(context.language.code), body: ServicePageView.body(model, t: t), section: .home),
            request: request, context: context)
    }

    private func start(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (tenant, citizen) = try requireCitizen(context)
        let code = try context.parameters.require("code")
        guard let (version, procedure) = try await catalog.latest(code: code, tenantID: tenant.id) else {
            throw HTTPError(.notFound)
        }
        guard procedure.definition.isOpen(at: clock.now) else {
            return pages.error(.forbidden, messageKey: "error.procedure.closed", request: request, context: context)
        }
        let filing = Filing(
            tenantID: tenant.id, procedureCode: code, procedureVersion: version, owner: citizen.fiscalCode, createdAt: clock.now,
            updatedAt: clock.now)
        try await filings.create(filing)
        context.logger.info(
            "filing started", metadata: ["filing": "\(filing.id)", "procedure": "\(code)", "version": "\(version)"])
        return Pages.redirect(to: SiteRoute.filingConsent(id: filing.id).path)
    }

    private func savePage(
        _ filing: Filing, _ procedure: CompiledProcedure, _ citizen: CitizenIdentity, _ request: Request,
        _ context: AppRequestContext
    ) async throws -> Response {
        let pageID = try context.parameters.require("page")
        guard procedure.definition.isOpen(at: clock.now) else {
            return pages.error(.forbidden, messageKey: "error.procedure.closed", request: request, context: context)
        }
        // The registry is asked once per save, however many times the answers are evaluated.
        let known = try await prefill(for: citizen)
        let before = evaluations.evaluation(for: filing, prefill: known, today: today) {
            evaluate(filing.answers, procedure, prefill: known)
        }
        guard let page = before.visiblePages.first(where: { $0.id == pageID }) else {
            return Pages.redirect(to: SiteRoute.filing(id: filing.id).path)
        }
        let outcome = try await PageSave(attachments: attachments).apply(
            try await formFields(request, context), upload: context.upload, to: filing, page: page, before: before,
            procedure: procedure, now: clock.now
        ) { evaluate($0, procedure, prefill: known) }
        let (updated, evaluation) = (outcome.filing, outcome.evaluation)
        // One write per save, whatever the action (and one more when the attached documents changed).
        guard try await filings.saveDraft(updated) else { return Pages.redirect(to: SiteRoute.filing(id: filing.id).path) }
        evaluations.remember(evaluation, for: updated, prefill: known, today: today)
        try await attachments.recordChanges(from: filing.answers, to: updated, at: clock.now)
        if outcome.refusedFiles || (outcome.action == .next && !outcome.problems.isEmpty) {
            return await formPage(
                updated, procedure, evaluation, page, problems: outcome.problems, status: .unprocessableContent, request,
                context)
        }
        switch outcome.action {
        case .back:
            let previous = FilingNavigation.page(before: pageID, in: evaluation)
            return Pages.redirect(
                to: previous.map { SiteRoute.filingPage(id: filing.id, page: $0.id).path }
                    ?? SiteRoute.filingConsent(id: filing.id).path)
        case .next:
            return Pages.redirect(
                to: outcome.nextPage.map { SiteRoute.filingPage(id: filing.id, page: $0.id).path }
                    ?? SiteRoute.filingSummary(id: filing.id).path)
        case .save, .edit:
            // The same page again, with what was typed.
            return await formPage(
                updated, procedure, evaluation, page, problems: [], status: .ok, request, context, saved: outcome.action == .save)
        }
    }

    private func summaryPage(
        _ filing: Filing, _ procedure: CompiledProcedure, _ citizen: CitizenIdentity, _ request: Request,
        _ context: AppRequestContext
    ) async throws -> Response {
        let t = pages.texts(context)
        let lang = context.language.code
        let evaluation = try await evaluate(filing, procedure, citizen)
        let rows = FilingSummary(evaluation, t: t).sections.map { section in
            (section.page, SiteRoute.filingPage(id: filing.id, page: section.page.id).path, section.rows)
        }
        let problems = evaluation.allProblems.map { problem in
            (problem.field.map {
                (procedure.field($0.split(separator: ".").first.map(String.init) ?? $0)?.label.text(lang) ?? $0) + ": "
            } ?? "")
                + message(problem.message, t: t)
        }
        let model = SummaryView.Model(
            procedureTitle: procedure.definition.title.text(lang),
            steps: steps(procedure, evaluation, filing, current: nil, t: t),
            pages: rows, problems: problems, confirmURL: SiteRoute.filingConfirm(id: filing.id).path,
            previewURL: SiteRoute.filingPreview(id: filing.id).path,
            backURL: evaluation.visiblePages.last.map { SiteRoute.filingPage(id: filing.id, page: $0.id).path }
                ?? SiteRoute.filing(id: filing.id).path)
        return await pages.render(
            Page(title: t("summary.title"), body: SummaryView.body(model, t: t), section: .personalArea), request: request,
            context: context)
    }

    private func preview(
        _ filing: Filing, _ procedure: CompiledProcedure, _ citizen: CitizenIdentity, _ context: AppRequestContext
    ) async throws -> Response {
        let t = pages.texts(context)
        let tenant = try context.requireTenant()
        let formatter = DateDisplay.shared(context.language, dateStyle: .long)
        let model = DraftPreview.Model(
            municipality: tenant.name, procedureTitle: procedure.definition.title.text(context.language.code),
            filingCode: filing.displayCode, savedAt: formatter.string(from: filing.updatedAt),
            summary: FilingSummary(try await evaluate(filing, procedure, citizen), t: t), createdAt: clock.now)
        let pdf = try documents.render(DraftPreview.document(model, t: t), conformance: .plain)
        context.logger.info("draft preview downloaded", metadata: ["filing": "\(filing.id)", "bytes": "\(pdf.count)"])
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf",
                .contentDisposition: AttachmentController.contentDisposition(
                    fileName: t("preview.fileName", ["code": filing.displayCode])),
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    private func consentPage(
        _ filing: Filing, _ procedure: CompiledProcedure, error: String?, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let t = pages.texts(context)
        let body = ConsentView.body(
            title: procedure.definition.title.text(context.language.code), actionURL: SiteRoute.filingConsent(id: filing.id).path,
            csrfToken: context.session?.state.csrfToken ?? "", error: error, t: t)
        return await pages.render(
            Page(
                title: t("consent.title"), body: body, status: error == nil ? .ok : .unprocessableContent, section: .personalArea),
            request: request, context: context)
    }

    private func formPage(
        _ filing: Filing, _ procedure: CompiledProcedure, _ evaluation: FormEvaluation, _ page: FormPage,
        problems: [FieldProblem],
        status: HTTPResponse.Status, _ request: Request, _ context: AppRequestContext, saved: Bool = false
    ) async -> Response {
        let t = pages.texts(context)
        let lang = context.language.code
        let model = FormPageView.Model(
            procedureTitle: procedure.definition.title.text(lang),
            steps: steps(procedure, evaluation, filing, current: page.id, t: t),
            page: page, evaluation: evaluation, problems: problems.map { ($0.field, message($0.message, t: t)) },
            actionURL: SiteRoute.filingPage(id: filing.id, page: page.id).path, csrfToken: context.session?.state.csrfToken ?? "",
            language: lang, isFirstPage: evaluation.visiblePages.first?.id == page.id,
            fileURL: { SiteRoute.filingAttachment(id: filing.id, sha256: $0).path })
        var body = FormPageView.body(model, t: t)
        if saved {
            body = .group([div(.class("alert alert--success"), .init("role", "status")) { p { t("form.saved") } }, body])
        }
        let title = (problems.isEmpty ? "" : t("form.errorTitlePrefix") + " ") + page.title.text(lang)
        return await pages.render(
            Page(title: title, body: body, status: status, section: .personalArea), request: request, context: context)
    }

    // MARK: Helpers

    private func steps(
        _ procedure: CompiledProcedure, _ evaluation: FormEvaluation, _ filing: Filing, current: String?, t: Texts
    ) -> [FormPageView.Step] {
        let visible = evaluation.visiblePages
        let currentIndex = current.flatMap { id in visible.firstIndex { $0.id == id } } ?? visible.count
        var steps = visible.enumerated().map { index, page in
            FormPageView.Step(
                title: page.title.text(t.language.code), url: SiteRoute.filingPage(id: filing.id, page: page.id).path,
                state: index < currentIndex ? .done : index == currentIndex ? .current : .upcoming)
        }
        steps.append(FormPageView.Step(title: t("summary.title"), url: nil, state: current == nil ? .current : .upcoming))
        return steps
    }

    private func message(_ message: ProblemMessage, t: Texts) -> String {
        switch message {
        case .key(let key, let values): t(key, values)
        case .custom(let text): text.text(t.language.code)
        }
    }

    private func window(_ definition: ProcedureDefinition, language: Language) -> String? {
        guard definition.opensAt != nil || definition.closesAt != nil else { return nil }
        let formatter = DateDisplay.shared(language, dateStyle: .long)
        return [definition.opensAt.map(formatter.string), definition.closesAt.map(formatter.string)].compactMap { $0 }.joined(
            separator: " – ")
    }

    private func requireCitizen(_ context: AppRequestContext) throws -> (Tenant, CitizenIdentity) {
        guard let citizen = context.session?.state.principal?.citizen else { throw SignInRequired() }
        return (try context.requireTenant(), citizen)
    }

    private func evaluate(
        _ filing: Filing, _ procedure: CompiledProcedure, _ citizen: CitizenIdentity
    ) async throws -> FormEvaluation {
        let known = try await prefill(for: citizen)
        return evaluations.evaluation(for: filing, prefill: known, today: today) {
            evaluate(filing.answers, procedure, prefill: known)
        }
    }

    private var today: LocalDate { LocalDate(clock.now, in: DateDisplay.timeZone) }

    private func evaluate(_ answers: Answers, _ procedure: CompiledProcedure, prefill: [String: Value]) -> FormEvaluation {
        FormEvaluation(procedure: procedure, answers: answers, prefill: prefill, today: today)
    }

    /// What the municipality already knows about the citizen: sign-in identity and the population registry.
    private func prefill(for citizen: CitizenIdentity) async throws -> [String: Value] {
        let record = try await registry.resident(citizen.fiscalCode)
        return prefills.prefill(for: citizen, record: record) {
            var identity: [String: Value] = [
                "fiscalCode": .string(citizen.fiscalCode.value), "givenName": .string(citizen.givenName),
                "familyName": .string(citizen.familyName), "email": citizen.email.map(Value.string) ?? .null,
            ]
            var prefill: [String: Value] = [:]
            if let record {
                prefill["registry"] = record.prefillValue
                identity["birthDate"] = .date(record.birthDate)
            }
            prefill["identity"] = .record(identity)
            return prefill
        }
    }

    /// Loads the citizen's own filing and its procedure version; anything else is "not found".
    private func withFiling(
        _ request: Request, _ context: AppRequestContext,
        _ body: (Filing, CompiledProcedure, CitizenIdentity) async throws -> Response
    ) async throws -> Response {
        guard let citizen = context.session?.state.principal?.citizen else {
            return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
        }
        let tenant = try context.requireTenant()
        let id = try context.parameters.require("id", as: UUID.self)
        guard let filing = try await filings.find(id: id, owner: citizen.fiscalCode, tenantID: tenant.id),
            let procedure = try await catalog.procedure(
                code: filing.procedureCode, version: filing.procedureVersion, tenantID: tenant.id)
        else {
            context.logger.notice("filing not found for this citizen", metadata: ["filing": "\(id)"])
            throw HTTPError(.notFound)
        }
        return try await body(filing, procedure, citizen)
    }

    private func withDraft(
        _ request: Request, _ context: AppRequestContext,
        _ body: (Filing, CompiledProcedure, CitizenIdentity) async throws -> Response
    ) async throws -> Response {
        try await withFiling(request, context) { filing, procedure, citizen in
            guard filing.status == .draft else { return Pages.redirect(to: SiteRoute.filing(id: filing.id).path) }
            return try await body(filing, procedure, citizen)
        }
    }
}

/// The action needs a signed-in citizen.
struct SignInRequired: HTTPResponseError {
    var status: HTTPResponse.Status { .forbidden }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .forbidden)
    }
}
