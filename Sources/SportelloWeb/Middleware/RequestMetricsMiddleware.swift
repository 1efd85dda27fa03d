import Foundation
public import Hummingbird
public import Prometheus
import Synchronization

/// Counts requests and their durations per route for Prometheus, into a registry owned by
/// the application (no process-wide metrics bootstrap).
public struct RequestMetricsMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let registry: PrometheusCollectorRegistry
    private let series = SeriesCache()
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
            let key = SeriesKey(method: request.method, route: context.endpointPath ?? "unmatched", status: status)
            let (counter, histogram) = series.metrics(for: key, registry: registry)
            counter.increment()
            histogram.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
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

/// What a request's series are labelled with.
struct SeriesKey: Hashable {
    var method: HTTPRequest.Method
    var route: String
    var status: Int
}

/// The counter and histogram of each series, looked up in the registry once (the registry builds names and
/// label sets on every lookup).
final class SeriesCache: Sendable {
    private let known = Mutex<[SeriesKey: (Counter, DurationHistogram)]>([:])

    func metrics(for key: SeriesKey, registry: PrometheusCollectorRegistry) -> (Counter, DurationHistogram) {
        if let metrics = known.withLock({ $0[key] }) { return metrics }
        let labels = [("method", key.method.rawValue), ("route", key.route), ("status", String(key.status))]
        let metrics = (
            registry.makeCounter(descriptor: RequestMetricsMiddleware.requests, labels: labels),
            registry.makeDurationHistogram(
                descriptor: RequestMetricsMiddleware.duration, labels: [("route", key.route)],
                buckets: RequestMetricsMiddleware.buckets)
        )
        known.withLock { $0[key] = metrics }
        return metrics
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
