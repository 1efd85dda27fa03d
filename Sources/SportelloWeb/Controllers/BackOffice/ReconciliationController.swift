import Foundation
import Hummingbird
import SportelloCore

/// Reconciliation (riconciliazione): an operator uploads a flow of pagoPA's transfers (FlussoRiversamento XML); every
/// line is matched on (creditor, IUV, transfer index) against the receipts recorded, and the page shows what matched,
/// what is missing, what differs in amount and what the flow leaves out; the report downloads as CSV.
struct ReconciliationController {
    let receipts: any PaymentReceiptStore
    let pages: Pages

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeReconciliation.pattern)) { request, context in
            try await page(request, context, report: nil, error: nil)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeReconciliation.pattern)) { request, context in
            let tenant = try context.requireTenant()
            let t = pages.texts(context)
            guard let file = context.upload?.file(named: "flow"), file.size > 0 else {
                return try await page(request, context, report: nil, error: t("reconciliation.noFile"))
            }
            let data = try Data(contentsOf: file.temporaryURL)
            let flow: ReconciliationFlow
            do {
                flow = try ReconciliationFlow(xml: data, timeZone: DateDisplay.timeZone)
            } catch let error as ReconciliationFlowError {
                return try await page(request, context, report: nil, error: t(error.messageKey))
            }
            guard flow.receiver.fiscalCode == tenant.fiscalCode else {
                return try await page(request, context, report: nil, error: t("reconciliation.otherCreditor"))
            }
            let report = try await reconcile(flow, tenant: tenant)
            context.logger.info(
                "reconciliation flow checked",
                metadata: ["flow": "\(flow.id)", "lines": "\(flow.payments.count)", "clean": "\(report.isClean)"])
            if context.upload?.fields["format"] == "csv" {
                return Pages.csv(report.csv(), fileName: "riconciliazione-\(flow.id).csv")
            }
            return try await page(request, context, report: report, error: nil)
        }
    }

    /// The flow against the receipts of its days (a week around them: a payment may be reported days later).
    private func reconcile(_ flow: ReconciliationFlow, tenant: Tenant) async throws -> ReconciliationReport {
        let days = flow.payments.map(\.outcomeDate)
        let first = days.min() ?? flow.settlementDate
        let last = max(days.max() ?? flow.settlementDate, first)
        let start = (first.adding(days: -7) ?? first).start(in: DateDisplay.timeZone)
        let end = (last.adding(days: 8) ?? last).start(in: DateDisplay.timeZone)
        let stored = try await receipts.receipts(paidFrom: start, to: end, tenantID: tenant.id)
        return Reconciler.reconcile(
            flow, receipts: stored.flatMap { $0.reconciliationEntries(timeZone: DateDisplay.timeZone) },
            issuedIUVs: try await receipts.issuedIUVs(tenantID: tenant.id), period: first...last)
    }

    private func page(
        _ request: Request, _ context: AppRequestContext, report: ReconciliationReport?, error: String?
    ) async throws -> Response {
        let t = pages.texts(context)
        let model = ReconciliationView.Model(
            csrfToken: context.session?.state.csrfToken ?? "", error: error,
            flowID: report?.flowID,
            totals: report.map { report in
                ReconciliationStatus.allCases.map { status in
                    let total = report.total(status)
                    return (t("reconciliation.status.\(status.rawValue)"), String(total.count), total.amount.formatted)
                }
            } ?? [],
            problems: (report?.lines ?? []).filter { $0.status != .matched }.prefix(500).map { line in
                (
                    t("reconciliation.status.\(line.status.rawValue)"),
                    line.payment?.iuv ?? line.receipt?.iuv.value ?? "",
                    String(line.payment?.transferIndex ?? line.receipt?.transferIndex ?? 0),
                    line.payment?.amount.formatted ?? "—", line.receipt?.amount.formatted ?? "—"
                )
            })
        return await pages.render(
            Page(
                title: t("reconciliation.title"), body: ReconciliationView.body(model, t: t),
                status: error == nil ? .ok : .unprocessableContent, section: .backOffice),
            request: request, context: context)
    }
}
