import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SportelloAdapters
import SportelloCore

/// The endpoint the pagoPA node sends receipts to (`paSendRT`, SOAP 1.1), for every municipality of the install: the
/// creditor named in the receipt picks the municipality. The caller must present the configured key
/// (`Ocp-Apim-Subscription-Key`); the answer is the `paSendRTRes` envelope the node expects, OK also for a receipt
/// already recorded (the node retries until it gets one).
struct PagoPANodeController {
    let receipts: PagoPAReceipts
    let key: String

    static let path = "/pagopa/paSendRT"
    /// A receipt is a few kilobytes; a larger body is not one.
    static let bodyLimit = 256 << 10

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path)) { request, context in
            guard let given = request.headers[HTTPField.Name("Ocp-Apim-Subscription-Key")!], ConstantTime.equals(given, key)
            else {
                context.logger.notice("pagoPA receipt refused: missing or wrong key")
                return Response(status: .unauthorized)
            }
            let body = try await request.body.collect(upTo: Self.bodyLimit)
            let answer = try await receipts.receive(envelope: Data(buffer: body))
            context.logger.info(
                "pagoPA receipt",
                metadata: ["outcome": "\(answer.outcome.rawValue)", "fault": "\(answer.fault?.faultCode.rawValue ?? "")"])
            return Response(
                status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: PaSendRTEnvelope.write(answer))))
        }
    }
}
