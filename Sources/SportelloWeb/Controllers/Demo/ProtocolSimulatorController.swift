import Foundation
import Hummingbird
import SportelloAdapters

/// HTTP face of the demo's protocol simulator: a municipality's own protocol system that registers
/// documents through a web service (`POST /simulatori/protocollo/registrazioni`, bearer token).
struct ProtocolSimulatorController {
    let simulator: ProtocolSimulator

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(stringLiteral: SiteRoute.protocolSimulatorRegistrations.pattern)) { request, context in
            let body = try await request.body.collect(upTo: 32 << 20)
            let answer = await simulator.handle(
                TransportRequest(
                    method: "POST", url: SiteRoute.protocolSimulatorRegistrations.path,
                    headers: request.headers.map { ($0.name.canonicalName, $0.value) }, body: Data(buffer: body)))
            return Response(
                status: .init(code: answer.status), headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }
}
