import Foundation
import Hummingbird
import SportelloAdapters
import SportelloCore

/// After submission: the confirmation page with the protocol data and the rating, the filing's
/// documents for its owner, and the same documents opened with the mailed access code.
struct SubmissionController {
    let filings: any FilingRepository
    let catalog: ProcedureCatalog
    let documents: FilingDocuments
    let accessCodes: AccessCodes
    let ratings: any RatingRepository
    let sessions: SessionService
    let pages: Pages
    let clock: any Clock
    /// The fees' debt positions, for a filing waiting for payment.
    let positions: any DebtPositionStore
    /// Municipalities whose payments go to the demo's simulator checkout.
    let payOnline: Set<String>
    /// How long documents stay open after a right access code.
    static let accessGrantLifetime: TimeInterval = 30 * 60

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.filingOutcome(id: UUID()).pattern)) { request, context in
            try await withSubmitted(request, context) { filing, tenant, _ in
                try await outcomePage(filing, tenant: tenant, rating: nil, request, context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.filingDocument(id: UUID(), document: "").pattern)) { request, context in
            try await withSubmitted(request, context) { filing, tenant, _ in
                try await download(filing, tenant: tenant, context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.filingRating(id: UUID()).pattern)) { request, context in
            try await withSubmitted(request, context) { filing, tenant, _ in
                try await rate(filing, tenant: tenant, request, context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.documentAccess.pattern)) { request, context in
            // The form needs a CSRF token, so a visitor who is not signed in gets an anonymous session.
            let (session, isNew) = try await sessions.current(context)
            var response = await accessPage(DocumentAccessView.Model(csrfToken: session.state.csrfToken), request, context)
            if isNew { response.setCookie(sessions.cookie(for: session)) }
            return response
        }
        router.post(RouterPath(stringLiteral: SiteRoute.documentAccess.pattern)) { request, context in
            try await openWithCode(request, context)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.documentAccessFile(document: "").pattern)) { request, context in
            let tenant = try context.requireTenant()
            guard let grant = context.session?.state.documentAccess, grant.expiresAt > clock.now,
                let filing = try await filings.find(id: grant.filingID, owner: grant.owner, tenantID: tenant.id),
                filing.status.isRegistered
            else { return Pages.redirect(to: SiteRoute.documentAccess.path) }
            return try await download(filing, tenant: tenant, context)
        }
    }

    // MARK: Confirmation and rating

    private func outcomePage(
        _ filing: Filing, tenant: Tenant, rating: SubmissionOutcomeView.RatingForm?, _ request: Request,
        _ context: AppRequestContext
    ) async throws -> Response {
        let t = pages.texts(context)
        guard filing.status.isRegistered,
            let receipt = try await documents.receiptModel(filing, tenant: tenant, language: context.language)
        else {
            let procedure = try await catalog.procedure(
                code: filing.procedureCode, version: filing.procedureVersion, tenantID: tenant.id)
            let title = procedure?.definition.title.text(context.language.code) ?? filing.procedureCode
            if filing.status == .awaitingPayment {
                return try await paymentPage(filing, tenant: tenant, title: title, request, context)
            }
            let body = AwaitingProtocolView.body(
                title: title, code: filing.displayCode,
                confirmedAt: filing.confirmedAt.map(DateDisplay.shared(context.language, dateStyle: .long).string) ?? "",
                paid: procedure?.definition.fee != nil, t: t)
            return await pages.render(
                Page(title: t("ready.title"), body: body, section: .personalArea), request: request, context: context)
        }
        let dateOnly = DateDisplay.shared(context.language, dateStyle: .long, timeStyle: .none)
        let given = try await ratings.rating(filingID: filing.id, tenantID: tenant.id)?.score
        let model = SubmissionOutcomeView.Model(
            procedureTitle: receipt.procedureTitle, filingCode: filing.displayCode,
            protocolReference: receipt.registration.reference,
            protocolDate: StampFormat.dateTime(receipt.registration.registeredAt), email: receipt.email,
            deadline: dateOnly.string(from: FilingReceipt.completionDate(receipt)),
            office: ([receipt.office.name] + [receipt.office.email, receipt.office.phone].compactMap { $0 }).joined(
                separator: " · "),
            documents: Self.links(filing, t: t, payment: try await documents.hasPayment(filing, tenant: tenant)) {
                SiteRoute.filingDocument(id: filing.id, document: $0).path
            },
            rating: rating
                ?? SubmissionOutcomeView.RatingForm(
                    actionURL: SiteRoute.filingRating(id: filing.id).path, csrfToken: context.session?.state.csrfToken ?? "",
                    given: given),
            personalAreaURL: SiteRoute.personalArea.path,
            status: filing.status == .submitted ? nil : t("filing.status.\(filing.status.rawValue)"),
            followUps: try await followUps(filing, tenant: tenant, t: t))
        return await pages.render(
            Page(
                title: t("outcome.title"), body: SubmissionOutcomeView.body(model, t: t),
                status: rating?.error == nil ? .ok : .unprocessableContent, section: .personalArea),
            request: request, context: context)
    }

    /// The fee still to pay: the notice, paying online, and how the last attempt went.
    private func paymentPage(
        _ filing: Filing, tenant: Tenant, title: String, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let t = pages.texts(context)
        guard let position = try await positions.position(iupd: FilingFee.iupd(for: filing.id), tenantID: tenant.id),
            let option = position.paymentOptions.first
        else { throw HTTPError(.notFound) }
        let notice = option.noticeNumber.value
        let back = SiteRoute.filingOutcome(id: filing.id).path
        let dueDate = DateDisplay.shared(context.language, dateStyle: .long, timeStyle: .none).string(
            from: option.dueDate.start(in: DateDisplay.timeZone).addingTimeInterval(43_200))
        let attempt = request.uri.queryParameters["payment"].flatMap { outcome in
            Self.attempts.contains(String(outcome)) ? t("fee.attempt.\(outcome)") : nil
        }
        let model = PaymentPendingView.Model(
            procedureTitle: title, filingCode: filing.displayCode, reason: option.description,
            amount: option.amount.formatted, noticeNumber: option.noticeNumber.formatted,
            creditor: "\(position.companyName) (\(position.creditorFiscalCode.value))", dueDate: dueDate,
            payURL: payOnline.contains(tenant.slug)
                ? SiteRoute.paymentPay(notice: notice).path + "?" + FormEncoding.encode([("return", back)]) : nil,
            noticeURL: SiteRoute.paymentNotice(notice: notice).path, attempt: attempt)
        return await pages.render(
            Page(title: t("fee.title"), body: PaymentPendingView.body(model, t: t), section: .personalArea),
            request: request, context: context)
    }

    /// How a return from the checkout may end while the filing still waits for its payment.
    static let attempts: Set<String> = ["cancelled", "refused", "failed", "done"]

    /// What the citizen may do now, by the procedure's workflow: answer a supplement request, withdraw.
    private func followUps(_ filing: Filing, tenant: Tenant, t: Texts) async throws -> [(label: String, url: String)] {
        guard
            let procedure = try await catalog.procedure(
                code: filing.procedureCode, version: filing.procedureVersion, tenantID: tenant.id)
        else { return [] }
        return procedure.definition.effectiveWorkflow.available(from: filing.status, for: .citizen).compactMap { transition in
            switch transition.action {
            case "answerSupplement": (t("supplement.open"), SiteRoute.filingSupplement(id: filing.id).path)
            case "withdraw": (t("withdraw.open"), SiteRoute.filingWithdraw(id: filing.id).path)
            default: nil
            }
        }
    }

    /// - Parameter payment: whether the filing has a paid fee, whose receipt was registered with it.
    static func links(
        _ filing: Filing, t: Texts, payment: Bool = false, url: (String) -> String
    ) -> [(label: String, url: String)] {
        [
            (t("outcome.document.filing", ["code": filing.displayCode]), url(FilingDocuments.slug(.filing))),
            (t("outcome.document.receipt", ["code": filing.displayCode]), url(FilingDocuments.slug(.receipt))),
        ] + (payment ? [(t("outcome.document.payment"), url(FilingDocuments.slug(.payment)))] : [])
    }

    private func rate(_ filing: Filing, tenant: Tenant, _ request: Request, _ context: AppRequestContext) async throws -> Response
    {
        let fields = try await formFields(request, context)
        let comment = (fields["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let score = fields["score"].flatMap(Int.init), ServiceRating.scores.contains(score),
            comment.count <= ServiceRating.maximumCommentLength
        else {
            let form = SubmissionOutcomeView.RatingForm(
                actionURL: SiteRoute.filingRating(id: filing.id).path, csrfToken: context.session?.state.csrfToken ?? "",
                given: nil, error: pages.texts(context)("rating.error"), comment: comment)
            return try await outcomePage(filing, tenant: tenant, rating: form, request, context)
        }
        let stored = try await ratings.rate(
            ServiceRating(
                filingID: filing.id, tenantID: tenant.id, procedureCode: filing.procedureCode, score: score,
                comment: comment.isEmpty ? nil : comment, createdAt: clock.now))
        context.logger.info("service rated", metadata: ["filing": "\(filing.id)", "score": "\(score)", "stored": "\(stored)"])
        return Pages.redirect(to: SiteRoute.filingOutcome(id: filing.id).path + "#rating-thanks")
    }

    // MARK: Documents

    private func download(_ filing: Filing, tenant: Tenant, _ context: AppRequestContext) async throws -> Response {
        guard let kind = FilingDocuments.kind(slug: try context.parameters.require("document")),
            let file = try await documents.file(kind, of: filing, tenant: tenant, language: context.language)
        else { throw HTTPError(.notFound) }
        return Pages.download(fileName: file.fileName, mimeType: file.mimeType, bytes: file.bytes)
    }

    private func accessPage(
        _ model: DocumentAccessView.Model, status: HTTPResponse.Status = .ok, _ request: Request, _ context: AppRequestContext
    ) async -> Response {
        let t = pages.texts(context)
        let title = model.documents.isEmpty ? t("access.title") : t("access.documents.title")
        return await pages.render(
            Page(
                title: (model.error == nil ? "" : t("form.errorTitlePrefix") + " ") + title,
                body: DocumentAccessView.body(model, t: t), status: status),
            request: request, context: context)
    }

    private func openWithCode(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        let fields = try await formFields(request, context)
        let filingCode = (fields["filing_code"] ?? "").trimmingCharacters(in: .whitespaces)
        var model = DocumentAccessView.Model(csrfToken: context.session?.state.csrfToken ?? "", filingCode: filingCode)
        let outcome = try await accessCodes.check(
            filingCode: filingCode, code: fields["access_code"] ?? "", tenantID: tenant.id)
        guard case .granted(let filingID, let owner) = outcome,
            let filing = try await filings.find(id: filingID, owner: owner, tenantID: tenant.id), filing.status.isRegistered,
            let session = context.session
        else {
            context.logger.notice("access code refused", metadata: ["outcome": "\(outcome)"])
            model.error = t(outcome == .locked ? "access.error.locked" : "access.error.wrong")
            return await accessPage(
                model, status: outcome == .locked ? .tooManyRequests : .unprocessableContent, request, context)
        }
        var state = session.state
        state.documentAccess = DocumentAccessGrant(
            filingID: filing.id, owner: owner, expiresAt: clock.now.addingTimeInterval(Self.accessGrantLifetime))
        let fresh = try await sessions.rotate(session, state: state)
        context.logger.info("documents opened with access code", metadata: ["filing": "\(filing.id)"])
        model.csrfToken = fresh.state.csrfToken
        model.documents = Self.links(filing, t: t) { SiteRoute.documentAccessFile(document: $0).path }
        model.procedureTitle = try await catalog.procedure(
            code: filing.procedureCode, version: filing.procedureVersion, tenantID: tenant.id)?
            .definition.title.text(context.language.code)
        model.protocolReference = filing.registration?.reference
        var response = await accessPage(model, request, context)
        response.setCookie(sessions.cookie(for: fresh))
        return response
    }

    /// Loads the citizen's own confirmed or submitted filing; anything else is "not found".
    private func withSubmitted(
        _ request: Request, _ context: AppRequestContext, _ body: (Filing, Tenant, CitizenIdentity) async throws -> Response
    ) async throws -> Response {
        guard let citizen = context.session?.state.principal?.citizen else {
            return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
        }
        let tenant = try context.requireTenant()
        let id = try context.parameters.require("id", as: UUID.self)
        guard let filing = try await filings.find(id: id, owner: citizen.fiscalCode, tenantID: tenant.id) else {
            context.logger.notice("filing not found for this citizen", metadata: ["filing": "\(id)"])
            throw HTTPError(.notFound)
        }
        guard filing.status != .draft else { return Pages.redirect(to: SiteRoute.filing(id: filing.id).path) }
        return try await body(filing, tenant, citizen)
    }
}
