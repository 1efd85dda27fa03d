import Hummingbird
import Prometheus
import SportelloStorage

/// Liveness, readiness and metrics for the people who run the service.
struct OperationsController {
    let storage: Storage
    let metrics: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.health.pattern)) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get(RouterPath(stringLiteral: SiteRoute.ready.pattern)) { _, _ in
            let reachable = await storage.isReachable()
            return Response(
                status: reachable ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: reachable ? "ready\n" : "database unreachable\n")))
        }
        router.get(RouterPath(stringLiteral: SiteRoute.metrics.pattern)) { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16_384)
            metrics.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
