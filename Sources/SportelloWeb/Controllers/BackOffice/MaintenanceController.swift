import Foundation
import Hummingbird
import SportelloCore

/// Admins announce planned outages; the banner appears on every page at once.
struct MaintenanceController {
    let notices: MaintenanceNotices
    let pages: Pages
    let clock: any Clock

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeMaintenance.pattern)) { request, context in
            try await page(
                form: (startsAt: "", endsAt: "", message: ""), errors: [],
                saved: request.uri.queryParameters["saved"] != nil, request: request, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeMaintenance.pattern)) { request, context in
            let tenant = try context.requireTenant()
            guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
            let fields = try await formFields(request, context)
            let form = (startsAt: fields["startsAt"] ?? "", endsAt: fields["endsAt"] ?? "", message: fields["message"] ?? "")
            do {
                let window = try MaintenanceScheduling().schedule(
                    tenantID: tenant.id, startsAt: Self.parse(form.startsAt), endsAt: Self.parse(form.endsAt),
                    message: form.message, by: account.id, now: clock.now)
                try await notices.schedule(window)
                context.logger.info(
                    "maintenance scheduled", metadata: ["starts_at": "\(window.startsAt)", "ends_at": "\(window.endsAt)"])
                return Pages.redirect(to: SiteRoute.backOfficeMaintenance.path + "?saved=1")
            } catch let failure as ValidationFailure {
                let t = pages.texts(context)
                return try await page(
                    form: form, errors: failure.errors.map { ($0.field, t($0.messageKey)) }, saved: false, request: request,
                    context: context, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeMaintenanceDelete(id: UUID()).pattern)) { _, context in
            let tenant = try context.requireTenant()
            let id = try context.parameters.require("id", as: UUID.self)
            try await notices.delete(id: id, tenantID: tenant.id)
            context.logger.info("maintenance deleted", metadata: ["id": "\(id)"])
            return Pages.redirect(to: SiteRoute.backOfficeMaintenance.path)
        }
    }

    private func page(
        form: (startsAt: String, endsAt: String, message: String), errors: [(field: String, message: String)], saved: Bool,
        request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        let t = pages.texts(context)
        let formatter = DateDisplay.shared(context.language, dateStyle: .medium)
        let windows = try await notices.upcoming(for: tenant).map {
            MaintenanceView.Model.Window(
                period: formatter.string(from: $0.startsAt) + " – " + formatter.string(from: $0.endsAt), message: $0.message,
                deleteURL: SiteRoute.backOfficeMaintenanceDelete(id: $0.id).path)
        }
        let model = MaintenanceView.Model(
            windows: windows, startsAt: form.startsAt, endsAt: form.endsAt, message: form.message, errors: errors, saved: saved,
            csrfToken: context.session?.state.csrfToken ?? "")
        return await pages.render(
            Page(
                title: t("backOffice.maintenance.title"), body: MaintenanceView.body(model, t: t), status: status,
                section: .backOffice),
            request: request, context: context)
    }

    /// Reads an HTML datetime-local value as Italian local time.
    static func parse(_ value: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = DateDisplay.timeZone
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: value) { return date }
        }
        return nil
    }
}
