import Hummingbird

/// The operator's inbox.
struct InboxController {
    let pages: Pages
    let hasMailbox: Bool

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeInbox.pattern)) { request, context in
            guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
            let t = pages.texts(context)
            let model = InboxView.Model(
                operatorName: account.displayName, roles: account.roles.map { t("role.\($0.rawValue)") },
                isAdmin: account.hasRole(.admin), hasMailbox: hasMailbox)
            return await pages.render(
                Page(title: t("backOffice.inbox.title"), body: InboxView.body(model, t: t), section: .backOffice),
                request: request, context: context)
        }
    }
}
