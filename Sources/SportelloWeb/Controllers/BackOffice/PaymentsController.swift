import Foundation
import Hummingbird
import SportelloCore

/// Payments due (posizioni debitorie) in the back office: the latest positions, and the CSV upload that creates them
/// in bulk, with every refused line listed with its reason.
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
    }

    private func page(
        _ request: Request, _ context: AppRequestContext, outcome: PaymentImports.Outcome?, error: String? = nil
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        guard imports.settings(for: tenant) != nil else {
            return pages.error(.notFound, messageKey: "payments.notConfigured", request: request, context: context)
        }
        let formatter = DateDisplay.formatter(context.language, dateStyle: .medium)
        formatter.timeStyle = .none
        let recent = try await imports.store.recent(tenantID: tenant.id, limit: 50).flatMap { position in
            position.paymentOptions.map { option in
                PaymentsView.Model.Row(
                    debtor: "\(position.debtor.fullName) (\(position.debtor.identifier.value))", reason: option.description,
                    amount: option.amount.formatted,
                    dueDate: formatter.string(from: option.dueDate.start(in: DateDisplay.timeZone).addingTimeInterval(43_200)),
                    notice: option.noticeNumber.formatted,
                    status: position.payment(of: option.iuv) == nil
                        ? t("payments.status.\(position.status.rawValue)") : t("payments.status.PAID"))
            }
        }
        let model = PaymentsView.Model(
            csrfToken: context.session?.state.csrfToken ?? "", error: error,
            summary: outcome.map { outcome in
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
            rows: recent)
        return await pages.render(
            Page(
                title: t("payments.title"), body: PaymentsView.body(model, t: t),
                status: outcome.map { $0.result.errors.isEmpty ? .ok : .unprocessableContent }
                    ?? (error == nil ? .ok : .unprocessableContent),
                section: .backOffice),
            request: request, context: context)
    }
}
