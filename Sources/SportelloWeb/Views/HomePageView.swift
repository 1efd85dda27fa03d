/// The municipality's front page of the online counter.
enum HomePageView {
    struct Model {
        var tenantName: String
        var citizenName: String?
        var signInURL: String
        var personalAreaURL: String
        var backOfficeURL: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("home.title", ["tenant": model.tenantName]) },
            p(.class("lead")) { t("home.lead") },
            div(.class("card-grid")) {
                div(.class("card")) {
                    h2(.class("card__title")) { t("home.personalArea.title") }
                    div(.class("card__body")) {
                        if let name = model.citizenName {
                            p { t("home.personalArea.signedIn", ["name": name]) }
                        } else {
                            p { t("home.personalArea.text") }
                        }
                    }
                    div(.class("card__footer")) {
                        if model.citizenName != nil {
                            a(.class("btn btn--primary"), .href(model.personalAreaURL)) { t("home.personalArea.open") }
                        } else {
                            a(.class("btn btn--primary"), .id("login-link"), .href(model.signInURL)) { t("home.signIn") }
                        }
                    }
                }
                div(.class("card")) {
                    h2(.class("card__title")) { t("home.services.title") }
                    div(.class("card__body")) { p(.class("empty-state")) { t("home.services.empty") } }
                }
                div(.class("card")) {
                    h2(.class("card__title")) { t("home.staff.title") }
                    div(.class("card__body")) { p { t("home.staff.text") } }
                    div(.class("card__footer")) {
                        a(.class("btn btn--secondary"), .href(model.backOfficeURL)) { t("home.staff.link") }
                    }
                }
            },
        ])
    }
}
