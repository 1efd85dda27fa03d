/// Sign-in for municipal staff: password, then a one-time code.
enum BackOfficeSignInView {
    struct Model {
        var username: String
        var error: String?
        var csrfToken: String
        var identityProviderURL: String?
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("backOffice.signIn.title") },
            p(.class("lead")) { t("backOffice.signIn.lead") },
            Fragments.errorSummary(model.error.map { [("username", $0)] } ?? [], t: t),
            form(.method("post"), .action(SiteRoute.backOfficeSignIn.path), .init("novalidate", nil)) {
                Fragments.csrfField(model.csrfToken)
                Fragments.field(
                    id: "username", label: t("backOffice.signIn.username"), value: model.username, error: model.error,
                    autocomplete: "username")
                Fragments.field(
                    id: "password", label: t("backOffice.signIn.password"), type: "password", autocomplete: "current-password")
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary")) { t("backOffice.signIn.submit") }
                }
            },
            model.identityProviderURL.map { url in
                p { a(.class("btn btn--secondary"), .href(url)) { t("backOffice.signIn.withIdentity") } }
            } ?? .empty,
        ])
    }
}

/// The second step of staff sign-in.
enum SecondFactorView {
    struct Model {
        var error: String?
        var csrfToken: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("backOffice.otp.title") },
            p(.class("lead")) { t("backOffice.otp.lead") },
            Fragments.errorSummary(model.error.map { [("code", $0)] } ?? [], t: t),
            form(.method("post"), .action(SiteRoute.backOfficeSecondFactor.path), .init("novalidate", nil)) {
                Fragments.csrfField(model.csrfToken)
                Fragments.field(
                    id: "code", label: t("backOffice.otp.code"), error: model.error, hint: t("backOffice.otp.hint"),
                    autocomplete: "one-time-code",
                    extra: [.init("inputmode", "numeric"), .init("pattern", "[0-9]{6}"), .init("maxlength", "6")])
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary")) { t("backOffice.otp.submit") }
                }
            },
        ])
    }
}

/// Scheduling planned outages (admins only).
enum MaintenanceView {
    struct Model {
        struct Window {
            var period: String
            var message: String
            var deleteURL: String
        }

        var windows: [Window]
        var startsAt: String
        var endsAt: String
        var message: String
        var errors: [(field: String, message: String)]
        var saved: Bool
        var csrfToken: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        func error(_ field: String) -> String? { model.errors.first { $0.field == field }?.message }
        return .group([
            h1(.class("page-title")) { t("backOffice.maintenance.title") },
            p(.class("lead")) { t("backOffice.maintenance.lead") },
            model.saved
                ? div(.class("alert alert--success"), .init("role", "status")) { p { t("backOffice.maintenance.saved") } }
                : .empty,
            section(.aria("labelledby", "planned-title")) {
                h2(.class("section-heading"), .id("planned-title")) { t("backOffice.maintenance.planned") }
                if model.windows.isEmpty {
                    p(.class("empty-state")) { t("backOffice.maintenance.none") }
                } else {
                    ul {
                        for window in model.windows {
                            li {
                                element("strong") { window.period }
                                " — "
                                window.message
                                form(.method("post"), .action(window.deleteURL), .class("inline-form")) {
                                    Fragments.csrfField(model.csrfToken)
                                    button(.type("submit"), .class("btn btn--link")) { t("backOffice.maintenance.delete") }
                                }
                            }
                        }
                    }
                }
            },
            section(.aria("labelledby", "new-title")) {
                h2(.class("section-heading"), .id("new-title")) { t("backOffice.maintenance.new") }
                Fragments.errorSummary(model.errors, t: t)
                form(.method("post"), .action(SiteRoute.backOfficeMaintenance.path), .init("novalidate", nil)) {
                    Fragments.csrfField(model.csrfToken)
                    Fragments.field(
                        id: "startsAt", label: t("backOffice.maintenance.startsAt"), type: "datetime-local",
                        value: model.startsAt,
                        error: error("startsAt"), hint: t("backOffice.maintenance.noticeHint"))
                    Fragments.field(
                        id: "endsAt", label: t("backOffice.maintenance.endsAt"), type: "datetime-local", value: model.endsAt,
                        error: error("endsAt"))
                    div(.class(error("message") == nil ? "form-field" : "form-field form-field--invalid")) {
                        label(.for("message")) { t("backOffice.maintenance.message") }
                        if let message = error("message") { p(.class("form-field__error"), .id("message-error")) { message } }
                        element(
                            "textarea",
                            [
                                .id("message"), .name("message"), .init("rows", "3"), .init("maxlength", "500"),
                                .flag("required"),
                                .optional("aria-describedby", error("message") == nil ? nil : "message-error"),
                            ]
                        ) { model.message }
                    }
                    div(.class("btn-group")) {
                        button(.type("submit"), .class("btn btn--primary")) { t("backOffice.maintenance.submit") }
                    }
                }
            },
        ])
    }
}
