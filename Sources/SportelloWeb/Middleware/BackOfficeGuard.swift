public import Hummingbird
import SportelloCore

/// Lets only signed-in operators of this tenant into the back office, optionally with a role.
/// Citizens get a clear refusal (and a log line), anonymous visitors the staff sign-in page.
public struct BackOfficeGuard: RouterMiddleware {
    public typealias Context = AppRequestContext
    let operators: any OperatorRepository
    let pages: Pages
    let requiredRole: Role?

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        switch context.session?.state.principal {
        case .operatorAccount(let id):
            guard let account = try await operators.find(id: id, tenantID: tenant.id), account.isActive else {
                context.logger.warning("back office refused: operator no longer active")
                return Pages.redirect(to: SiteRoute.backOfficeSignIn.path)
            }
            if let requiredRole, !account.hasRole(requiredRole) {
                context.logger.warning(
                    "back office refused: role missing",
                    metadata: [
                        "operator": "\(account.username)", "required_role": "\(requiredRole.rawValue)",
                        "path": "\(request.uri.path)",
                    ])
                return pages.error(.forbidden, messageKey: "error.backOffice.roleMissing", request: request, context: context)
            }
            var context = context
            context.signedInOperator = account
            return try await next(request, context)
        case .citizen:
            context.logger.warning("back office refused: citizen session", metadata: ["path": "\(request.uri.path)"])
            return pages.error(.forbidden, messageKey: "error.backOffice.notStaff", request: request, context: context)
        case .operatorAwaitingSecondFactor, nil:
            return Pages.redirect(to: SiteRoute.backOfficeSignIn.path)
        }
    }
}
