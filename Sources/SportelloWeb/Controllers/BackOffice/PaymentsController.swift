import Foundation
import Hummingbird
import SportelloCore

/// Payments due (posizioni debitorie) in the back office: the latest positions, a form that creates one, the CSV
/// upload that creates them in bulk, with every refused line listed with its reason, and the cancellation of a
/// position nobody paid yet.
struct PaymentsController {
    let imports: PaymentImports
    let pages: Pages

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficePayments.pattern)) { request, context in
            try await page(request, context, outcome: nil)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficePayments.pattern)) { request, context in
            guard let account = context.signedInOperator, account.hasRole(.admin) || account.hasRole(.operator) else {
                return pages.error(.forbidden, messageKey: "error.backOffice.roleMissing", request: request, context: context)
            }
            let tenant = try context.requireTenant()
            guard let file = context.upload?.file(named: "file"), file.size > 0 else {
                return try await page(request, context, outcome: nil, error: pages.texts(context)("payments.import.noFile"))
            }
            let data = try Data(contentsOf: file.temporaryURL)
            guard let outcome = try await imports.importCSV(data, tenant: tenant) else { throw HTTPError(.notFound) }
            context.logger.info(
                "debt positions imported",
                metadata: [
                    "operator": "\(account.username)", "rows": "\(outcome.result.rowCount)",
                    "stored": "\(outcome.stored.stored)", "errors": "\(outcome.result.errors.count)",
                ])
            return try await page(request, context, outcome: outcome)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficePaymentNew.pattern)) { request, context in
            guard let account = context.signedInOperator, account.hasRole(.admin) || account.hasRole(.operator) else {
                return pages.error(.forbidden, messageKey: "error.backOffice.roleMissing", request: request, context: context)
            }
            let tenant = try context.requireTenant()
            let fields = FormFields(buffer: try await request.body.collect(upTo: 64 << 10))
            var entry: [DebtPositionImport.Column: String] = [:]
            for (name, _) in PaymentsView.entryColumns {
                if let column = DebtPositionImport.Column(rawValue: name) { entry[column] = fields["entry-" + name] ?? "" }
            }
            guard let outcome = try await imports.create(entry, tenant: tenant) else { throw HTTPError(.notFound) }
            let t = pages.texts(context)
            guard outcome.result.errors.isEmpty, outcome.stored.stored == 1 else {
                let typed = Dictionary(uniqueKeysWithValues: entry.map { ($0.key.rawValue, $0.value) })
                let errors = outcome.result.errors.map { (column: $0.column ?? "codice_fiscale", message: t($0.messageKey)) }
                return try await page(request, context, outcome: nil, entry: typed, entryErrors: errors)
            }
            context.logger.info(
                "debt position created",
                metadata: ["operator": "\(account.username)", "iupd": "\(outcome.result.positions.first?.position.iupd ?? "")"])
            return Pages.redirect(to: SiteRoute.backOfficePayments.path + "?created=1")
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficePaymentInvalidate(iupd: "").pattern)) { request, context in
            try await invalidatePage(request, context, refusal: nil)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficePaymentInvalidate(iupd: "").pattern)) { request, context in
            guard let account = context.signedInOperator, account.hasRole(.admin) || account.hasRole(.operator) else {
                return pages.error(.forbidden, messageKey: "error.backOffice.roleMissing", request: request, context: context)
            }
            let tenant = try context.requireTenant()
            let iupd = try context.parameters.require("iupd").removingPercentEncoding ?? ""
            switch try await imports.invalidate(iupd: iupd, tenant: tenant) {
            case .invalidated:
                context.logger.info("debt position cancelled", metadata: ["operator": "\(account.username)", "iupd": "\(iupd)"])
                return Pages.redirect(to: SiteRoute.backOfficePayments.path + "?cancelled=1")
            case .notFound: throw HTTPError(.notFound)
            case .refused(let key):
                return try await invalidatePage(request, context, refusal: pages.texts(context)(key))
            }
        }
    }

    private func invalidatePage(_ request: Request, _ context: AppRequestContext, refusal: String?) async throws -> Response {
        let tenant = try context.requireTenant()
        guard imports.settings(for: tenant) != nil else { throw HTTPError(.notFound) }
        let t = pages.texts(context)
        let iupd = try context.parameters.require("iupd").removingPercentEncoding ?? ""
        guard let position = try await imports.store.position(iupd: iupd, tenantID: tenant.id) else {
            throw HTTPError(.notFound)
        }
        let options = position.paymentOptions.map { "\($0.noticeNumber.formatted) · \($0.amount.formatted)" }
        let model = PaymentInvalidateView.Model(
            csrfToken: context.session?.state.csrfToken ?? "",
            actionURL: SiteRoute.backOfficePaymentInvalidate(iupd: iupd).path,
            details: [
                (t("payments.column.debtor"), "\(position.debtor.fullName) (\(position.debtor.identifier.value))"),
                (t("payments.column.reason"), position.reason),
                (t("payments.column.notice"), options.joined(separator: "; ")),
                (t("payments.column.status"), t("payments.status.\(position.status.rawValue)")),
            ],
            refusal: refusal)
        return await pages.render(
            Page(
                title: t("payments.invalidate.title"), body: PaymentInvalidateView.body(model, t: t),
                status: refusal == nil ? .ok : .conflict, section: .backOffice),
            request: request, context: context)
    }

    private func page(
        _ request: Request, _ context: AppRequestContext, outcome: PaymentImports.Outcome?, error: String? = nil,
        entry: [String: String] = [:], entryErrors: [(column: String, message: String)] = []
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        guard imports.settings(for: tenant) != nil else {
            return pages.error(.notFound, messageKey: "payments.notConfigured", request: request, context: context)
        }
        let formatter = DateDisplay.shared(context.language, dateStyle: .medium, timeStyle: .none)
        let recent = try await imports.store.recent(tenantID: tenant.id, limit: 50).flatMap { position in
            position.paymentOptions.map { option in
                PaymentsView.Model.Row(
                    debtor: "\(position.debtor.fullName) (\(position.debtor.identifier.value))", reason: option.description,
                    amount: option.amount.formatted,
                    dueDate: formatter.string(from: option.dueDate.start(in: DateDisplay.timeZone).addingTimeInterval(43_200)),
                    notice: option.noticeNumber.formatted,
                    status: position.payment(of: option.iuv) == nil
                        ? t("payments.status.\(position.status.rawValue)") : t("payments.status.PAID"),
                    cancelURL: [.published, .valid].contains(position.status) && !position.iupd.hasPrefix("DOM-")
                        ? SiteRoute.backOfficePaymentInvalidate(iupd: position.iupd).path : nil)
            }
        }
        let query = request.uri.queryParameters
        let notice =
            query["created"] != nil ? t("payments.new.created") : query["cancelled"] != nil ? t("payments.invalidate.done") : nil
        let model = PaymentsView.Model(
            csrfToken: context.session?.state.csrfToken ?? "", error: error,
            summary: notice
                ?? outcome.map { outcome in
                    t(
                        "payments.import.summary",
                        [
                            "rows": String(outcome.result.rowCount), "stored": String(outcome.stored.stored),
                            "duplicates": String(outcome.stored.alreadyStored.count),
                            "refused": String(Set(outcome.result.errors.map(\.line)).count),
                        ])
                },
            errors: outcome?.result.errors.map {
                (String($0.line), $0.column ?? "—", t($0.messageKey))
            } ?? [],
            rows: recent, entry: entry, entryErrors: entryErrors)
        return await pages.render(
            Page(
                title: t("payments.title"), body: PaymentsView.body(model, t: t),
                status: outcome.map { $0.result.errors.isEmpty ? .ok : .unprocessableContent }
                    ?? (error == nil && entryErrors.isEmpty ? .ok : .unprocessableContent),
                section: .backOffice),
            request: request, context: context)
    }
}
