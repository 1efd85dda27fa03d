/// The municipality's front page of the online counter.
enum HomePageView {
    struct Model {
        var tenantName: String
        var services: [Service]
        var citizenName: String?
        var signInURL: String
        var personalAreaURL: String
        var backOfficeURL: String
    }

    struct Service {
        var title: String
        var description: String
        var url: String
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("home.title", ["tenant": model.tenantName]) },
            p(.class("lead")) { t("home.lead") },
            div(.class("card card--highlight")) {
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
            },
            section(.aria("labelledby", "services-title")) {
                h2(.class("section-heading"), .id("services-title")) { t("home.services.title") }
                if model.services.isEmpty {
                    p(.class("empty-state")) { t("home.services.empty") }
                } else {
                    ul(.class("card-grid service-list")) {
                        for service in model.services {
                            li(.class("card")) {
                                h3(.class("card__title")) { a(.href(service.url)) { service.title } }
                                p(.class("card__body")) { service.description }
                            }
                        }
                    }
                }
            },
            section(.aria("labelledby", "staff-title")) {
                h2(.class("section-heading"), .id("staff-title")) { t("home.staff.title") }
                p { t("home.staff.text") }
                p { a(.class("btn btn--secondary"), .href(model.backOfficeURL)) { t("home.staff.link") } }
            },
        ])
    }
}
