/// The localized text of one page render: `t("key")`.
public struct Texts: Sendable {
    let localizer: Localizer
    public let language: Language

    public init(localizer: Localizer, language: Language) {
        self.localizer = localizer
        self.language = language
    }

    public func callAsFunction(_ key: String) -> String {
        localizer.text(key, language)
    }

    public func callAsFunction(_ key: String, _ values: [String: String]) -> String {
        localizer.text(key, language, values)
    }
}

/// Shared bits of markup.
enum Fragments {
    static func csrfField(_ token: String) -> HTMLNode {
        input(.type("hidden"), .name("csrf_token"), .value(token))
    }

    /// The list of errors at the top of a form, each linking to its field.
    static func errorSummary(_ errors: [(field: String, message: String)], t: Texts) -> HTMLNode {
        guard !errors.isEmpty else { return .empty }
        return div(.class("error-summary"), .init("role", "alert"), .init("tabindex", "-1"), .id("error-summary")) {
            h2 { t("form.errorSummary.title") }
            ul {
                for error in errors {
                    li { a(.href("#" + error.field)) { error.message } }
                }
            }
        }
    }

    /// A labelled input with its hint and error, wired with aria-describedby.
    static func field(
        id: String, label labelText: String, type: String = "text", value: String = "", error: String? = nil,
        hint: String? = nil, autocomplete: String? = nil, required: Bool = true, extra: [HTMLAttribute] = []
    ) -> HTMLNode {
        let describedBy = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }
        return div(.class(error == nil ? "form-field" : "form-field form-field--invalid")) {
            label(.for(id)) { labelText }
            if let hint { p(.class("form-field__hint"), .id(id + "-hint")) { hint } }
            if let error { p(.class("form-field__error"), .id(id + "-error")) { error } }
            voidElement(
                "input",
                [
                    .type(type), .id(id), .name(id), .value(value), .flag("required", required),
                    .optional("autocomplete", autocomplete),
                    .optional("aria-describedby", describedBy.isEmpty ? nil : describedBy.joined(separator: " ")),
                    .optional("aria-invalid", error == nil ? nil : "true"),
                ] + extra)
        }
    }
}
