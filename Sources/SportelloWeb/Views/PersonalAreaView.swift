/// The citizen's personal area: who they are and their filings, drafts, payments, receipts and messages.
enum PersonalAreaView {
    struct Model {
        var fullName: String
        var fiscalCode: String
        var sections: [SectionModel]
    }

    struct SectionModel {
        var id: String
        var title: String
        var emptyText: String
        var count: Int
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("personalArea.title") },
            element("dl", [.class("definition-list")]) {
                element("dt") { t("personalArea.name") }
                element("dd", [.id("citizen-name")]) { model.fullName }
                element("dt") { t("personalArea.fiscalCode") }
                element("dd", [.id("citizen-fiscal-code")]) { model.fiscalCode }
            },
            div(.class("dashboard")) {
                element("nav", [.class("dashboard__nav"), .aria("label", t("personalArea.sections"))]) {
                    ul {
                        for section in model.sections {
                            li { a(.href("#" + section.id)) { section.title } }
                        }
                    }
                }
                div(.class("dashboard__content")) {
                    for item in model.sections {
                        section(.id(item.id), .aria("labelledby", item.id + "-title")) {
                            h2(.class("section-heading"), .id(item.id + "-title")) {
                                item.title
                                " "
                                span(.class("count")) {
                                    span(.aria("hidden", "true")) { String(item.count) }
                                    span(.class("visually-hidden")) { t("personalArea.count", ["count": String(item.count)]) }
                                }
                            }
                            if item.count == 0 { p(.class("empty-state")) { item.emptyText } }
                        }
                    }
                }
            },
        ])
    }
}
