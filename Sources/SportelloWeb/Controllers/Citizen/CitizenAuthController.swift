import Foundation
import Hummingbird
import Logging
import SportelloAdapters
import SportelloCore

/// Citizen sign-in and sign-out through the tenant's OpenID Connect provider (SPID/CIE gateway).
struct CitizenAuthController {
    let signIn: IdentitySignIn
    let sessions: SessionService
    let pages: Pages

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.signIn(returnPath: nil).pattern)) { request, context in
            let next = request.uri.queryParameters["next"].map(String.init)
            let returnPath = next.flatMap { SiteRoute.isSafeReturnPath($0) ? $0 : nil } ?? SiteRoute.personalArea.path
            return try await signIn.start(audience: .citizen, returnPath: returnPath, request: request, context: context)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.signInCallback.pattern)) { request, context in
            try await signIn.finish(request: request, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.signOut.pattern)) { _, context in
            if let session = context.session { try await sessions.end(session) }
            var response = Pages.redirect(to: SiteRoute.home.path)
            response.setCookie(sessions.expiredCookie())
            context.logger.info("signed out")
            return response
        }
    }
}
