import Foundation
import Hummingbird
import NIOCore
import SportelloAdapters
import SportelloCore

/// The demo's pagoPA checkout: the page a citizen reaches from "Paga online", where a test payment succeeds or is
/// refused. Paying makes the simulator mark the notice paid and write the receipt the node would send (`paSendRT`,
/// SOAP); the receipt is read back from that envelope and recorded by Sportello as from the real node. "Payment fails"
/// sends a negative receipt (KO): recorded, the notice still to pay.
struct PagoPASimulatorController {
    let simulator: GPDSimulator
    let receipts: PagoPAReceipts
    let localizer: Localizer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.pagopaCheckout.pattern)) { request, context in
            let parameters = request.uri.queryParameters
            let t = Texts(localizer: localizer, language: context.language)
            let html = PagoPACheckoutView.page(
                notice: parameters["notice"].map(String.init) ?? "", organization: parameters["org"].map(String.init) ?? "",
                returnPath: parameters["return"].map(String.init) ?? "/", t: t)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                    .contentSecurityPolicy: SecurityHeadersMiddleware.contentSecurityPolicy(frameAncestors: []),
                ],
                body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        router.post(RouterPath(stringLiteral: SiteRoute.pagopaCheckout.pattern)) { request, context in
            let fields = FormFields(buffer: try await request.body.collect(upTo: 64 << 10))
            let back = fields["return"].flatMap { SiteRoute.isSafeReturnPath($0) ? $0 : nil } ?? "/"
            let separator = back.contains("?") ? "&" : "?"
            let action = fields["action"]
            guard action == "pay" || action == "fail", let notice = fields["notice"], let organization = fields["org"] else {
                return Pages.redirect(to: back + separator + "payment=cancelled")
            }
            do {
                let receipt = try await simulator.pay(
                    noticeNumber: notice, organization: organization, outcome: action == "pay" ? .ok : .ko)
                // What the node would post to the municipality: written and read as SOAP, then recorded.
                let envelope = PaSendRTEnvelope.write(simulator.sendRTRequest(for: receipt))
                let outcome = try await receipts.receive(envelope: Data(envelope.utf8))
                context.logger.info("demo payment", metadata: ["notice": "\(notice)", "outcome": "\(outcome)"])
                return Pages.redirect(to: back + separator + (action == "pay" ? "payment=done" : "payment=failed"))
            } catch let fault as PaFault {
                context.logger.notice("demo payment refused", metadata: ["fault": "\(fault.faultCode)"])
                return Pages.redirect(to: back + separator + "payment=refused")
            }
        }
    }
}
