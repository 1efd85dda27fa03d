/// A refusal or failure explained in plain words, with a way back.
enum ErrorPageView {
    struct Model {
        var status: Int
        var title: String
        var message: String
        var homeURL: String
        var homeLabel: String
    }

    static func body(_ model: Model) -> HTMLNode {
        div(.class("error-page")) {
            p(.class("error-page__code")) { String(model.status) }
            h1(.class("page-title")) { model.title }
            p(.class("lead")) { model.message }
            p { a(.class("btn btn--primary"), .href(model.homeURL)) { model.homeLabel } }
        }
    }

    /// A whole document for requests that belong to no municipality (no tenant frame exists).
    static func standalone(_ model: Model, language: Language, stylesheetURL: String) -> String {
        "<!DOCTYPE html>"
            + element("html", [.lang(language.code)]) {
                element("head") {
                    voidElement("meta", [.init("charset", "utf-8")])
                    voidElement("meta", [.name("viewport"), .init("content", "width=device-width, initial-scale=1")])
                    voidElement("meta", [.name("robots"), .init("content", "noindex, nofollow")])
                    element("title") { model.title }
                    voidElement("link", [.init("rel", "stylesheet"), .href(stylesheetURL)])
                }
                element("body") {
                    element("main", [.id("main-content")]) {
                        div(.class("container")) {
                            div(.class("error-page")) {
                                p(.class("error-page__code")) { String(model.status) }
                                h1(.class("page-title")) { model.title }
                                p(.class("lead")) { model.message }
                            }
                        }
                    }
                }
            }.render()
    }
}
