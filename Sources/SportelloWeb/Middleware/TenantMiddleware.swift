import HTTPTypes
public import Hummingbird

/// Picks the municipality from the request's Host header; an unknown host gets a clear 404 page.
public struct TenantMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let registry: TenantRegistry
    let pages: Pages

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let tenant = registry.tenant(forHost: request.head.authority) else {
            context.logger.notice("request for unknown host", metadata: ["host": "\(request.head.authority ?? "-")"])
            return pages.unknownHost(request: request, context: context)
        }
        var context = context
        context.tenant = tenant
        context.logger[metadataKey: "tenant"] = .string(tenant.slug)
        var response = try await next(request, context)
        if !tenant.frameAncestors.isEmpty, response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.contentSecurityPolicy(
                frameAncestors: tenant.frameAncestors)
        }
        return response
    }
}
