/// The confirmation page after submission (AgID service flow: filing code, protocol number and date,
/// where the receipt went, the documents, next steps, the completion deadline), then the rating.
enum SubmissionOutcomeView {
    struct Model {
        var procedureTitle: String
        var filingCode: String
        var protocolReference: String
        var protocolDate: String
        var email: String?
        var deadline: String
        var office: String
        var documents: [(label: String, url: String)]
        var rating: RatingForm
        var personalAreaURL: String
        /// Where the filing stands now (after the office took it up), and what the citizen may do.
        var status: String? = nil
        var followUps: [(label: String, url: String)] = []
    }

    struct RatingForm {
        var actionURL: String
        var csrfToken: String
        /// The score already given, if any.
        var given: Int?
        var error: String?
        var comment: String = ""
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p(.class("lead")) { model.procedureTitle },
            h1(.class("page-title")) { t("outcome.title") },
            div(.class("alert alert--success"), .init("role", "status")) {
                p { t("outcome.text", ["number": model.protocolReference, "date": model.protocolDate]) }
            },
            model.status.map { status in
                section(.aria("labelledby", "status-title"), .class("card"), .id("filing-status")) {
                    h2(.class("section-heading"), .id("status-title")) { t("outcome.status", ["status": status]) }
                    if !model.followUps.isEmpty {
                        div(.class("btn-group")) {
                            for followUp in model.followUps {
                                a(.class("btn btn--primary"), .href(followUp.url)) { followUp.label }
                            }
                        }
                    }
                }
            } ?? .empty,
            element("dl", [.class("definition-list"), .id("outcome-details")]) {
                element("dt") { t("receipt.code") }
                element("dd", [.id("filing-code")]) { model.filingCode }
                element("dt") { t("receipt.protocol") }
                element("dd", [.id("protocol-number")]) { model.protocolReference }
                element("dt") { t("receipt.protocolDate") }
                element("dd", [.id("protocol-date")]) { model.protocolDate }
                element("dt") { t("outcome.email") }
                element("dd", [.id("receipt-email")]) { model.email ?? t("outcome.email.none") }
                element("dt") { t("receipt.office") }
                element("dd") { model.office }
                element("dt") { t("receipt.deadline") }
                element("dd", [.id("deadline")]) { model.deadline }
            },
            h2(.class("section-heading")) { t("outcome.documents") },
            ul(.class("item-list"), .id("documents")) {
                for document in model.documents {
                    li { a(.href(document.url), .init("download", nil)) { document.label } }
                }
            },
            h2(.class("section-heading")) { t("receipt.next.title") },
            p { t("receipt.next.text") },
            ratingSection(model.rating, t: t),
            p { a(.class("btn btn--secondary"), .href(model.personalAreaURL)) { t("ready.personalArea") } },
        ])
    }

    static func ratingSection(_ rating: RatingForm, t: Texts) -> HTMLNode {
        if let given = rating.given {
            return div(.class("alert alert--info"), .id("rating-thanks"), .init("role", "status")) {
                p { t("rating.thanks", ["score": String(given)]) }
            }
        }
        return section(.id("rating"), .aria("labelledby", "rating-title")) {
            h2(.class("section-heading"), .id("rating-title")) { t("rating.title") }
            form(.method("post"), .action(rating.actionURL)) {
                Fragments.csrfField(rating.csrfToken)
                element(
                    "fieldset",
                    [
                        .class(rating.error == nil ? "form-field" : "form-field form-field--invalid"), .id("score"),
                        .optional("aria-describedby", rating.error == nil ? nil : "score-error"),
                    ]
                ) {
                    element("legend") { t("rating.question") }
                    if let error = rating.error { p(.class("form-field__error"), .id("score-error")) { error } }
                    div(.class("rating")) {
                        for score in 1...5 {
                            div(.class("radio")) {
                                voidElement(
                                    "input", [.type("radio"), .id("score-\(score)"), .name("score"), .value(String(score))])
                                label(.for("score-\(score)")) { t("rating.score.\(score)") }
                            }
                        }
                    }
                }
                div(.class("form-field")) {
                    label(.for("comment")) { t("rating.comment") }
                    element("textarea", [.id("comment"), .name("comment"), .init("rows", "3"), .init("maxlength", "1000")]) {
                        rating.comment
                    }
                }
                button(.type("submit"), .class("btn btn--primary"), .id("rate")) { t("rating.submit") }
            }
        }
    }
}

/// A confirmed filing still waiting for its protocol number (a remote register answers later).
enum AwaitingProtocolView {
    static func body(title: String, code: String, confirmedAt: String, paid: Bool = false, t: Texts) -> HTMLNode {
        .group([
            p(.class("lead")) { title },
            h1(.class("page-title")) { t(paid ? "ready.paid.title" : "ready.title") },
            div(.class("alert alert--info"), .init("role", "status"), .id("awaiting-protocol")) {
                p { t(paid ? "ready.paid.text" : "ready.text", ["code": code, "date": confirmedAt]) }
            },
            p { a(.href(SiteRoute.personalArea.path)) { t("ready.personalArea") } },
        ])
    }
}

/// A confirmed filing whose fee is still to pay: what, how much, the notice to pay it online or elsewhere, and that the
/// filing reaches the municipality (and gets its protocol number) only once the payment's receipt arrives.
enum PaymentPendingView {
    struct Model {
        var procedureTitle: String
        var filingCode: String
        var reason: String
        var amount: String
        var noticeNumber: String
        var creditor: String
        var dueDate: String
        var payURL: String?
        var noticeURL: String
        /// The outcome of the last attempt, when the citizen comes back from the checkout.
        var attempt: String?
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p(.class("lead")) { model.procedureTitle },
            h1(.class("page-title")) { t("fee.title") },
            model.attempt.map { attempt in
                div(.class("alert alert--warning"), .init("role", "alert"), .id("payment-attempt")) { p { attempt } }
            } ?? .empty,
            div(.class("alert alert--info"), .init("role", "status")) {
                p { t("fee.text", ["code": model.filingCode, "amount": model.amount]) }
            },
            element("dl", [.class("definition-list"), .id("fee-details")]) {
                element("dt") { t("notice.reason") }
                element("dd") { model.reason }
                element("dt") { t("notice.amount") }
                element("dd", [.id("fee-amount")]) { model.amount }
                element("dt") { t("notice.number") }
                element("dd", [.id("fee-notice")]) { model.noticeNumber }
                element("dt") { t("notice.creditor") }
                element("dd") { model.creditor }
                element("dt") { t("notice.dueDate") }
                element("dd") { model.dueDate }
            },
            div(.class("btn-group")) {
                if let payURL = model.payURL {
                    a(.class("btn btn--primary"), .href(payURL), .id("fee-pay")) { t("fee.payOnline") }
                }
                a(.class("btn btn--secondary"), .href(model.noticeURL), .id("fee-notice-pdf")) { t("fee.notice") }
            },
            p { t("fee.elsewhere") },
            p { a(.href(SiteRoute.personalArea.path)) { t("ready.personalArea") } },
        ])
    }
}

/// Opening a filing's documents with the filing code and the mailed access code, without signing in.
enum DocumentAccessView {
    struct Model {
        var csrfToken: String
        var filingCode: String = ""
        var error: String?
        /// Once the code was right: the documents.
        var documents: [(label: String, url: String)] = []
        var procedureTitle: String?
        var protocolReference: String?
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        if !model.documents.isEmpty {
            return .group([
                h1(.class("page-title")) { t("access.documents.title") },
                p { t("access.documents.text", ["title": model.procedureTitle ?? "", "number": model.protocolReference ?? ""]) },
                ul(.class("item-list"), .id("documents")) {
                    for document in model.documents {
                        li { a(.href(document.url), .init("download", nil)) { document.label } }
                    }
                },
            ])
        }
        return .group([
            h1(.class("page-title")) { t("access.title") },
            p { t("access.text") },
            Fragments.errorSummary(model.error.map { [("filing_code", $0)] } ?? [], t: t),
            form(.method("post"), .action(SiteRoute.documentAccess.path)) {
                Fragments.csrfField(model.csrfToken)
                Fragments.field(
                    id: "filing_code", label: t("access.filingCode"), value: model.filingCode, error: model.error,
                    hint: t("access.filingCode.hint"), autocomplete: "off")
                Fragments.field(
                    id: "access_code", label: t("access.code"), hint: t("access.code.hint"), autocomplete: "off")
                button(.type("submit"), .class("btn btn--primary"), .id("open-documents")) { t("access.submit") }
            },
        ])
    }
}
