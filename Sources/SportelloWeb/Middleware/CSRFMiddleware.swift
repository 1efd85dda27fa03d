public import Hummingbird
import SportelloCore

/// Refuses any form post whose `csrf_token` does not match the session's (synchronizer token).
/// The body is collected here once and handed on, so controllers read the same bytes.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let pages: Pages

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: context.maxBodySize)
        let fields = FormFields(buffer: body)
        guard let expected = context.session?.state.csrfToken, let given = fields["csrf_token"],
            ConstantTime.equals(given, expected)
        else {
            context.logger.warning(
                "form post refused: CSRF token missing or wrong",
                metadata: ["path": "\(request.uri.path)", "has_session": "\(context.session != nil)"])
            return pages.error(.forbidden, messageKey: "error.csrf", request: request, context: context)
        }
        return try await next(request, context)
    }
}
