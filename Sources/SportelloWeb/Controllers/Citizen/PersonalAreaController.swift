import Foundation
import Hummingbird
import SportelloCore

/// The citizen's home after sign-in: drafts to resume, filings, messages of the municipality (and later payments).
struct PersonalAreaController {
    let pages: Pages
    let filings: any FilingRepository
    let catalog: ProcedureCatalog
    let messages: any CitizenMessageStore
    let payments: any DebtPositionStore
    let receipts: any PaymentReceiptStore
    /// Municipalities where payments due can be paid online here.
    let payOnline: Set<String>

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.personalArea.pattern)) { request, context in
            guard let citizen = context.session?.state.principal?.citizen else {
                return Pages.redirect(to: SiteRoute.signIn(returnPath: SiteRoute.personalArea.path).path)
            }
            let tenant = try context.requireTenant()
            let t = pages.texts(context)
            let lang = context.language.code
            let titles = Dictionary(
                try await catalog.catalog(tenantID: tenant.id).map { ($0.code, $0.definition.title.text(lang)) },
                uniquingKeysWith: { a, _ in a })
            let formatter = DateDisplay.shared(context.language, dateStyle: .medium)
            func item(_ filing: Filing) -> PersonalAreaView.Item {
                let draft = filing.status == .draft
                let detail =
                    switch (filing.status, filing.registration) {
                    case (.draft, _): t("personalArea.updated", ["date": formatter.string(from: filing.updatedAt)])
                    case (.submitted, let registration?):
                        t(
                            "personalArea.submitted",
                            ["date": formatter.string(from: registration.registeredAt), "number": registration.reference])
                    case (let status, let registration?):
                        t(
                            "personalArea.registered",
                            [
                                "number": registration.reference,
                                "status": t("filing.status.\(status.rawValue)"),
                            ])
                    case (.awaitingPayment, _): t("personalArea.awaitingPayment")
                    default: t("personalArea.readyToSubmit")
                    }
                return PersonalAreaView.Item(
                    title: titles[filing.procedureCode] ?? filing.procedureCode, code: filing.displayCode, detail: detail,
                    openURL: SiteRoute.filing(id: filing.id).path,
                    deleteURL: draft ? SiteRoute.filingDelete(id: filing.id).path : nil,
                    previewURL: draft ? SiteRoute.filingPreview(id: filing.id).path : nil,
                    documents: filing.status.isRegistered
                        ? SubmissionController.links(filing, t: t) { SiteRoute.filingDocument(id: filing.id, document: $0).path }
                        : [])
            }
            let mine = try await filings.list(owner: citizen.fiscalCode, tenantID: tenant.id)
            let drafts = mine.filter { $0.status == .draft }.map(item)
            let confirmed = mine.filter { $0.status != .draft }.map(item)
            let model = PersonalAreaView.Model(
                fullName: citizen.fullName, fiscalCode: citizen.fiscalCode.value,
                sections: [
                    .init(
                        id: "filings", title: t("personalArea.filings.title"), emptyText: t("personalArea.filings.empty"),
                        items: confirmed),
                    .init(
                        id: "drafts", title: t("personalArea.drafts.title"), emptyText: t("personalArea.drafts.empty"),
                        items: drafts),
                ]
                    + [
                        .init(
                            id: "payments-due", title: t("personalArea.payments-due.title"),
                            emptyText: t("personalArea.payments-due.empty"),
                            items: try await paymentsDue(
                                citizen.fiscalCode.value, tenant: tenant, t: t,
                                formatter: DateDisplay.shared(context.language, dateStyle: .medium, timeStyle: .none)))
                    ]
                    + [
                        .init(
                            id: "receipts", title: t("personalArea.receipts.title"), emptyText: t("personalArea.receipts.empty"),
                            // Negative receipts (a payment that did not go through) are listed too, as such.
                            items: try await receipts.receipts(debtor: citizen.fiscalCode.value, tenantID: tenant.id)
                                .map { stored in
                                    PersonalAreaView.Item(
                                        title: stored.receipt.description, code: stored.receipt.paymentAmount.formatted,
                                        detail: t(
                                            stored.receipt.outcome == .ok ? "personalArea.receipt" : "personalArea.receiptFailed",
                                            [
                                                "date": formatter.string(from: stored.receipt.paymentDateTime),
                                                "notice": stored.receipt.noticeNumber.formatted,
                                                "psp": stored.receipt.pspName,
                                            ]),
                                        openURL: SiteRoute.paymentReceipt(id: stored.receipt.receiptID).path,
                                        documents: [
                                            (
                                                t("personalArea.receiptPDF"),
                                                SiteRoute.paymentReceipt(id: stored.receipt.receiptID).path
                                            )
                                        ])
                                })
                    ]
                    + [
                        .init(
                            id: "messages", title: t("personalArea.messages.title"),
                            emptyText: t("personalArea.messages.empty"),
                            items: try await messages.messages(recipient: citizen.fiscalCode.value, tenantID: tenant.id).map {
                                message in
                                PersonalAreaView.Item(
                                    title: message.subject, code: formatter.string(from: message.createdAt),
                                    detail: message.protocolReference.map { t("messages.protocol", ["number": $0]) } ?? "",
                                    openURL: SiteRoute.message(id: message.id).path, unread: message.readAt == nil)
                            })
                    ],
                notice: request.uri.queryParameters["deleted"] != nil
                    ? t("personalArea.draftDeleted")
                    : request.uri.queryParameters["payment"].map { t("personalArea.payment.\($0)") })
            return await pages.render(
                Page(title: t("personalArea.title"), body: PersonalAreaView.body(model, t: t), section: .personalArea),
                request: request, context: context)
        }
    }

    /// The options still to pay of the citizen's published positions, each with its notice.
    private func paymentsDue(
        _ fiscalCode: String, tenant: Tenant, t: Texts, formatter: SharedDateFormatter
    ) async throws -> [PersonalAreaView.Item] {
        let payable: Set<DebtPositionStatus> = [.published, .valid, .partiallyPaid]
        return try await payments.positions(debtor: fiscalCode, tenantID: tenant.id).filter { payable.contains($0.status) }
            .flatMap { position in
                position.paymentOptions.filter { position.payment(of: $0.iuv) == nil }.map { option in
                    let notice = SiteRoute.paymentNotice(notice: option.noticeNumber.value).path
                    return PersonalAreaView.Item(
                        title: option.description, code: option.amount.formatted,
                        detail: t(
                            "personalArea.paymentDue",
                            [
                                "date": formatter.string(
                                    from: option.dueDate.start(in: DateDisplay.timeZone).addingTimeInterval(43_200)),
                                "notice": option.noticeNumber.formatted,
                            ]),
                        openURL: notice, documents: [(t("personalArea.paymentNotice"), notice)],
                        actions: payOnline.contains(tenant.slug)
                            ? [(t("personalArea.payOnline"), SiteRoute.paymentPay(notice: option.noticeNumber.value).path)] : [])
                }
            }
    }
}
