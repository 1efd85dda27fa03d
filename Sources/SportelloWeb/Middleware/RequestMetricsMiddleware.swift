import Foundation
public import Hummingbird
public import Prometheus

/// Counts requests and their durations per route for Prometheus, into a registry owned by
/// the application (no process-wide metrics bootstrap).
public struct RequestMetricsMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "sportello", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "sportello", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time to answer HTTP requests")
    }

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            // The matched route pattern, not the raw path, keeps label cardinality bounded.
            let route = context.endpointPath ?? "unmatched"
            let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
            registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
            registry.makeDurationHistogram(descriptor: Self.duration, labels: [("route", route)], buckets: Self.buckets)
                .recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
