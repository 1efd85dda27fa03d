/// The demo pagoPA checkout, a document of its own (the payment platform is a separate party from the municipality).
enum PagoPACheckoutView {
    static func page(notice: String, organization: String, returnPath: String, t: Texts) -> String {
        StandaloneDocument.render(title: t("checkout.title"), partyName: t("checkout.name"), t: t) {
            h1(.class("page-title")) { t("checkout.title") }
            div(.class("alert alert--warning")) { p { t("checkout.warning") } }
            element("dl", [.class("definition-list")]) {
                element("dt") { t("notice.number") }
                element("dd", [.id("checkout-notice")]) { notice }
                element("dt") { t("notice.creditorCode") }
                element("dd") { organization }
            }
            form(.method("post"), .action(SiteRoute.pagopaCheckout.path)) {
                input(.type("hidden"), .name("notice"), .value(notice))
                input(.type("hidden"), .name("org"), .value(organization))
                input(.type("hidden"), .name("return"), .value(returnPath))
                div(.class("btn-group")) {
                    button(.type("submit"), .class("btn btn--primary"), .name("action"), .value("pay"), .id("checkout-pay")) {
                        t("checkout.pay")
                    }
                    button(
                        .type("submit"), .class("btn btn--secondary"), .name("action"), .value("fail"), .id("checkout-fail")
                    ) { t("checkout.fail") }
                    button(
                        .type("submit"), .class("btn btn--secondary"), .name("action"), .value("cancel"),
                        .id("checkout-cancel")
                    ) { t("checkout.cancel") }
                }
            }
        }
    }
}

/// The demo's App IO "phone": a citizen's IO messages, newest first, as the app lists them.
enum AppIOPhoneView {
    struct Message {
        var service: String
        var subject: String
        var text: String
        var date: String
        var payment: String?
    }

    static func page(fiscalCode: String, messages: [Message], t: Texts) -> String {
        StandaloneDocument.render(title: t("io.phone.title"), partyName: t("io.phone.name"), t: t) {
            h1(.class("page-title")) { t("io.phone.title") }
            p(.class("lead")) { t("io.phone.lead", ["cf": fiscalCode]) }
            if messages.isEmpty {
                p(.class("empty-state")) { t("io.phone.empty") }
            } else {
                ul(.class("item-list"), .id("io-messages")) {
                    for message in messages {
                        li(.class("card")) {
                            h2(.class("card__title")) { message.subject }
                            p(.class("card__body")) { message.service + " · " + message.date }
                            p(.class("card__body")) { message.text }
                            if let payment = message.payment { p(.class("card__footer")) { payment } }
                        }
                    }
                }
            }
        }
    }
}
