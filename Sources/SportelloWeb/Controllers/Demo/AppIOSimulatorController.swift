import Foundation
import Hummingbird
import NIOCore
import SportelloAdapters

extension AppIOSimulator {
    /// The demo's IO: the municipality's two services, and which test citizens use the app (the others are "not an IO
    /// user", so the demo shows both paths).
    static func demo(keys: (filings: String, payments: String)) -> AppIOSimulator {
        let simulator = AppIOSimulator(
            services: [
                keys.filings: Service(id: "esempio-domande", name: "Comune di Esempio – Domande"),
                keys.payments: Service(id: "esempio-pagamenti", name: "Comune di Esempio – Pagamenti"),
            ])
        Task {
            for citizen in ["RSSMRA85T10A562S", "BNCNNA90C55H501L", "RSSGLI87P70L219B"] { await simulator.addUser(citizen) }
        }
        return simulator
    }
}

/// The demo's phone-like page of the App IO: the messages a test citizen received, with what a payment message asks.
struct AppIOSimulatorController {
    let simulator: AppIOSimulator
    let localizer: Localizer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.appIOSimulator.pattern)) { request, context in
            let fiscalCode = request.uri.queryParameters["cf"].map(String.init) ?? ""
            let t = Texts(localizer: localizer, language: context.language)
            let formatter = DateDisplay.shared(context.language, dateStyle: .medium)
            let messages = await simulator.inbox(of: fiscalCode).map { message in
                AppIOPhoneView.Message(
                    service: message.serviceName, subject: message.subject, text: message.markdown,
                    date: formatter.string(from: message.receivedAt),
                    payment: message.paymentData.map {
                        t(
                            "io.phone.payment",
                            [
                                "amount": String(format: "%.2f", Double($0.amount) / 100).replacingOccurrences(
                                    of: ".", with: ","),
                                "notice": $0.noticeNumber,
                            ])
                    })
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                    .contentSecurityPolicy: SecurityHeadersMiddleware.contentSecurityPolicy(frameAncestors: []),
                ],
                body: .init(
                    byteBuffer: ByteBuffer(string: AppIOPhoneView.page(fiscalCode: fiscalCode, messages: messages, t: t))))
        }
    }
}
