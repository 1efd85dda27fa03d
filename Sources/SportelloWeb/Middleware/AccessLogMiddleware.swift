import Foundation
import HTTPTypes
public import Hummingbird
import Logging

/// One structured log line per request, with the request id also returned to the client
/// (X-Request-Id) so a citizen's support call can be matched to the log.
public struct AccessLogMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let requestID = request.headers[.xRequestID].flatMap { $0.count <= 64 ? $0 : nil } ?? context.id
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        do {
            var response = try await next(request, context)
            response.headers[.xRequestID] = requestID
            log(request, status: response.status.code, start: start, context: context)
            return response
        } catch let error as any HTTPResponseError {
            log(request, status: error.status.code, start: start, context: context)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, start: ContinuousClock.Instant, context: Context) {
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .stringConvertible(status),
                "duration_ms": .string(
                    String(
                        format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                ),
            ])
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
}
