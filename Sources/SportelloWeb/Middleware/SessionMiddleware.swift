public import Hummingbird

/// Loads the session named by the cookie, scoped to the request's tenant.
public struct SessionMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let sessions: SessionService

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.session = try await sessions.load(request: request, tenant: context.requireTenant(), logger: context.logger)
        return try await next(request, context)
    }
}
