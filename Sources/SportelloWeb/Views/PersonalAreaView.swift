/// The citizen's personal area: who they are and their filings, drafts, payments, receipts and messages.
enum PersonalAreaView {
    struct Model {
        var fullName: String
        var fiscalCode: String
        var sections: [SectionModel]
        var notice: String? = nil
    }

    struct SectionModel {
        var id: String
        var title: String
        var emptyText: String
        var items: [Item]
        var count: Int { items.count }
    }

    struct Item {
        var title: String
        var code: String
        var detail: String
        var openURL: String
        var deleteURL: String?
        var previewURL: String?
        /// Documents of a submitted filing: the registered copy and the receipt.
        var documents: [(label: String, url: String)] = []
        /// A message not opened yet.
        var unread: Bool = false
        /// Pages to go to (not files to save), e.g. paying online.
        var actions: [(label: String, url: String)] = []
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("personalArea.title") },
            model.notice.map { notice in div(.class("alert alert--success"), .init("role", "status")) { p { notice } } }
                ?? .empty,
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
                            if item.items.isEmpty {
                                p(.class("empty-state")) { item.emptyText }
                            } else {
                                ul(.class("item-list")) {
                                    for entry in item.items {
                                        li(.class("card")) {
                                            h3(.class("card__title")) {
                                                a(.href(entry.openURL)) { entry.title }
                                                if entry.unread {
                                                    " "
                                                    span(.class("badge badge--warning")) { t("messages.unread") }
                                                }
                                            }
                                            p(.class("card__body")) { entry.code + " · " + entry.detail }
                                            if !entry.documents.isEmpty {
                                                ul(.class("card__documents"), .aria("label", t("personalArea.documents"))) {
                                                    for document in entry.documents {
                                                        li { a(.href(document.url), .init("download", nil)) { document.label } }
                                                    }
                                                }
                                            }
                                            if !entry.actions.isEmpty {
                                                p(.class("card__footer")) {
                                                    for action in entry.actions {
                                                        a(.class("btn btn--primary"), .href(action.url)) { action.label }
                                                    }
                                                }
                                            }
                                            if let deleteURL = entry.deleteURL {
                                                p(.class("card__footer")) {
                                                    a(.class("btn btn--secondary"), .href(entry.openURL)) {
                                                        t("personalArea.resume")
                                                    }
                                                    " "
                                                    if let previewURL = entry.previewURL {
                                                        a(.class("btn btn--link"), .href(previewURL), .init("download", nil)) {
                                                            t("personalArea.previewDraft")
                                                        }
                                                        " "
                                                    }
                                                    a(.class("btn btn--link"), .href(deleteURL)) { t("personalArea.deleteDraft") }
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

func h3(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("h3", attributes, children)
}
