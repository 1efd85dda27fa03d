import Foundation
import Hummingbird
import SportelloAdapters
import SportelloCore
import SportelloDocuments

/// The citizen's payment notices: the PDF/A notice of a payment due, only to its debtor.
struct CitizenPaymentsController {
    let store: any DebtPositionStore
    let receipts: any PaymentReceiptStore
    let renderer: DocumentRenderer
    let logos: DocumentLogos
    let localizer: Localizer
    let clock: any Clock
    /// Municipalities whose payments go to the demo's simulator checkout.
    let simulatedCheckout: Set<String>

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.paymentReceipt(id: "").pattern)) { request, context in
            guard let citizen = context.session?.state.principal?.citizen else {
                return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
            }
            let tenant = try context.requireTenant()
            let id = try context.parameters.require("receipt").removingPercentEncoding ?? ""
            guard let stored = try await receipts.receipt(id: id, debtor: citizen.fiscalCode.value, tenantID: tenant.id) else {
                throw HTTPError(.notFound)
            }
            let pdf = try renderer.render(
                PaymentReceiptDocument.document(
                    stored.receipt, logo: logos.logo(for: tenant.slug), t: Texts(localizer: localizer, language: context.language)
                ),
                conformance: .pdfA1b)
            return Pages.download(
                fileName: PaymentReceiptDocument.fileName(stored.receipt), mimeType: "application/pdf", bytes: pdf)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.paymentPay(notice: "").pattern)) { request, context in
            guard let citizen = context.session?.state.principal?.citizen else {
                return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
            }
            let tenant = try context.requireTenant()
            guard simulatedCheckout.contains(tenant.slug),
                let notice = try? NoticeNumber(validating: try context.parameters.require("notice")),
                let position = try await store.position(noticeNumber: notice, tenantID: tenant.id),
                position.debtor.identifier.value == citizen.fiscalCode.value
            else { throw HTTPError(.notFound) }
            let back =
                request.uri.queryParameters["return"].map(String.init).flatMap {
                    SiteRoute.isSafeReturnPath($0) ? $0 : nil
                } ?? SiteRoute.personalArea.path
            return Pages.redirect(
                to: SiteRoute.pagopaCheckout.path + "?"
                    + FormEncoding.encode([
                        ("notice", notice.value), ("org", position.creditorFiscalCode.value), ("return", back),
                    ]))
        }
        router.get(RouterPath(stringLiteral: SiteRoute.paymentNotice(notice: "").pattern)) { request, context in
            guard let citizen = context.session?.state.principal?.citizen else {
                return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
            }
            let tenant = try context.requireTenant()
            guard let notice = try? NoticeNumber(validating: try context.parameters.require("notice")),
                let position = try await store.position(noticeNumber: notice, tenantID: tenant.id),
                position.debtor.identifier.value == citizen.fiscalCode.value,
                let option = position.paymentOptions.first(where: { $0.noticeNumber == notice })
            else {
                context.logger.notice("payment notice not found for this citizen")
                throw HTTPError(.notFound)
            }
            let model = PaymentNoticeDocument.Model(
                creditorName: position.companyName, creditorFiscalCode: position.creditorFiscalCode,
                debtorName: position.debtor.fullName, debtorFiscalCode: position.debtor.identifier.value,
                reason: option.description, amount: option.amount, dueDate: option.dueDate, noticeNumber: notice,
                issuedAt: clock.now, logo: logos.logo(for: tenant.slug))
            let pdf = try renderer.render(
                try PaymentNoticeDocument.document(model, t: Texts(localizer: localizer, language: context.language)),
                conformance: .pdfA1b)
            return Pages.download(fileName: PaymentNoticeDocument.fileName(notice), mimeType: "application/pdf", bytes: pdf)
        }
    }
}
