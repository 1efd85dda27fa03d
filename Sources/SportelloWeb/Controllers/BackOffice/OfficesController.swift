import Foundation
import Hummingbird
import SportelloCore

/// Admins decide which office owns each procedure: its operators see and handle that procedure's filings.
struct OfficesController {
    let ownership: any ProcedureOwnership
    let operators: any OperatorRepository
    let catalog: ProcedureCatalog
    let pages: Pages

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeOffices.pattern)) { request, context in
            try await page(request, context, saved: request.uri.queryParameters["saved"] != nil)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeOffices.pattern)) { request, context in
            let tenant = try context.requireTenant()
            let fields = context.postedFields ?? FormFields(pairs: [])
            let offices = Set(try await operators.offices(tenantID: tenant.id).map(\.id))
            for procedure in try await catalog.catalog(tenantID: tenant.id) {
                guard let chosen = fields["owner-" + procedure.code] else { continue }
                let office = UUID(uuidString: chosen).flatMap { offices.contains($0) ? $0 : nil }
                try await ownership.assign(procedureCode: procedure.code, to: office, tenantID: tenant.id)
            }
            context.logger.info(
                "procedure ownership saved", metadata: ["operator": "\(context.signedInOperator?.username ?? "")"])
            return Pages.redirect(to: SiteRoute.backOfficeOffices.path + "?saved=1")
        }
    }

    private func page(_ request: Request, _ context: AppRequestContext, saved: Bool) async throws -> Response {
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        let offices = try await operators.offices(tenantID: tenant.id)
        let owners = try await ownership.owners(tenantID: tenant.id)
        let model = OfficesView.Model(
            procedures: try await catalog.catalog(tenantID: tenant.id).map { procedure in
                OfficesView.Model.Procedure(
                    code: procedure.code, title: procedure.definition.title.text(context.language.code),
                    offices: [
                        InboxView.Model.Option(
                            value: "", label: t("backOffice.offices.none"), selected: owners[procedure.code] == nil)
                    ]
                        + offices.map { office in
                            InboxView.Model.Option(
                                value: office.id.uuidString, label: office.name, selected: owners[procedure.code] == office.id)
                        })
            },
            csrfToken: context.session?.state.csrfToken ?? "", saved: saved)
        return await pages.render(
            Page(title: t("backOffice.offices.title"), body: OfficesView.body(model, t: t), section: .backOffice),
            request: request, context: context)
    }
}
