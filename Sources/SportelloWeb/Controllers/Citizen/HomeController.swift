import Hummingbird

/// The front page and the informative pages linked from the footer.
struct HomeController {
    let pages: Pages
    let catalog: ProcedureCatalog

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.home.pattern)) { request, context in
            let tenant = try context.requireTenant()
            let t = pages.texts(context)
            let lang = context.language.code
            let services = try await catalog.catalog(tenantID: tenant.id).map {
                HomePageView.Service(
                    title: $0.definition.title.text(lang), description: $0.definition.description.text(lang),
                    url: SiteRoute.service(code: $0.code).path)
            }
            let model = HomePageView.Model(
                tenantName: tenant.name, services: services, citizenName: context.session?.state.principal?.citizen?.fullName,
                signInURL: SiteRoute.signIn(returnPath: SiteRoute.personalArea.path).path,
                personalAreaURL: SiteRoute.personalArea.path, backOfficeURL: SiteRoute.backOfficeInbox.path)
            return await pages.render(
                Page(title: t("home.pageTitle"), body: HomePageView.body(model, t: t), section: .home), request: request,
                context: context)
        }
        for (route, key) in [(SiteRoute.privacy, "privacy"), (.accessibility, "accessibility"), (.legalNotes, "legalNotes")] {
            router.get(RouterPath(stringLiteral: route.pattern)) { request, context in
                let tenant = try context.requireTenant()
                let t = pages.texts(context)
                let model = InfoPageView.Model(
                    title: t("info.\(key).title"),
                    paragraphs: (1...3).map { t("info.\(key).p\($0)", ["tenant": tenant.name, "email": tenant.contacts.email]) })
                return await pages.render(
                    Page(title: model.title, body: InfoPageView.body(model)), request: request, context: context)
            }
        }
    }
}
