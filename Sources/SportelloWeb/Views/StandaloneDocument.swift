/// A whole page of a party other than the municipality (the test identity provider, the pagoPA checkout, the IO app
/// of the demo): no municipal frame, the shared stylesheet, the party's name in the header.
enum StandaloneDocument {
    static func render(
        title: String, partyName: String, t: Texts, stylesheetURL: String = SiteRoute.stylesheet.path,
        @HTMLBuilder content: () -> [HTMLNode]
    ) -> String {
        "<!DOCTYPE html>"
            + element("html", [.lang(t.language.code)]) {
                element("head") {
                    voidElement("meta", [.init("charset", "utf-8")])
                    voidElement("meta", [.name("viewport"), .init("content", "width=device-width, initial-scale=1")])
                    voidElement("meta", [.name("robots"), .init("content", "noindex, nofollow")])
                    element("title") { title }
                    voidElement("link", [.init("rel", "stylesheet"), .href(stylesheetURL)])
                }
                element("body") {
                    element("header", [.class("site-header")]) {
                        div(.class("container site-header__inner")) {
                            span(.class("site-header__brand")) { span(.class("site-header__name")) { partyName } }
                        }
                    }
                    element("main", [.id("main-content")]) {
                        div(.class("container")) { content() }
                    }
                }
            }.render()
    }
}
