import Foundation
import SportelloCore

/// The service information page of a procedure (AgID flow step 1).
enum ServicePageView {
    struct Model {
        var definition: ProcedureDefinition
        var isOpen: Bool
        var window: String?
        var startURL: String?
        var signInURL: String?
        var csrfToken: String?
        var language: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        let definition = model.definition
        let lang = model.language
        return .group([
            h1(.class("page-title")) { definition.title.text(lang) },
            p(.class("lead")) { definition.description.text(lang) },
            .group(definition.info.map { paragraph in p { paragraph.text(lang) } }),
            element("dl", [.class("definition-list")]) {
                element("dt") { t("service.office") }
                element("dd") {
                    definition.office.name
                    if let email = definition.office.email { " · " + email }
                    if let phone = definition.office.phone { " · " + phone }
                }
                element("dt") { t("service.maximumDays") }
                element("dd") { t("service.days", ["days": String(definition.maximumCompletionDays)]) }
                if let window = model.window {
                    element("dt") { t("service.window") }
                    element("dd") { window }
                }
            },
            model.isOpen
                ? (model.startURL.map { url in
                    form(.method("post"), .action(url)) {
                        Fragments.csrfField(model.csrfToken ?? "")
                        button(.type("submit"), .class("btn btn--primary"), .id("start-filing")) { t("service.start") }
                    }
                }
                    ?? p {
                        a(.class("btn btn--primary"), .href(model.signInURL ?? "/"), .id("start-filing")) {
                            t("service.signInToStart")
                        }
                    })
                : div(.class("alert alert--warning"), .init("role", "status")) { p { t("service.closed") } },
        ])
    }
}

/// Privacy consent before the form (AgID flow step 3).
enum ConsentView {
    static func body(title: String, actionURL: String, csrfToken: String, error: String?, t: Texts) -> HTMLNode {
        .group([
            p(.class("lead")) { title },
            h1(.class("page-title")) { t("consent.title") },
            p { t("consent.text") },
            Fragments.errorSummary(error.map { [("field-consent", $0)] } ?? [], t: t),
            form(.method("post"), .action(actionURL), .init("novalidate", nil)) {
                Fragments.csrfField(csrfToken)
                div(.class(error == nil ? "form-field" : "form-field form-field--invalid")) {
                    if let error { p(.class("form-field__error"), .id("field-consent-error")) { error } }
                    div(.class("checkbox")) {
                        voidElement(
                            "input",
                            [
                                .type("checkbox"), .id("field-consent"), .name("consent"), .value("yes"), .flag("required"),
                                .optional("aria-describedby", error == nil ? nil : "field-consent-error"),
                            ])
                        label(.for("field-consent")) { t("consent.accept") }
                    }
                }
                div(.class("btn-group")) { button(.type("submit"), .class("btn btn--primary")) { t("form.next") } }
            },
        ])
    }
}

/// Everything answered, before confirming (AgID flow step 5).
enum SummaryView {
    struct Model {
        var procedureTitle: String
        var steps: [FormPageView.Step]
        var pages: [(page: FormPage, editURL: String, rows: [(label: String, value: String)])]
        var problems: [String]
        var confirmURL: String
        var previewURL: String
        var backURL: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p(.class("lead")) { model.procedureTitle },
            h1(.class("page-title")) { t("summary.title") },
            FormPageView.steps(model.steps, t: t),
            model.problems.isEmpty
                ? div(.class("alert alert--info")) { p { t("summary.declaration") } }
                : div(.class("alert alert--danger"), .init("role", "alert")) {
                    p { t("summary.incomplete") }
                    ul { for problem in model.problems { li { problem } } }
                },
            .group(
                model.pages.map { entry in
                    section(.class("summary-section")) {
                        h2(.class("section-heading")) {
                            entry.page.title.text(t.language.code)
                            " "
                            a(.href(entry.editURL), .class("btn btn--link")) { t("summary.edit") }
                        }
                        element("dl", [.class("definition-list")]) {
                            for row in entry.rows {
                                element("dt") { row.label }
                                element("dd") { row.value }
                            }
                        }
                    }
                }),
            p {
                a(.href(model.previewURL), .id("download-preview"), .init("download", nil)) { t("summary.downloadPreview") }
            },
            div(.class("btn-group")) {
                a(.class("btn btn--secondary"), .href(model.backURL)) { t("form.back") }
                if model.problems.isEmpty {
                    a(.class("btn btn--primary"), .href(model.confirmURL), .id("go-confirm")) { t("summary.continue") }
                }
            },
        ])
    }
}

/// The second, explicit confirmation.
enum ConfirmView {
    static func body(title: String, actionURL: String, backURL: String, csrfToken: String, t: Texts) -> HTMLNode {
        .group([
            p(.class("lead")) { title },
            h1(.class("page-title")) { t("confirm.title") },
            p { t("confirm.text") },
            form(.method("post"), .action(actionURL)) {
                Fragments.csrfField(csrfToken)
                div(.class("btn-group")) {
                    a(.class("btn btn--secondary"), .href(backURL)) { t("form.back") }
                    button(.type("submit"), .class("btn btn--primary"), .id("confirm-filing")) { t("confirm.submit") }
                }
            },
        ])
    }
}

/// Deleting a draft asks first.
enum DeleteDraftView {
    static func body(title: String, actionURL: String, csrfToken: String, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("draft.delete.title") },
            p { t("draft.delete.text", ["title": title]) },
            form(.method("post"), .action(actionURL)) {
                Fragments.csrfField(csrfToken)
                div(.class("btn-group")) {
                    a(.class("btn btn--secondary"), .href(SiteRoute.personalArea.path)) { t("draft.delete.keep") }
                    button(.type("submit"), .class("btn btn--danger"), .id("confirm-delete")) { t("draft.delete.confirm") }
                }
            },
        ])
    }
}
