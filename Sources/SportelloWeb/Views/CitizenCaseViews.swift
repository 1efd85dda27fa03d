/// One message of the municipality in the personal area.
enum MessageView {
    struct Model {
        var subject: String
        var date: String
        var body: String
        var protocolReference: String?
        var documentURL: String?
        var attachments: [(name: String, url: String)] = []
        var filingURL: String?
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p { a(.href(SiteRoute.personalArea.path + "#messages")) { t("messages.back") } },
            h1(.class("page-title")) { model.subject },
            element("dl", [.class("definition-list"), .id("message-details")]) {
                element("dt") { t("messages.date") }
                element("dd") { model.date }
                if let reference = model.protocolReference {
                    element("dt") { t("receipt.protocol") }
                    element("dd", [.id("message-protocol")]) { reference }
                }
            },
            div(.class("card"), .id("message-body")) {
                for paragraph in model.body.components(separatedBy: "\n\n") { p { paragraph } }
            },
            ul(.class("item-list")) {
                if let url = model.documentURL { li { a(.href(url), .init("download", nil)) { t("messages.document") } } }
                for attachment in model.attachments {
                    li { a(.href(attachment.url), .init("download", nil)) { attachment.name } }
                }
                if let url = model.filingURL { li { a(.href(url)) { t("messages.filing") } } }
            },
        ])
    }
}

/// The citizen's answer to a supplement request: what was asked, a text and files.
enum SupplementAnswerView {
    struct Model {
        var procedureTitle: String
        var request: String
        var deadline: String
        var requestProtocol: String?
        var text: String
        var errors: [(field: String, message: String)]
        var actionURL: String
        var csrfToken: String
        var maximumMB: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        func error(_ field: String) -> String? { model.errors.first { $0.field == field }?.message }
        return .group([
            p(.class("lead")) { model.procedureTitle },
            h1(.class("page-title")) { t("supplement.title") },
            Fragments.errorSummary(model.errors, t: t),
            div(.class("card"), .id("supplement-request")) {
                h2(.class("card__title")) { t("supplement.requested") }
                for paragraph in model.request.components(separatedBy: "\n\n") { p { paragraph } }
                p(.class("card__body")) {
                    t("supplement.deadline", ["date": model.deadline, "number": model.requestProtocol ?? "—"])
                }
            },
            form(
                .method("post"), .action(model.actionURL), .init("enctype", "multipart/form-data"), .init("novalidate", nil)
            ) {
                Fragments.csrfField(model.csrfToken)
                div(.class(error("text") == nil ? "form-field" : "form-field form-field--invalid")) {
                    label(.for("text")) { t("supplement.text") }
                    if let message = error("text") { p(.class("form-field__error"), .id("text-error")) { message } }
                    element(
                        "textarea",
                        [
                            .id("text"), .name("text"), .init("rows", "5"), .init("maxlength", "5000"), .flag("required"),
                            .optional("aria-describedby", error("text") == nil ? nil : "text-error"),
                        ]
                    ) { model.text }
                }
                div(.class(error("files") == nil ? "form-field" : "form-field form-field--invalid")) {
                    label(.for("files")) { t("supplement.files") }
                    p(.class("form-field__hint"), .id("files-hint")) { t("supplement.files.hint", ["maximum": model.maximumMB]) }
                    if let message = error("files") { p(.class("form-field__error"), .id("files-error")) { message } }
                    input(
                        .type("file"), .id("files"), .name("files"), .flag("multiple"), .init("accept", ".pdf,.jpg,.jpeg,.png"),
                        .aria("describedby", error("files") == nil ? "files-hint" : "files-hint files-error"))
                }
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary")) { t("supplement.submit") }
                }
            },
        ])
    }
}

/// Withdrawing a filing before the decision, with a second explicit confirmation.
enum WithdrawView {
    struct Model {
        var procedureTitle: String
        var filingCode: String
        var text: String
        var actionURL: String
        var backURL: String
        var csrfToken: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p(.class("lead")) { model.procedureTitle },
            h1(.class("page-title")) { t("withdraw.title") },
            div(.class("alert alert--warning")) { p { t("withdraw.warning", ["code": model.filingCode]) } },
            form(.method("post"), .action(model.actionURL)) {
                Fragments.csrfField(model.csrfToken)
                div(.class("form-field")) {
                    label(.for("text")) { t("withdraw.reason") }
                    element("textarea", [.id("text"), .name("text"), .init("rows", "3"), .init("maxlength", "2000")]) {
                        model.text
                    }
                }
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--danger"), .id("confirm-withdraw")) { t("withdraw.confirm") }
                    a(.class("btn btn--secondary"), .href(model.backURL)) { t("withdraw.cancel") }
                }
            },
        ])
    }
}
