/// The operator's inbox: filters (procedure, status, dates, assignment, overdue, search), the filings of their
/// offices' procedures as a table, a pager and the CSV export of the same selection.
enum InboxView {
    struct Model {
        struct Option {
            var value: String
            var label: String
            var selected: Bool
        }

        struct Row {
            var url: String
            var code: String
            var procedure: String
            var citizen: String
            var fiscalCode: String
            var protocolReference: String
            var submittedAt: String
            var dueAt: String
            var overdue: Bool
            var status: String
            var assignee: String
        }

        var operatorName: String
        var roles: [String]
        var isAdmin: Bool
        var hasMailbox: Bool = false
        var procedures: [Option]
        var statuses: [Option]
        var assignments: [Option]
        var sorts: [Option]
        var from: String
        var to: String
        var search: String
        var overdueOnly: Bool
        var rows: [Row]
        var total: Int
        var totalIsCapped: Bool = false
        var page: Int
        var pageCount: Int
        var previousURL: String?
        var nextURL: String?
        var exportURL: String
        var errors: [(field: String, message: String)]
    }

    static func select(_ id: String, _ labelText: String, _ options: [Model.Option]) -> HTMLNode {
        div(.class("form-field")) {
            label(.for(id)) { labelText }
            element("select", [.id(id), .name(id)]) {
                for option in options {
                    element("option", [.value(option.value), .flag("selected", option.selected)]) { option.label }
                }
            }
        }
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("backOffice.inbox.title") },
            p(.class("lead")) {
                t("backOffice.inbox.welcome", ["name": model.operatorName, "roles": model.roles.joined(separator: ", ")])
            },
            Fragments.errorSummary(model.errors, t: t),
            form(.method("get"), .action(SiteRoute.backOfficeInbox.path), .class("filters"), .aria("label", t("inbox.filters"))) {
                Fragments.field(
                    id: "q", label: t("inbox.search"), type: "search", value: model.search, hint: t("inbox.search.hint"),
                    required: false)
                select("procedure", t("inbox.procedure"), model.procedures)
                select("status", t("inbox.status"), model.statuses)
                select("assigned", t("inbox.assigned"), model.assignments)
                Fragments.field(
                    id: "from", label: t("inbox.from"), type: "date", value: model.from,
                    error: model.errors.first { $0.field == "from" }?.message, required: false)
                Fragments.field(
                    id: "to", label: t("inbox.to"), type: "date", value: model.to,
                    error: model.errors.first { $0.field == "to" }?.message, required: false)
                div(.class("form-field form-check")) {
                    input(.type("checkbox"), .id("overdue"), .name("overdue"), .value("1"), .flag("checked", model.overdueOnly))
                    label(.for("overdue")) { t("inbox.overdue") }
                }
                select("sort", t("inbox.sort"), model.sorts)
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary")) { t("inbox.apply") }
                    a(.class("btn btn--secondary"), .href(model.exportURL)) { t("inbox.export") }
                }
            },
            section(.aria("labelledby", "inbox-title")) {
                h2(.class("section-heading"), .id("inbox-title")) {
                    t(model.totalIsCapped ? "inbox.resultsMore" : "inbox.results", ["count": String(model.total)])
                }
                if model.rows.isEmpty {
                    p(.class("empty-state")) { t("backOffice.inbox.empty") }
                } else {
                    div(
                        .class("table-wrapper"), .init("tabindex", "0"), .init("role", "region"),
                        .aria("labelledby", "inbox-title")
                    ) {
                        element("table", [.class("table"), .id("inbox")]) {
                            element("caption") {
                                t("inbox.caption", ["page": String(model.page), "pages": String(model.pageCount)])
                            }
                            element("thead") {
                                element("tr") {
                                    for key in [
                                        "code", "procedure", "citizen", "protocol", "submitted", "due", "status", "assignee",
                                    ] {
                                        element("th", [.init("scope", "col")]) { t("inbox.column.\(key)") }
                                    }
                                }
                            }
                            element("tbody") {
                                for row in model.rows {
                                    element("tr") {
                                        element("td") { a(.href(row.url)) { row.code } }
                                        element("td") { row.procedure }
                                        element("td") {
                                            row.citizen
                                            element("br")
                                            span(.class("muted")) { row.fiscalCode }
                                        }
                                        element("td") { row.protocolReference }
                                        element("td") { row.submittedAt }
                                        element("td") {
                                            row.dueAt
                                            if row.overdue {
                                                " "
                                                span(.class("badge badge--danger")) { t("inbox.overdueBadge") }
                                            }
                                        }
                                        element("td") { span(.class("badge badge--neutral")) { row.status } }
                                        element("td") { row.assignee }
                                    }
                                }
                            }
                        }
                    }
                    element("nav", [.aria("label", t("inbox.pager")), .class("pager")]) {
                        if let previous = model.previousURL { a(.href(previous), .init("rel", "prev")) { t("inbox.previous") } }
                        " "
                        if let next = model.nextURL { a(.href(next), .init("rel", "next")) { t("inbox.next") } }
                    }
                }
            },
            section(.aria("labelledby", "tools-title")) {
                h2(.class("section-heading"), .id("tools-title")) { t("backOffice.tools.title") }
                ul {
                    li { a(.href(SiteRoute.backOfficeCommunications.path)) { t("communications.title") } }
                    li { a(.href(SiteRoute.backOfficeStatistics.path)) { t("statistics.title") } }
                    li { a(.href(SiteRoute.backOfficePayments.path)) { t("payments.title") } }
                }
            },
            model.isAdmin
                ? section(.aria("labelledby", "admin-title")) {
                    h2(.class("section-heading"), .id("admin-title")) { t("backOffice.admin.title") }
                    ul {
                        li { a(.href(SiteRoute.backOfficeOffices.path)) { t("backOffice.offices.title") } }
                        li { a(.href(SiteRoute.backOfficeMaintenance.path)) { t("backOffice.maintenance.title") } }
                        li { a(.href(SiteRoute.backOfficeOutbox.path)) { t("backOffice.outbox.title") } }
                        if model.hasMailbox {
                            li { a(.href(SiteRoute.backOfficeMailbox.path)) { t("backOffice.mailbox.title") } }
                        }
                    }
                } : .empty,
        ])
    }
}

/// One filing in the back office: its data, answers, documents, supplements, messages, history and the actions
/// its workflow allows from where it stands.
enum CaseDetailView {
    struct Model {
        struct Action {
            var name: String
            var label: String
            var url: String
            var needsText: Bool
            var needsDeadline: Bool
            /// A final decision: a text and PDF documents may go with it.
            var isDecision: Bool
            var primary: Bool

            var hasForm: Bool { needsText || needsDeadline || isDecision }
        }

        struct Link {
            var label: String
            var url: String
            var detail: String
        }

        struct HistoryLine {
            var date: String
            var actor: String
            var action: String
            var detail: String
        }

        var title: String
        var facts: [(label: String, value: String)]
        var answers: [(title: String, rows: [(label: String, value: String)])]
        var documents: [Link]
        var supplements: [(request: String, answer: String?)]
        var messages: [Link]
        var history: [HistoryLine]
        var actions: [Action]
        var expectedStatus: String
        var csrfToken: String
        /// The action refused and why; its form is linked from the error summary.
        var error: (action: String, message: String)?
        var notice: String?
        var text: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p { a(.href(SiteRoute.backOfficeInbox.path)) { t("case.back") } },
            h1(.class("page-title")) { model.title },
            model.notice.map { notice in div(.class("alert alert--success"), .init("role", "status")) { p { notice } } }
                ?? .empty,
            Fragments.errorSummary(model.error.map { [("form-" + $0.action, $0.message)] } ?? [], t: t),
            element("dl", [.class("definition-list"), .id("case-facts")]) {
                for fact in model.facts {
                    element("dt") { fact.label }
                    element("dd") { fact.value }
                }
            },
            model.actions.isEmpty
                ? .empty
                : section(.aria("labelledby", "actions-title"), .class("card")) {
                    h2(.class("section-heading"), .id("actions-title")) { t("case.actions") }
                    for action in model.actions where !action.hasForm {
                        form(.method("post"), .action(action.url), .class("inline-form")) {
                            Fragments.csrfField(model.csrfToken)
                            input(.type("hidden"), .name("expected"), .value(model.expectedStatus))
                            button(
                                .type("submit"), .class(action.primary ? "btn btn--primary" : "btn btn--secondary"),
                                .id("action-" + action.name)
                            ) { action.label }
                        }
                    }
                    for action in model.actions where action.hasForm {
                        form(
                            .method("post"), .action(action.url), .init("novalidate", nil), .id("form-" + action.name),
                            .optional("enctype", action.isDecision ? "multipart/form-data" : nil)
                        ) {
                            Fragments.csrfField(model.csrfToken)
                            input(.type("hidden"), .name("expected"), .value(model.expectedStatus))
                            h3 { action.label }
                            div(.class("form-field")) {
                                label(.for("text-" + action.name)) { t("case.text.\(action.name)") }
                                element(
                                    "textarea",
                                    [
                                        .id("text-" + action.name), .name("text"), .init("rows", "4"),
                                        .init("maxlength", "5000"), .flag("required", action.needsText),
                                    ]
                                ) { model.text }
                            }
                            if action.needsDeadline {
                                Fragments.field(id: "deadline-" + action.name, label: t("case.deadline"), type: "date")
                            }
                            if action.isDecision {
                                div(.class("form-field")) {
                                    label(.for("files-" + action.name)) { t("case.files") }
                                    input(
                                        .type("file"), .id("files-" + action.name), .name("files-" + action.name),
                                        .flag("multiple"), .init("accept", ".pdf,application/pdf"))
                                }
                            }
                            button(.type("submit"), .class("btn btn--secondary"), .id("action-" + action.name)) {
                                action.label
                            }
                        }
                    }
                },
            section(.aria("labelledby", "answers-title")) {
                h2(.class("section-heading"), .id("answers-title")) { t("case.answers") }
                for section in model.answers {
                    h3 { section.title }
                    element("dl", [.class("definition-list")]) {
                        for row in section.rows {
                            element("dt") { row.label }
                            element("dd") { row.value }
                        }
                    }
                }
            },
            links("documents", t("case.documents"), model.documents, empty: t("case.documents.none")),
            section(.aria("labelledby", "supplements-title")) {
                h2(.class("section-heading"), .id("supplements-title")) { t("case.supplements") }
                if model.supplements.isEmpty {
                    p(.class("empty-state")) { t("case.supplements.none") }
                } else {
                    ul(.class("item-list"), .id("supplements")) {
                        for supplement in model.supplements {
                            li(.class("card")) {
                                p(.class("card__body")) { supplement.request }
                                p(.class("card__body")) { supplement.answer ?? t("case.supplements.waiting") }
                            }
                        }
                    }
                }
            },
            links("messages", t("case.messages"), model.messages, empty: t("case.messages.none")),
            section(.aria("labelledby", "history-title")) {
                h2(.class("section-heading"), .id("history-title")) { t("case.history") }
                div(
                    .class("table-wrapper"), .init("tabindex", "0"), .init("role", "region"), .aria("labelledby", "history-title")
                ) {
                    element("table", [.class("table"), .id("history")]) {
                        element("thead") {
                            element("tr") {
                                for key in ["date", "actor", "action", "detail"] {
                                    element("th", [.init("scope", "col")]) { t("case.history.\(key)") }
                                }
                            }
                        }
                        element("tbody") {
                            for line in model.history {
                                element("tr") {
                                    element("td") { line.date }
                                    element("td") { line.actor }
                                    element("td") { line.action }
                                    element("td") { line.detail }
                                }
                            }
                        }
                    }
                }
            },
        ])
    }

    static func links(_ id: String, _ title: String, _ links: [Model.Link], empty: String) -> HTMLNode {
        section(.aria("labelledby", id + "-title")) {
            h2(.class("section-heading"), .id(id + "-title")) { title }
            if links.isEmpty {
                p(.class("empty-state")) { empty }
            } else {
                ul(.id(id)) {
                    for link in links {
                        li {
                            a(.href(link.url)) { link.label }
                            if !link.detail.isEmpty { " — " + link.detail }
                        }
                    }
                }
            }
        }
    }
}

/// Admins: which office owns each procedure (operators see the filings of their offices' procedures).
enum OfficesView {
    struct Model {
        struct Procedure {
            var code: String
            var title: String
            var offices: [InboxView.Model.Option]
        }

        var procedures: [Procedure]
        var csrfToken: String
        var saved: Bool
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("backOffice.offices.title") },
            p(.class("lead")) { t("backOffice.offices.lead") },
            model.saved
                ? div(.class("alert alert--success"), .init("role", "status")) { p { t("backOffice.offices.saved") } } : .empty,
            form(.method("post"), .action(SiteRoute.backOfficeOffices.path)) {
                Fragments.csrfField(model.csrfToken)
                for procedure in model.procedures {
                    InboxView.select("owner-" + procedure.code, procedure.title, procedure.offices)
                }
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary")) { t("backOffice.offices.submit") }
                }
            },
        ])
    }
}

/// Mass communications: the form, and those sent with their delivery report.
enum CommunicationsView {
    struct Model {
        struct Sent {
            var subject: String
            var procedure: String
            var status: String
            var date: String
            var author: String
            var protocolReference: String
            var report: String
        }

        var procedures: [InboxView.Model.Option]
        var statuses: [InboxView.Model.Option]
        var subject: String
        var body: String
        var errors: [(field: String, message: String)]
        var sent: [Sent]
        var notice: String?
        var csrfToken: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        func error(_ field: String) -> String? { model.errors.first { $0.field == field }?.message }
        return .group([
            p { a(.href(SiteRoute.backOfficeInbox.path)) { t("case.back") } },
            h1(.class("page-title")) { t("communications.title") },
            p(.class("lead")) { t("communications.lead") },
            model.notice.map { notice in div(.class("alert alert--success"), .init("role", "status")) { p { notice } } }
                ?? .empty,
            Fragments.errorSummary(model.errors, t: t),
            form(.method("post"), .action(SiteRoute.backOfficeCommunications.path), .init("novalidate", nil)) {
                Fragments.csrfField(model.csrfToken)
                div(.class(error("procedure") == nil ? "form-field" : "form-field form-field--invalid")) {
                    label(.for("procedure")) { t("inbox.procedure") }
                    if let message = error("procedure") { p(.class("form-field__error"), .id("procedure-error")) { message } }
                    element("select", [.id("procedure"), .name("procedure")]) {
                        for option in model.procedures {
                            element("option", [.value(option.value), .flag("selected", option.selected)]) { option.label }
                        }
                    }
                }
                InboxView.select("status", t("communications.status"), model.statuses)
                Fragments.field(
                    id: "subject", label: t("communications.subject"), value: model.subject, error: error("subject"),
                    hint: t("communications.subject.hint"), extra: [.init("maxlength", "120")])
                div(.class(error("body") == nil ? "form-field" : "form-field form-field--invalid")) {
                    label(.for("body")) { t("communications.body") }
                    if let message = error("body") { p(.class("form-field__error"), .id("body-error")) { message } }
                    element(
                        "textarea",
                        [
                            .id("body"), .name("body"), .init("rows", "6"), .init("maxlength", "10000"), .flag("required"),
                            .optional("aria-describedby", error("body") == nil ? nil : "body-error"),
                        ]
                    ) { model.body }
                }
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary"), .id("send-communication")) { t("communications.send") }
                }
            },
            section(.aria("labelledby", "sent-title")) {
                h2(.class("section-heading"), .id("sent-title")) { t("communications.sentTitle") }
                if model.sent.isEmpty {
                    p(.class("empty-state")) { t("communications.none") }
                } else {
                    ul(.class("item-list"), .id("communications")) {
                        for item in model.sent {
                            li(.class("card")) {
                                h3(.class("card__title")) { item.subject }
                                p(.class("card__body")) {
                                    "\(item.procedure) · \(item.status) · \(item.date) · \(item.author) · prot. \(item.protocolReference)"
                                }
                                p(.class("card__body")) { item.report }
                            }
                        }
                    }
                }
            },
        ])
    }
}

/// Statistics of the municipality or of the operator's offices, with a CSV download.
enum StatisticsView {
    struct Model {
        var period: String
        var months: [String]
        var procedures: [(title: String, counts: [Int], total: Int)]
        var figures: [(label: String, value: String)]
        var signIns: [(label: String, value: String)]
        var ratings: [(label: String, value: String)]
        var csvURL: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p { a(.href(SiteRoute.backOfficeInbox.path)) { t("case.back") } },
            h1(.class("page-title")) { t("statistics.title") },
            p(.class("lead")) { t("statistics.lead", ["period": model.period]) },
            p { a(.class("btn btn--secondary"), .href(model.csvURL)) { t("statistics.csv") } },
            definitions("figures", t("statistics.figures"), model.figures),
            section(.aria("labelledby", "per-procedure-title")) {
                h2(.class("section-heading"), .id("per-procedure-title")) { t("statistics.perProcedure") }
                div(
                    .class("table-wrapper"), .init("tabindex", "0"), .init("role", "region"),
                    .aria("labelledby", "per-procedure-title")
                ) {
                    element("table", [.class("table"), .id("per-procedure")]) {
                        element("thead") {
                            element("tr") {
                                element("th", [.init("scope", "col")]) { t("inbox.column.procedure") }
                                for month in model.months { element("th", [.init("scope", "col"), .class("numeric")]) { month } }
                                element("th", [.init("scope", "col"), .class("numeric")]) { t("statistics.total") }
                            }
                        }
                        element("tbody") {
                            for row in model.procedures {
                                element("tr") {
                                    element("th", [.init("scope", "row")]) { row.title }
                                    for count in row.counts { element("td", [.class("numeric")]) { String(count) } }
                                    element("td", [.class("numeric")]) { String(row.total) }
                                }
                            }
                        }
                    }
                }
            },
            definitions("sign-ins", t("statistics.signIns"), model.signIns),
            definitions("ratings", t("statistics.ratings"), model.ratings),
        ])
    }

    static func definitions(_ id: String, _ title: String, _ rows: [(label: String, value: String)]) -> HTMLNode {
        section(.aria("labelledby", id + "-title")) {
            h2(.class("section-heading"), .id(id + "-title")) { title }
            element("dl", [.class("definition-list"), .id(id)]) {
                for row in rows {
                    element("dt") { row.label }
                    element("dd") { row.value }
                }
            }
        }
    }
}

/// The public transparency page: the yearly figures of the online counter, as municipalities publish them.
enum TransparencyView {
    struct Model {
        var municipality: String
        var years: [(year: String, figures: [(label: String, value: String)])]
        var csvURL: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("transparency.title") },
            p(.class("lead")) { t("transparency.lead", ["municipality": model.municipality]) },
            .group(
                model.years.map {
                    StatisticsView.definitions("year-" + $0.year, t("transparency.year", ["year": $0.year]), $0.figures)
                }),
            p { a(.class("btn btn--secondary"), .href(model.csvURL)) { t("statistics.csv") } },
        ])
    }
}

/// Payments due: the CSV upload that creates them in bulk (with every refused line and why) and the latest ones.
enum PaymentsView {
    struct Model {
        struct Row {
            var debtor: String
            var reason: String
            var amount: String
            var dueDate: String
            var notice: String
            var status: String
            /// Where to cancel it, while nobody has paid it.
            var cancelURL: String?
        }

        var csrfToken: String
        var error: String?
        var summary: String?
        var errors: [(line: String, column: String, message: String)]
        var rows: [Row]
        /// The one-position form: what was typed, and the problems by column.
        var entry: [String: String] = [:]
        var entryErrors: [(column: String, message: String)] = []
    }

    /// The columns of the one-position form (named as in the CSV file), in order, with whether they are required.
    static let entryColumns: [(String, Bool)] = [
        ("codice_fiscale", true), ("nominativo", true), ("importo", true), ("causale", true), ("scadenza", true),
        ("email", false),
    ]

    static func entryForm(_ model: Model, t: Texts) -> HTMLNode {
        let errors = Dictionary(model.entryErrors.map { ($0.column, $0.message) }, uniquingKeysWith: { first, _ in first })
        return section(.aria("labelledby", "new-position-title"), .class("card"), .id("new-position")) {
            h2(.class("section-heading"), .id("new-position-title")) { t("payments.new.title") }
            Fragments.errorSummary(model.entryErrors.map { ("entry-" + $0.column, $0.message) }, t: t)
            form(.method("post"), .action(SiteRoute.backOfficePaymentNew.path), .init("novalidate", nil)) {
                Fragments.csrfField(model.csrfToken)
                for (column, required) in entryColumns {
                    Fragments.field(
                        id: "entry-" + column, label: t("payments.new.\(column)"),
                        type: column == "scadenza" ? "date" : column == "email" ? "email" : "text",
                        value: model.entry[column] ?? "", error: errors[column],
                        hint: column == "importo" ? t("payments.new.importo.hint") : nil, required: required)
                }
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary"), .id("create-position")) { t("payments.new.submit") }
                }
            }
        }
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p { a(.href(SiteRoute.backOfficeInbox.path)) { t("case.back") } },
            h1(.class("page-title")) { t("payments.title") },
            p(.class("lead")) { t("payments.lead") },
            model.summary.map { summary in
                div(.class(model.errors.isEmpty ? "alert alert--success" : "alert alert--warning"), .init("role", "status")) {
                    p { summary }
                }
            } ?? .empty,
            Fragments.errorSummary(model.error.map { [("file", $0)] } ?? [], t: t),
            model.errors.isEmpty
                ? .empty
                : section(.aria("labelledby", "import-errors-title")) {
                    h2(.class("section-heading"), .id("import-errors-title")) { t("payments.import.errors") }
                    div(
                        .class("table-wrapper"), .init("tabindex", "0"), .init("role", "region"),
                        .aria("labelledby", "import-errors-title")
                    ) {
                        element("table", [.class("table"), .id("import-errors")]) {
                            element("thead") {
                                element("tr") {
                                    for key in ["line", "column", "message"] {
                                        element("th", [.init("scope", "col")]) { t("payments.import.\(key)") }
                                    }
                                }
                            }
                            element("tbody") {
                                for error in model.errors {
                                    element("tr") {
                                        element("td", [.class("numeric")]) { error.line }
                                        element("td") { error.column }
                                        element("td") { error.message }
                                    }
                                }
                            }
                        }
                    }
                },
            p { a(.class("btn btn--secondary"), .href(SiteRoute.backOfficeReconciliation.path)) { t("reconciliation.title") } },
            entryForm(model, t: t),
            h2(.class("section-heading")) { t("payments.import.title") },
            form(
                .method("post"), .action(SiteRoute.backOfficePayments.path), .init("enctype", "multipart/form-data"),
                .init("novalidate", nil)
            ) {
                Fragments.csrfField(model.csrfToken)
                div(.class(model.error == nil ? "form-field" : "form-field form-field--invalid")) {
                    label(.for("file")) { t("payments.import.file") }
                    p(.class("form-field__hint"), .id("file-hint")) { t("payments.import.hint") }
                    input(
                        .type("file"), .id("file"), .name("file"), .init("accept", ".csv,text/csv"),
                        .aria("describedby", "file-hint"))
                }
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary"), .id("import-positions")) { t("payments.import.submit") }
                }
            },
            section(.aria("labelledby", "positions-title")) {
                h2(.class("section-heading"), .id("positions-title")) { t("payments.recent") }
                if model.rows.isEmpty {
                    p(.class("empty-state")) { t("payments.none") }
                } else {
                    div(
                        .class("table-wrapper"), .init("tabindex", "0"), .init("role", "region"),
                        .aria("labelledby", "positions-title")
                    ) {
                        element("table", [.class("table"), .id("positions")]) {
                            element("thead") {
                                element("tr") {
                                    for key in ["debtor", "reason", "amount", "dueDate", "notice", "status", "actions"] {
                                        element("th", [.init("scope", "col")]) { t("payments.column.\(key)") }
                                    }
                                }
                            }
                            element("tbody") {
                                for row in model.rows {
                                    element("tr") {
                                        element("td") { row.debtor }
                                        element("td") { row.reason }
                                        element("td", [.class("numeric")]) { row.amount }
                                        element("td") { row.dueDate }
                                        element("td") { row.notice }
                                        element("td") { row.status }
                                        element("td") {
                                            if let url = row.cancelURL {
                                                a(
                                                    .href(url),
                                                    .aria("label", t("payments.invalidate.label", ["notice": row.notice]))
                                                ) {
                                                    t("payments.invalidate.open")
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        ])
    }
}

/// Cancelling a payment due: what it is, and a second explicit confirmation.
enum PaymentInvalidateView {
    struct Model {
        var csrfToken: String
        var actionURL: String
        var details: [(label: String, value: String)]
        var refusal: String?
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p { a(.href(SiteRoute.backOfficePayments.path)) { t("reconciliation.back") } },
            h1(.class("page-title")) { t("payments.invalidate.title") },
            model.refusal.map { refusal in
                div(.class("alert alert--warning"), .init("role", "alert"), .id("invalidate-refused")) { p { refusal } }
            } ?? .empty,
            element("dl", [.class("definition-list")]) {
                for detail in model.details {
                    element("dt") { detail.label }
                    element("dd") { detail.value }
                }
            },
            p { t("payments.invalidate.text") },
            form(.method("post"), .action(model.actionURL)) {
                Fragments.csrfField(model.csrfToken)
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--danger"), .id("invalidate-position")) {
                        t("payments.invalidate.submit")
                    }
                    a(.class("btn btn--secondary"), .href(SiteRoute.backOfficePayments.path)) { t("payments.invalidate.keep") }
                }
            },
        ])
    }
}

/// Reconciliation of a pagoPA transfer flow with the receipts.
enum ReconciliationView {
    struct Model {
        var csrfToken: String
        var error: String?
        var flowID: String?
        var totals: [(status: String, count: String, amount: String)]
        var problems: [(status: String, iuv: String, transfer: String, flowAmount: String, receiptAmount: String)]
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            p { a(.href(SiteRoute.backOfficePayments.path)) { t("reconciliation.back") } },
            h1(.class("page-title")) { t("reconciliation.title") },
            p(.class("lead")) { t("reconciliation.lead") },
            Fragments.errorSummary(model.error.map { [("flow", $0)] } ?? [], t: t),
            model.flowID.map { flowID in
                section(.aria("labelledby", "totals-title")) {
                    h2(.class("section-heading"), .id("totals-title")) { t("reconciliation.report", ["flow": flowID]) }
                    element("dl", [.class("definition-list"), .id("reconciliation-totals")]) {
                        for total in model.totals {
                            element("dt") { total.status }
                            element("dd") { "\(total.count) · \(total.amount)" }
                        }
                    }
                    if !model.problems.isEmpty {
                        div(
                            .class("table-wrapper"), .init("tabindex", "0"), .init("role", "region"),
                            .aria("labelledby", "totals-title")
                        ) {
                            element("table", [.class("table"), .id("reconciliation-problems")]) {
                                element("thead") {
                                    element("tr") {
                                        for key in ["status", "iuv", "transfer", "flowAmount", "receiptAmount"] {
                                            element("th", [.init("scope", "col")]) { t("reconciliation.column.\(key)") }
                                        }
                                    }
                                }
                                element("tbody") {
                                    for line in model.problems {
                                        element("tr") {
                                            element("td") { line.status }
                                            element("td") { line.iuv }
                                            element("td", [.class("numeric")]) { line.transfer }
                                            element("td", [.class("numeric")]) { line.flowAmount }
                                            element("td", [.class("numeric")]) { line.receiptAmount }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            } ?? .empty,
            form(
                .method("post"), .action(SiteRoute.backOfficeReconciliation.path), .init("enctype", "multipart/form-data"),
                .init("novalidate", nil)
            ) {
                Fragments.csrfField(model.csrfToken)
                div(.class(model.error == nil ? "form-field" : "form-field form-field--invalid")) {
                    label(.for("flow")) { t("reconciliation.file") }
                    input(.type("file"), .id("flow"), .name("flow"), .init("accept", ".xml,application/xml,text/xml"))
                }
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary"), .name("format"), .value("page"), .id("reconcile")) {
                        t("reconciliation.submit")
                    }
                    button(.type("submit"), .class("btn btn--secondary"), .name("format"), .value("csv"), .id("reconcile-csv")) {
                        t("reconciliation.csv")
                    }
                }
            },
        ])
    }
}
