import Hummingbird
import SportelloCore

/// The citizen's home after sign-in.
struct PersonalAreaController {
    let pages: Pages

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.personalArea.pattern)) { request, context in
            guard let citizen = context.session?.state.principal?.citizen else {
                return Pages.redirect(to: SiteRoute.signIn(returnPath: SiteRoute.personalArea.path).path)
            }
            let t = pages.texts(context)
            let model = PersonalAreaView.Model(
                fullName: citizen.fullName, fiscalCode: citizen.fiscalCode.value,
                sections: ["filings", "drafts", "payments-due", "receipts", "messages"].map { id in
                    PersonalAreaView.SectionModel(
                        id: id, title: t("personalArea.\(id).title"), emptyText: t("personalArea.\(id).empty"), count: 0)
                })
            return await pages.render(
                Page(title: t("personalArea.title"), body: PersonalAreaView.body(model, t: t), section: .personalArea),
                request: request, context: context)
        }
    }
}
