import Foundation
import Hummingbird
import NIOCore
import SportelloAdapters
import SportelloCore

/// The operator's side of filings: the inbox (filters, search, pages, CSV export), one filing with its answers,
/// documents and history, and the moves its workflow allows. An operator reaches only filings of procedures owned
/// by their offices (admins: the whole municipality); anything else is "not found".
struct CaseController {
    let store: any CaseworkStore
    let messages: any CitizenMessageStore
    let ownership: any ProcedureOwnership
    let operators: any OperatorRepository
    let catalog: ProcedureCatalog
    let filings: any FilingRepository
    let documents: FilingDocuments
    let files: CaseFiles
    let handling: CaseHandling
    let pages: Pages
    let clock: any Clock
    let hasMailbox: Bool

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeInbox.pattern)) { request, context in
            try await inbox(request, context)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeExport.pattern)) { request, context in
            try await export(request, context)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeCase(id: UUID()).pattern)) { request, context in
            try await withCase(context) { open in try await detailPage(open, request, context) }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeCaseAction(id: UUID(), action: "").pattern)) {
            request, context in
            try await withCase(context) { open in try await act(open, request, context) }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeCaseDocument(id: UUID(), document: "").pattern)) {
            _, context in
            try await withCase(context) { open in try await document(open, context) }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeCaseAttachment(id: UUID(), sha256: "").pattern)) {
            _, context in
            try await withCase(context) { open in try await attachment(open.caseFile, open.tenant, context) }
        }
    }

    // MARK: Inbox

    /// The query a request asks for, within the operator's scope; problems with the dates are reported, not fatal.
    private func query(
        _ request: Request, account: Operator, tenant: Tenant
    ) async throws -> (InboxQuery, errors: [(field: String, messageKey: String)]) {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        var errors: [(String, String)] = []
        func day(_ name: String) -> LocalDate? {
            guard let text = value(name) else { return nil }
            guard let date = LocalDate(iso: text) else {
                errors.append((name, "error.inbox.date"))
                return nil
            }
            return date
        }
        let scope = account.caseScope(owners: try await ownership.owners(tenantID: tenant.id))
        let assignment: InboxQuery.Assignment =
            switch value("assigned") {
            case "me": .assigned(to: account.id)
            case "none": .unassigned
            default: .anyone
            }
        let from = day("from")
        let to = day("to")
        let query = InboxQuery(
            tenantID: tenant.id, procedureCodes: scope, procedureCode: value("procedure"),
            status: value("status").flatMap(FilingStatus.init(rawValue:)),
            submittedFrom: from.map { $0.start(in: DateDisplay.timeZone) },
            submittedBefore: to.flatMap { $0.adding(days: 1) }.map { $0.start(in: DateDisplay.timeZone) },
            assignment: assignment, overdueAt: value("overdue") == "1" ? clock.now : nil, search: value("q"),
            sort: value("sort").flatMap(InboxQuery.Sort.init(rawValue:)) ?? .newest,
            page: value("page").flatMap(Int.init) ?? 1)
        return (query, errors)
    }

    private func inbox(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        let (query, errors) = try await self.query(request, account: account, tenant: tenant)
        let page = try await store.inbox(query)
        let titles = try await procedureTitles(tenant, language: context.language)
        let parameters = request.uri.queryParameters
        func chosen(_ name: String) -> String { parameters[Substring(name)].map(String.init) ?? "" }
        func options(_ pairs: [(String, String)], _ name: String) -> [InboxView.Model.Option] {
            pairs.map { InboxView.Model.Option(value: $0.0, label: $0.1, selected: chosen(name) == $0.0) }
        }
        let visibleCodes = query.procedureCodes ?? titles.keys.sorted()
        let formatter = DateDisplay.shared(context.language, dateStyle: .short)
        let now = clock.now
        func pageURL(_ number: Int) -> String {
            var items = parameters.filter { $0.key != "page" }.map { (String($0.key), String($0.value)) }
            items.append(("page", String(number)))
            return SiteRoute.backOfficeInbox.path + "?" + FormEncoding.encode(items)
        }
        let exportItems = parameters.filter { $0.key != "page" }.map { (String($0.key), String($0.value)) }
        let model = InboxView.Model(
            operatorName: account.displayName, roles: account.roles.map { t("role.\($0.rawValue)") },
            isAdmin: account.hasRole(.admin), hasMailbox: hasMailbox,
            procedures: options([("", t("inbox.any"))] + visibleCodes.map { ($0, titles[$0] ?? $0) }, "procedure"),
            statuses: options(
                [("", t("inbox.any"))]
                    + FilingStatus.allCases.filter(\.isRegistered).map { ($0.rawValue, t("filing.status.\($0.rawValue)")) },
                "status"),
            assignments: options(
                [("", t("inbox.any")), ("me", t("inbox.assigned.me")), ("none", t("inbox.assigned.none"))], "assigned"),
            sorts: InboxQuery.Sort.allCases.map {
                InboxView.Model.Option(
                    value: $0.rawValue, label: t("inbox.sort.\($0.rawValue)"), selected: query.sort == $0)
            },
            from: chosen("from"), to: chosen("to"), search: chosen("q"), overdueOnly: query.overdueAt != nil,
            rows: page.items.map { item in
                InboxView.Model.Row(
                    url: SiteRoute.backOfficeCase(id: item.filingID).path, code: item.filingCode,
                    procedure: titles[item.procedureCode] ?? item.procedureCode, citizen: item.citizenName,
                    fiscalCode: item.citizenFiscalCode, protocolReference: item.registration?.reference ?? "—",
                    submittedAt: formatter.string(from: item.submittedAt), dueAt: formatter.string(from: item.dueAt),
                    overdue: item.isOverdue(at: now), status: t("filing.status.\(item.status.rawValue)"),
                    assignee: item.assignedOperatorName ?? "—")
            },
            total: page.total, totalIsCapped: page.totalIsCapped, page: page.page, pageCount: page.pageCount,
            previousURL: page.page > 1 ? pageURL(page.page - 1) : nil,
            nextURL: page.page < page.pageCount ? pageURL(page.page + 1) : nil,
            exportURL: SiteRoute.backOfficeExport.path
                + (exportItems.isEmpty ? "" : "?" + FormEncoding.encode(exportItems)),
            errors: errors.map { ($0.field, t($0.messageKey)) })
        return await pages.render(
            Page(title: t("backOffice.inbox.title"), body: InboxView.body(model, t: t), section: .backOffice),
            request: request, context: context)
    }

    /// The selection as CSV, written in batches as it is read: memory stays flat whatever the size.
    private func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        let (query, _) = try await self.query(request, account: account, tenant: tenant)
        let titles = try await procedureTitles(tenant, language: context.language)
        let store = self.store
        let now = clock.now
        let header = [
            "code", "procedure", "citizen", "fiscalCode", "protocol", "submitted", "due", "overdue", "status", "assignee",
        ]
        .map { t("inbox.csv.\($0)") }
        let statusNames = Dictionary(uniqueKeysWithValues: FilingStatus.allCases.map { ($0, t("filing.status.\($0.rawValue)")) })
        context.logger.info("filings exported", metadata: ["operator": "\(account.username)"])
        let body = ResponseBody { writer in
            var buffer = ByteBuffer(bytes: CSVWriter.byteOrderMark)
            buffer.writeString(CSVWriter.row(header))
            try await store.export(query, batchSize: 1000) { items in
                for item in items {
                    buffer.writeString(
                        CSVWriter.row([
                            item.filingCode, titles[item.procedureCode] ?? item.procedureCode, item.citizenName,
                            item.citizenFiscalCode, item.registration?.reference ?? "", StampFormat.timestamp(item.submittedAt),
                            StampFormat.timestamp(item.dueAt), item.isOverdue(at: now) ? "1" : "0",
                            statusNames[item.status] ?? "",
                            item.assignedOperatorName ?? "",
                        ]))
                }
                try await writer.write(buffer)
                buffer.clear()
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: AttachmentController.contentDisposition(fileName: "pratiche.csv"),
                .cacheControl: "private, no-store",
            ],
            body: body)
    }

    private func procedureTitles(_ tenant: Tenant, language: Language) async throws -> [String: String] {
        Dictionary(
            try await catalog.catalog(tenantID: tenant.id).map { ($0.code, $0.definition.title.text(language.code)) },
            uniquingKeysWith: { a, _ in a })
    }

    // MARK: One filing

    /// A filing of the operator's scope, loaded once per request with everything its pages need.
    struct OpenCase {
        var caseFile: CaseFile
        var filing: Filing
        var procedure: CompiledProcedure
        var account: Operator
        var tenant: Tenant
    }

    /// Loads a filing of the operator's scope with its procedure; anything else is "not found".
    private func withCase(
        _ context: AppRequestContext, _ body: (OpenCase) async throws -> Response
    ) async throws -> Response {
        guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
        let tenant = try context.requireTenant()
        let id = try context.parameters.require("id", as: UUID.self)
        let scope = account.caseScope(owners: try await ownership.owners(tenantID: tenant.id))
        guard let caseFile = try await store.caseFile(filingID: id, tenantID: tenant.id),
            caseFile.status.isRegistered, scope.map({ $0.contains(caseFile.procedureCode) }) ?? true,
            let filing = try await filings.find(
                id: id, owner: try CodiceFiscale(stored: caseFile.citizenFiscalCode), tenantID: tenant.id),
            let procedure = try await catalog.procedure(
                code: filing.procedureCode, version: filing.procedureVersion, tenantID: tenant.id)
        else {
            context.logger.notice("case not found for this operator", metadata: ["filing": "\(id)"])
            throw HTTPError(.notFound)
        }
        return try await body(
            OpenCase(caseFile: caseFile, filing: filing, procedure: procedure, account: account, tenant: tenant))
    }

    private func detailPage(
        _ open: OpenCase, _ request: Request, _ context: AppRequestContext, error: (action: String, message: String)? = nil,
        text: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (caseFile, procedure, tenant) = (open.caseFile, open.procedure, open.tenant)
        let t = pages.texts(context)
        let lang = context.language.code
        let formatter = DateDisplay.shared(context.language, dateStyle: .medium)
        let prefill = try await store.prefill(filingID: caseFile.filingID, tenantID: tenant.id)
        let summary = Optional(open.filing).map {
            FilingSummary(
                FormEvaluation(
                    procedure: procedure, answers: $0.answers, prefill: prefill,
                    today: LocalDate($0.confirmedAt ?? clock.now, in: DateDisplay.timeZone)), t: t)
        }
        let id = caseFile.filingID
        var documentLinks: [CaseDetailView.Model.Link] = [
            .init(
                label: t("case.documents.filing"), url: SiteRoute.backOfficeCaseDocument(id: id, document: "domanda.pdf").path,
                detail: caseFile.registration?.reference ?? "")
        ]
        documentLinks += (summary?.attachments ?? []).map {
            .init(
                label: $0.fileName, url: SiteRoute.backOfficeCaseAttachment(id: id, sha256: $0.sha256).path,
                detail: ByteCount.format($0.size))
        }
        let sentMessages = try await messages.messages(filingID: id, tenantID: tenant.id)
        let exchanged =
            try await store.supplements(filingID: id, tenantID: tenant.id).flatMap { $0.answer?.attachments ?? [] }
            + sentMessages.flatMap(\.attachments)
        documentLinks += exchanged.map {
            .init(label: $0.fileName, url: SiteRoute.backOfficeCaseAttachment(id: id, sha256: $0.sha256).path, detail: "")
        }
        documentLinks += try await store.documents(filingID: id, tenantID: tenant.id).map {
            .init(
                label: t("case.documents.\($0.kind.rawValue)"),
                url: SiteRoute.backOfficeCaseDocument(id: id, document: $0.id.uuidString.lowercased()).path,
                detail: [$0.protocolReference, formatter.string(from: $0.createdAt)].compactMap { $0 }.joined(separator: " · "))
        }
        let supplements = try await store.supplements(filingID: id, tenantID: tenant.id).map { request in
            (
                request: t(
                    "case.supplements.request",
                    [
                        "date": formatter.string(from: request.requestedAt), "text": request.text,
                        "deadline": formatter.string(from: request.deadline), "number": request.protocolReference ?? "—",
                    ]),
                answer: request.answer.map { answer in
                    t(
                        "case.supplements.answer",
                        [
                            "date": formatter.string(from: answer.answeredAt), "text": answer.text,
                            "files": answer.attachments.map(\.fileName).joined(separator: ", "),
                            "number": answer.protocolReference ?? "—",
                        ])
                }
            )
        }
        let sent = sentMessages.map { message in
            CaseDetailView.Model.Link(
                label: message.subject,
                url: message.documentID.map {
                    SiteRoute.backOfficeCaseDocument(id: id, document: $0.uuidString.lowercased()).path
                } ?? "#messages",
                detail: [
                    formatter.string(from: message.createdAt), message.protocolReference,
                    message.readAt == nil ? t("case.messages.unread") : t("case.messages.read"),
                ].compactMap { $0 }.joined(separator: " · "))
        }
        let history = try await store.history(filingID: id, tenantID: tenant.id).map { event in
            CaseDetailView.Model.HistoryLine(
                date: formatter.string(from: event.at), actor: event.actor.name,
                action: t("case.action.\(event.action)")
                    + (event.toStatus.map { " → " + t("filing.status.\($0.rawValue)") } ?? ""),
                detail: event.detail)
        }
        let actions = procedure.definition.effectiveWorkflow.available(from: caseFile.status, for: .operator).map {
            CaseDetailView.Model.Action(
                name: $0.action, label: t("case.action.\($0.action)"),
                url: SiteRoute.backOfficeCaseAction(id: id, action: $0.action).path,
                needsText: $0.requiresText, needsDeadline: $0.requiresDeadline, isDecision: $0.has(.finalDecision),
                primary: $0.action == "take")
        }
        let title = procedure.definition.title.text(lang)
        var facts: [(String, String)] = [
            (t("case.fact.procedure"), title), (t("case.fact.code"), caseFile.filingCode),
            (t("case.fact.status"), t("filing.status.\(caseFile.status.rawValue)")),
            (t("case.fact.citizen"), "\(caseFile.citizenName) (\(caseFile.citizenFiscalCode))"),
            (
                t("case.fact.protocol"),
                caseFile.registration.map { "\($0.reference) · \(formatter.string(from: $0.registeredAt))" } ?? "—"
            ),
            (t("case.fact.due"), formatter.string(from: caseFile.dueAt)),
            (t("case.fact.assignee"), caseFile.assignedOperatorName ?? "—"),
            (t("case.fact.signIn"), caseFile.signInMethod.uppercased()),
        ]
        if caseFile.isOverdue(at: clock.now) { facts.append((t("case.fact.overdue"), t("inbox.overdueBadge"))) }
        let notice = request.uri.queryParameters["done"].map { t("case.done.\($0)") }
        let model = CaseDetailView.Model(
            title: t("case.title", ["code": caseFile.filingCode, "procedure": title]), facts: facts,
            answers: summary?.sections.map { ($0.page.title.text(lang), $0.rows) } ?? [], documents: documentLinks,
            supplements: supplements, messages: sent, history: history, actions: actions,
            expectedStatus: caseFile.status.rawValue, csrfToken: context.session?.state.csrfToken ?? "", error: error,
            notice: notice, text: text)
        var response = await pages.render(
            Page(title: model.title, body: CaseDetailView.body(model, t: t), section: .backOffice), request: request,
            context: context)
        response.status = status
        return response
    }

    private func act(_ open: OpenCase, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (caseFile, procedure, account, tenant) = (open.caseFile, open.procedure, open.account, open.tenant)
        let fields = context.upload?.fields ?? context.postedFields ?? FormFields(pairs: [])
        let action = try context.parameters.require("action")
        let t = pages.texts(context)
        let text = fields["text"] ?? ""
        guard account.hasRole(.admin) || account.hasRole(.operator) else {
            return pages.error(.forbidden, messageKey: "error.backOffice.roleMissing", request: request, context: context)
        }
        let deadline = fields["deadline-" + action].flatMap(LocalDate.init(iso:)).flatMap { $0.adding(days: 1) }
            .map { $0.start(in: DateDisplay.timeZone).addingTimeInterval(-1) }
        // Documents of a final decision: PDF only (what is registered and sent must stay readable for years).
        let checked = files.check(context.upload, name: "files-" + action, allowed: ["pdf"], t: t)
        if let problem = checked.errors.first {
            return try await detailPage(
                open, request, context, error: (action, problem), text: text, status: .unprocessableContent)
        }
        let input = CaseHandling.OperatorInput(
            action: action, expectedStatus: fields["expected"].flatMap(FilingStatus.init(rawValue:)) ?? caseFile.status,
            text: text, deadline: deadline, attachments: checked.documents)
        let offices = try await operators.offices(tenantID: tenant.id)
        let owner = try await ownership.owners(tenantID: tenant.id)[caseFile.procedureCode]
        let officeName = offices.first { $0.id == owner }?.name ?? procedure.definition.office.name
        do {
            try await files.keep(checked.documents, from: context.upload, of: caseFile, tenant: tenant)
            _ = try await handling.act(
                input, on: caseFile, procedure: procedure.definition, by: account, tenant: tenant, officeName: officeName)
        } catch let refusal as WorkflowRefusal {
            context.logger.notice(
                "case action refused",
                metadata: ["filing": "\(caseFile.filingID)", "action": "\(action)", "reason": "\(refusal)"])
            let current = try await store.caseFile(filingID: caseFile.filingID, tenantID: tenant.id) ?? caseFile
            var refreshed = open
            refreshed.caseFile = current
            return try await detailPage(
                refreshed, request, context, error: (action, t(refusal.messageKey)), text: text,
                status: refusal == .changedMeanwhile ? .conflict : .unprocessableContent)
        }
        context.logger.info(
            "case action", metadata: ["filing": "\(caseFile.filingID)", "action": "\(action)", "operator": "\(account.username)"])
        return Pages.redirect(to: SiteRoute.backOfficeCase(id: caseFile.filingID).path + "?done=" + action)
    }

    private func document(_ open: OpenCase, _ context: AppRequestContext) async throws -> Response {
        let (caseFile, tenant) = (open.caseFile, open.tenant)
        let name = try context.parameters.require("document")
        if name == "domanda.pdf" {
            guard let file = try await documents.file(.filing, of: open.filing, tenant: tenant, language: context.language)
            else { throw HTTPError(.notFound) }
            return Pages.download(fileName: file.fileName, mimeType: file.mimeType, bytes: file.bytes)
        }
        guard let id = UUID(uuidString: name),
            let stored = try await store.documents(filingID: caseFile.filingID, tenantID: tenant.id).first(where: { $0.id == id }
            ),
            let bytes = try await store.documentContent(id: id, filingID: caseFile.filingID, tenantID: tenant.id)
        else { throw HTTPError(.notFound) }
        return Pages.download(fileName: stored.fileName, mimeType: stored.mimeType, bytes: bytes)
    }

    /// A file of the filing: attached to it, to a supplement answer or to a decision.
    private func attachment(_ caseFile: CaseFile, _ tenant: Tenant, _ context: AppRequestContext) async throws -> Response {
        let sha256 = try context.parameters.require("sha256")
        guard let reference = try await files.reference(sha256: sha256, of: caseFile, tenant: tenant),
            let bytes = try files.content(sha256: sha256, tenant: tenant)
        else { throw HTTPError(.notFound) }
        return Pages.download(fileName: reference.fileName, mimeType: reference.mimeType, bytes: bytes)
    }
}
