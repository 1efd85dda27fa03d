public import Hummingbird

/// Turns errors into friendly pages in the tenant's frame: never a stack trace, always a log line.
/// Outages of the database answer 503 so proxies and monitors see a temporary condition.
public struct ErrorPageMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let pages: Pages

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if error.status == .notFound {
                return pages.error(.notFound, messageKey: "error.notFound", request: request, context: context)
            }
            if error.status.code >= 500 { context.logger.error("request failed", metadata: ["error": "\(error)"]) }
            return pages.error(error.status, messageKey: Self.messageKey(for: error.status), request: request, context: context)
        } catch let error as any HTTPResponseError {
            return pages.error(error.status, messageKey: Self.messageKey(for: error.status), request: request, context: context)
        } catch {
            let unavailable = Self.isOutage(error)
            context.logger.error(
                unavailable ? "service unavailable" : "request failed",
                metadata: ["error": "\(String(reflecting: error))", "error_type": "\(type(of: error))"])
            return unavailable
                ? pages.error(.serviceUnavailable, messageKey: "error.unavailable", request: request, context: context)
                : pages.error(.internalServerError, messageKey: "error.internal", request: request, context: context)
        }
    }

    static func messageKey(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "error.badRequest"
        case 403: "error.forbidden"
        case 404: "error.notFound"
        case 413: "error.tooLarge"
        case 503: "error.unavailable"
        default: status.code >= 500 ? "error.internal" : "error.badRequest"
        }
    }

    /// Database drivers report lost connections with their own error types. A full disk (an upload's temporary
    /// file, the attachment store) is temporary too: the citizen is told to try again, not that something broke.
    static func isOutage(_ error: any Error) -> Bool {
        let name = String(reflecting: type(of: error))
        return [
            "PSQLError", "PostgresError", "ConnectionPool", "SQLiteError", "NIOConnectionError", "ChannelError", "PoolError",
            "DatabaseTimeout",
        ]
        .contains { name.contains($0) } || String(reflecting: error).contains("No space left on device")
    }
}
