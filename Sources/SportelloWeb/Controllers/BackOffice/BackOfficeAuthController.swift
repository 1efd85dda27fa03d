import Hummingbird
import SportelloCore

/// Staff sign-in: password and one-time code, or the tenant's identity provider.
struct BackOfficeAuthController {
    let signIn: OperatorSignIn
    let identitySignIn: IdentitySignIn
    let sessions: SessionService
    let pages: Pages
    let clock: any Clock
    let throttle: SignInThrottle
    /// After this many wrong codes the password must be given again.
    static let maximumCodeAttempts = 5

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeSignIn.pattern)) { request, context in
            if context.session?.state.principal?.operatorID != nil { return Pages.redirect(to: SiteRoute.backOfficeInbox.path) }
            let (session, isNew) = try await sessions.current(context)
            var response = await signInPage(username: "", error: nil, session: session, request: request, context: context)
            if isNew { response.setCookie(sessions.cookie(for: session)) }
            return response
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeSignIn.pattern)) { request, context in
            let tenant = try context.requireTenant()
            let fields = try await formFields(request, context)
            let username = (fields["username"] ?? "").trimmingCharacters(in: .whitespaces)
            guard throttle.allows(tenantID: tenant.id, username: username) else {
                context.logger.warning("operator sign-in throttled", metadata: ["username": "\(username.prefix(64))"])
                let (session, _) = try await sessions.current(context)
                return await signInPage(
                    username: username, error: pages.texts(context)("error.signIn.throttled"), session: session, request: request,
                    context: context, status: .tooManyRequests)
            }
            do {
                let account = try await signIn.checkPassword(
                    username: username, password: fields["password"] ?? "", tenantID: tenant.id)
                throttle.recordSuccess(tenantID: tenant.id, username: username)
                let session = try await sessions.signIn(
                    .operatorAwaitingSecondFactor(account.id), replacing: context.session, tenantID: tenant.id)
                var response = Pages.redirect(to: SiteRoute.backOfficeSecondFactor.path)
                response.setCookie(sessions.cookie(for: session))
                return response
            } catch let refusal as OperatorSignInRefusal {
                throttle.recordFailure(tenantID: tenant.id, username: username)
                context.logger.warning(
                    "operator sign-in refused", metadata: ["reason": "\(refusal)", "username": "\(username.prefix(64))"])
                let (session, _) = try await sessions.current(context)
                return await signInPage(
                    username: username, error: pages.texts(context)(refusal.messageKey), session: session, request: request,
                    context: context, status: .unprocessableContent)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeSecondFactor.pattern)) { request, context in
            guard let session = context.session, case .operatorAwaitingSecondFactor = session.state.principal else {
                return Pages.redirect(to: SiteRoute.backOfficeSignIn.path)
            }
            return await secondFactorPage(error: nil, session: session, request: request, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeSecondFactor.pattern)) { request, context in
            let tenant = try context.requireTenant()
            guard var session = context.session, case .operatorAwaitingSecondFactor(let operatorID) = session.state.principal
            else {
                return Pages.redirect(to: SiteRoute.backOfficeSignIn.path)
            }
            let fields = try await formFields(request, context)
            do {
                let account = try await signIn.checkSecondFactor(
                    operatorID: operatorID, code: fields["code"] ?? "", tenantID: tenant.id, now: clock.now)
                let fresh = try await sessions.signIn(.operatorAccount(account.id), replacing: session, tenantID: tenant.id)
                context.logger.info("operator signed in", metadata: ["operator": "\(account.username)"])
                var response = Pages.redirect(to: SiteRoute.backOfficeInbox.path)
                response.setCookie(sessions.cookie(for: fresh))
                return response
            } catch let refusal as OperatorSignInRefusal {
                session.state.failedSecondFactorAttempts += 1
                context.logger.warning(
                    "operator one-time code refused", metadata: ["attempts": "\(session.state.failedSecondFactorAttempts)"])
                if session.state.failedSecondFactorAttempts >= Self.maximumCodeAttempts {
                    try await sessions.end(session)
                    var response = Pages.redirect(to: SiteRoute.backOfficeSignIn.path)
                    response.setCookie(sessions.expiredCookie())
                    return response
                }
                try await sessions.save(session)
                return await secondFactorPage(
                    error: pages.texts(context)(refusal.messageKey), session: session, request: request, context: context,
                    status: .unprocessableContent)
            }
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeIdentityProviderSignIn.pattern)) { request, context in
            try await identitySignIn.start(
                audience: .operator, returnPath: SiteRoute.backOfficeInbox.path, request: request, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeSignOut.pattern)) { _, context in
            if let session = context.session { try await sessions.end(session) }
            var response = Pages.redirect(to: SiteRoute.backOfficeSignIn.path)
            response.setCookie(sessions.expiredCookie())
            return response
        }
    }

    private func signInPage(
        username: String, error: String?, session: Session, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async -> Response {
        let t = pages.texts(context)
        let model = BackOfficeSignInView.Model(
            username: username, error: error, csrfToken: session.state.csrfToken,
            identityProviderURL: identitySignIn.providers.party(for: context.tenant!) == nil
                ? nil : SiteRoute.backOfficeIdentityProviderSignIn.path)
        var sessionContext = context
        sessionContext.session = session
        return await pages.render(
            Page(
                title: t("backOffice.signIn.title"), body: BackOfficeSignInView.body(model, t: t), status: status,
                section: .backOffice),
            request: request, context: sessionContext)
    }

    private func secondFactorPage(
        error: String?, session: Session, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async -> Response {
        let t = pages.texts(context)
        return await pages.render(
            Page(
                title: t("backOffice.otp.title"),
                body: SecondFactorView.body(.init(error: error, csrfToken: session.state.csrfToken), t: t), status: status,
                section: .backOffice),
            request: request, context: context)
    }
}

/// The form fields of a post (the CSRF middleware has already collected the body).
func formFields(_ request: Request, _ context: AppRequestContext) async throws -> FormFields {
    if let fields = context.postedFields { return fields }
    var request = request
    return FormFields(buffer: try await request.collectBody(upTo: context.maxBodySize))
}
