import Foundation
import Hummingbird
import Logging
import SportelloAdapters
import SportelloCore

/// The two halves of an OpenID Connect sign-in, shared by citizens and operators.
struct IdentitySignIn {
    let providers: IdentityProviders
    let sessions: SessionService
    let operators: any OperatorRepository
    let pages: Pages
    let behindTLS: Bool
    let policy: SessionPolicy
    let clock: any Clock

    func start(
        audience: PendingSignIn.Audience, returnPath: String, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        guard let party = providers.party(for: tenant) else {
            context.logger.error("no identity provider configured for tenant")
            return pages.error(.serviceUnavailable, messageKey: "error.signIn.notConfigured", request: request, context: context)
        }
        let authorization: OIDCRelyingParty.AuthorizationRequest
        do {
            authorization = try await party.makeAuthorizationRequest(redirectURI: redirectURI(request))
        } catch {
            context.logger.error("sign-in could not start", metadata: ["reason": "\(error.logDetail)"])
            return pages.error(.serviceUnavailable, messageKey: error.messageKey, request: request, context: context)
        }
        var (session, isNew) = try await sessions.current(context)
        session.state.pendingSignIn = PendingSignIn(
            state: authorization.state, nonce: authorization.nonce, codeVerifier: authorization.codeVerifier,
            returnPath: returnPath, audience: audience, startedAt: clock.now)
        try await sessions.save(session)
        var response = Pages.redirect(to: authorization.url)
        if isNew { response.setCookie(sessions.cookie(for: session)) }
        return response
    }

    func finish(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let query = request.uri.queryParameters
        guard let session = context.session, let pending = session.state.pendingSignIn,
            clock.now.timeIntervalSince(pending.startedAt) < policy.signInTimeout
        else {
            return refuse(.signInExpired, request: request, context: context)
        }
        if let error = query["error"] {
            context.logger.notice("identity provider returned an error", metadata: ["error": "\(error)"])
            return pages.error(.forbidden, messageKey: "error.signIn.cancelled", request: request, context: context)
        }
        guard let code = query["code"], let state = query["state"], let party = providers.party(for: tenant) else {
            return refuse(.stateMismatch, request: request, context: context)
        }
        let identity: CitizenIdentity
        do {
            identity = try await party.completeSignIn(
                code: String(code), returnedState: String(state), pending: pending, redirectURI: redirectURI(request),
                now: clock.now)
        } catch {
            return refuse(error, request: request, context: context)
        }
        let principal: Principal
        switch pending.audience {
        case .citizen:
            principal = .citizen(identity)
            context.logger.info("citizen signed in", metadata: ["level": "\(identity.assuranceLevel.rawValue)"])
        case .operator:
            let account = try await operators.find(fiscalCode: identity.fiscalCode.canonical, tenantID: tenant.id)
            guard let account, account.isActive else {
                context.logger.warning("identity sign-in to the back office refused: not an operator of this tenant")
                return pages.error(.forbidden, messageKey: "error.backOffice.notStaff", request: request, context: context)
            }
            principal = .operatorAccount(account.id)
            context.logger.info("operator signed in with identity provider", metadata: ["operator": "\(account.username)"])
        }
        let fresh = try await sessions.signIn(principal, replacing: session, tenantID: tenant.id)
        var response = Pages.redirect(to: pending.returnPath)
        response.setCookie(sessions.cookie(for: fresh))
        return response
    }

    private func refuse(_ error: OIDCSignInError, request: Request, context: AppRequestContext) -> Response {
        context.logger.warning("sign-in refused", metadata: ["reason": "\(error.logDetail)"])
        return pages.error(.forbidden, messageKey: error.messageKey, request: request, context: context)
    }

    /// Where the provider sends the browser back: this tenant's host (validated by the tenant middleware).
    func redirectURI(_ request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return (behindTLS ? "https://" : "http://") + host + SiteRoute.signInCallback.path
    }
}
