import SportelloAdapters

/// The test identity provider's sign-in page: pick a test citizen. A whole document of its own,
/// because the provider is a separate party from the municipality.
enum TestProviderView {
    struct Model {
        var citizens: [TestCitizen]
        var hiddenFields: [(String, String)]
        var actionURL: String
        var error: String?
    }

    static func document(_ model: Model, t: Texts, stylesheetURL: String) -> String {
        StandaloneDocument.render(
            title: t("testProvider.title"), partyName: t("testProvider.name"), t: t, stylesheetURL: stylesheetURL
        ) {
            h1(.class("page-title")) { t("testProvider.title") }
            div(.class("alert alert--warning")) { p { t("testProvider.warning") } }
            if let error = model.error {
                div(.class("alert alert--danger"), .init("role", "alert")) { p { error } }
            } else {
                form(.method("post"), .action(model.actionURL)) {
                    for (name, value) in model.hiddenFields {
                        input(.type("hidden"), .name(name), .value(value))
                    }
                    ul(.class("idp-list")) {
                        for citizen in model.citizens {
                            li {
                                span(.class("idp-list__name")) { citizen.givenName + " " + citizen.familyName }
                                span(.class("idp-list__meta")) {
                                    citizen.fiscalCode + " · SPID L\(citizen.level.rawValue)"
                                }
                                button(
                                    .type("submit"), .class("btn btn--primary"), .name("citizen"),
                                    .value(citizen.fiscalCode),
                                    .aria(
                                        "label",
                                        t(
                                            "testProvider.signInAs",
                                            ["name": citizen.givenName + " " + citizen.familyName]))
                                ) { citizen.givenName + " " + citizen.familyName }
                            }
                        }
                    }
                    p {
                        button(.type("submit"), .class("btn btn--secondary"), .name("cancel"), .value("1")) {
                            t("testProvider.cancel")
                        }
                    }
                }
            }
        }
    }
}
