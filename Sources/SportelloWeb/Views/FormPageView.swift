import Foundation
import SportelloCore

/// One page of a filing: progress steps, error summary, the visible sections and fields, navigation.
enum FormPageView {
    struct Model {
        var procedureTitle: String
        var steps: [Step]
        var page: FormPage
        var evaluation: FormEvaluation
        /// Problems to show, by field path (`group.2.field` for group items) and for the page (nil).
        var problems: [(field: String?, message: String)]
        var actionURL: String
        var csrfToken: String
        var language: String
        var isFirstPage: Bool
        /// Where the owner downloads an attached document, by digest.
        var fileURL: (String) -> String
    }

    struct Step {
        var title: String
        var url: String?
        var state: State
        enum State { case done, current, upcoming }
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        let lang = model.language
        func message(_ path: String) -> String? { model.problems.first { $0.field == path }?.message }
        return .group([
            p(.class("lead")) { model.procedureTitle },
            h1(.class("page-title")) { model.page.title.text(lang) },
            steps(model.steps, t: t),
            Fragments.errorSummary(model.problems.map { ($0.field.map(inputID) ?? "form-top", $0.message) }, t: t),
            form(
                .method("post"), .action(model.actionURL), .init("novalidate", nil), .id("form-top"),
                .optional("enctype", hasFiles(model) ? "multipart/form-data" : nil)
            ) {
                Fragments.csrfField(model.csrfToken)
                for section in model.page.sections where model.evaluation.isVisible(section) {
                    element("fieldset", [.class("form-section"), .id("section-" + section.id)]) {
                        if let title = section.title { element("legend") { title.text(lang) } }
                        if let description = section.description { p(.class("form-field__hint")) { description.text(lang) } }
                        for field in section.fields where model.evaluation.isVisible(field) {
                            FieldView.render(
                                field, evaluation: model.evaluation, language: lang, message: message, fileURL: model.fileURL,
                                t: t)
                        }
                    }
                }
                div(.class("btn-group")) {
                    if !model.isFirstPage {
                        button(.type("submit"), .name("action"), .value("back"), .class("btn btn--secondary")) { t("form.back") }
                    }
                    button(.type("submit"), .name("action"), .value("save"), .class("btn btn--secondary")) { t("form.saveDraft") }
                    button(.type("submit"), .name("action"), .value("next"), .class("btn btn--primary")) { t("form.next") }
                }
            },
        ])
    }

    static func steps(_ steps: [Step], t: Texts) -> HTMLNode {
        element("nav", [.aria("label", t("form.progress"))]) {
            element("ol", [.class("steps")]) {
                for step in steps {
                    li(
                        .class(
                            "steps__item"
                                + (step.state == .done
                                    ? " steps__item--done" : step.state == .current ? " steps__item--current" : "")),
                        .optional("aria-current", step.state == .current ? "step" : nil)
                    ) {
                        // The stylesheet numbers the steps; the text carries the title only.
                        if let url = step.url, step.state == .done {
                            a(.href(url)) { step.title }
                        } else {
                            step.title
                        }
                        if step.state == .done { span(.class("visually-hidden")) { " (" + t("form.stepDone") + ")" } }
                    }
                }
            }
        }
    }

    /// Whether the page asks for a file, so the form must be posted as multipart.
    static func hasFiles(_ model: Model) -> Bool {
        model.page.sections.contains { section in
            model.evaluation.isVisible(section)
                && section.fields.contains { field in
                    model.evaluation.isVisible(field)
                        && (field.type == .attachment || (field.fields ?? []).contains { $0.type == .attachment })
                }
        }
    }

    /// The HTML id of the input for a field path; also used by the error summary links.
    static func inputID(_ path: String) -> String {
        "field-" + String(decoding: path.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }
}

/// How each field type is shown. Input names are `a.<id>` (and `a.<group>.<n>.<id>` in groups),
/// which keeps them apart from the form's own controls.
enum FieldView {
    static func render(
        _ field: FormField, evaluation: FormEvaluation, language: String, message: (String) -> String?,
        fileURL: (String) -> String, t: Texts
    ) -> HTMLNode {
        if field.type == .group {
            return group(field, evaluation: evaluation, language: language, message: message, fileURL: fileURL, t: t)
        }
        let editable = evaluation.isEditable(field)
        return control(
            field, path: field.id, answer: evaluation.answers[field.id], required: evaluation.isRequired(field),
            editable: editable, language: language, error: message(field.id), fileURL: fileURL, t: t)
    }

    static func control(
        _ field: FormField, path: String, answer: Answer?, required: Bool, editable: Bool, language: String, error: String?,
        fileURL: (String) -> String, t: Texts
    ) -> HTMLNode {
        let id = FormPageView.inputID(path)
        let name = "a." + path
        let labelText = field.label.text(language) + (required && editable ? " *" : "")
        let hintID = field.hint == nil ? nil : id + "-hint"
        let errorID = error == nil ? nil : id + "-error"
        let describedBy = [hintID, errorID].compactMap { $0 }.joined(separator: " ")
        let value = answer?.text ?? ""
        let common: [HTMLAttribute] = [
            .id(id), .name(name), .optional("aria-describedby", describedBy.isEmpty ? nil : describedBy),
            .optional("aria-invalid", error == nil ? nil : "true"), .flag("required", required && editable),
        ]
        func wrapper(@HTMLBuilder _ content: () -> [HTMLNode]) -> HTMLNode {
            div(.class(error == nil ? "form-field" : "form-field form-field--invalid"), .id(id + "-wrapper")) { content() }
        }
        func hintAndError() -> HTMLNode {
            .group([
                field.hint.map { hint in p(.class("form-field__hint"), .id(id + "-hint")) { hint.text(language) } } ?? .empty,
                error.map { message in p(.class("form-field__error"), .id(id + "-error")) { message } } ?? .empty,
            ])
        }
        if !editable {
            // Prefilled and computed answers are shown, not asked: "once only".
            return wrapper {
                span(.class("form-field__label")) { field.label.text(language) }
                p(.class("form-field__readonly"), .id(id)) { display(field, answer: answer, language: language, t: t) }
                if field.prefill != nil { p(.class("form-field__hint")) { t("form.prefilled") } }
            }
        }
        switch field.type {
        case .staticText:
            return p(.class("form-static")) { (field.text ?? field.label).text(language) }
        case .declaration:
            return wrapper {
                hintAndError()
                div(.class("checkbox")) {
                    voidElement("input", [.type("checkbox"), .value("yes"), .flag("checked", value == "yes")] + common)
                    label(.for(id)) { (field.text ?? field.label).text(language) + (required ? " *" : "") }
                }
            }
        case .choice where field.display == "select":
            return wrapper {
                label(.for(id)) { labelText }
                hintAndError()
                element("select", common) {
                    element("option", [.value("")]) { t("form.select") }
                    for option in field.options ?? [] {
                        element("option", [.value(option.value), .flag("selected", option.value == value)]) {
                            option.label.text(language)
                        }
                    }
                }
            }
        case .choice, .yesNo, .multipleChoice:
            let options =
                field.type == .yesNo
                ? [FieldOption(value: "yes", label: LocalizedText("Sì", english: "Yes")), FieldOption(value: "no", label: "No")]
                : field.options ?? []
            let picked: Set<String> = if case .choices(let values) = answer { Set(values) } else { [value] }
            let multiple = field.type == .multipleChoice
            return element(
                "fieldset",
                [
                    .class(error == nil ? "form-field" : "form-field form-field--invalid"), .id(id),
                    .optional("aria-describedby", describedBy.isEmpty ? nil : describedBy),
                ]
            ) {
                element("legend") { labelText }
                hintAndError()
                for (index, option) in options.enumerated() {
                    div(.class(multiple ? "checkbox" : "radio")) {
                        voidElement(
                            "input",
                            [
                                .type(multiple ? "checkbox" : "radio"), .id("\(id)-\(index + 1)"), .name(name),
                                .value(option.value),
                                .flag("checked", picked.contains(option.value)), .flag("required", required && !multiple),
                            ])
                        label(.for("\(id)-\(index + 1)")) { option.label.text(language) }
                    }
                }
            }
        case .longText, .address:
            return wrapper {
                label(.for(id)) { labelText }
                hintAndError()
                element("textarea", common + [.init("rows", "4"), .optional("maxlength", field.maximumLength.map(String.init))]) {
                    value
                }
            }
        case .attachment:
            let accept = (field.accept ?? []).compactMap(FileType.named).flatMap { [$0.name] + $0.aliases }
            return wrapper {
                if case .file(let file) = answer {
                    span(.class("form-field__label")) { labelText }
                    div(.class("attachment"), .id(id + "-current")) {
                        a(.href(fileURL(file.sha256)), .init("download", nil)) { file.fileName }
                        span(.class("attachment__size")) { " (" + ByteCount.format(file.size) + ")" }
                        button(
                            .type("submit"), .name("action"), .value("detach:" + path), .class("btn btn--link"),
                            .aria("label", t("form.attachment.removeNamed", ["name": file.fileName]))
                        ) { t("form.attachment.remove") }
                    }
                    label(.for(id)) { t("form.attachment.replace") }
                } else {
                    label(.for(id)) { labelText }
                }
                hintAndError()
                voidElement(
                    "input",
                    [
                        .id(id), .name(name), .type("file"), .init("accept", accept.map { "." + $0 }.joined(separator: ",")),
                        .optional("aria-describedby", describedBy.isEmpty ? nil : describedBy),
                        .optional("aria-invalid", error == nil ? nil : "true"),
                    ])
            }
        default:
            let (type, mode, autocomplete) = inputKind(field.type)
            return wrapper {
                label(.for(id)) { labelText }
                hintAndError()
                voidElement(
                    "input",
                    [
                        .type(type), .value(value), .optional("inputmode", mode), .optional("autocomplete", autocomplete),
                        .optional("maxlength", field.maximumLength.map(String.init)),
                    ] + common)
            }
        }
    }

    static func inputKind(_ type: FieldType) -> (type: String, inputMode: String?, autocomplete: String?) {
        switch type {
        case .email: ("email", nil, "email")
        case .phone: ("tel", "tel", "tel")
        case .number, .money: ("text", "decimal", nil)
        case .date: ("date", nil, nil)
        case .cap: ("text", "numeric", "postal-code")
        case .fiscalCode, .vatNumber, .iban: ("text", nil, "off")
        default: ("text", nil, nil)
        }
    }

    /// A repeatable group: one fieldset per item, with add and remove buttons (no JavaScript needed).
    static func group(
        _ field: FormField, evaluation: FormEvaluation, language: String, message: (String) -> String?,
        fileURL: (String) -> String, t: Texts
    ) -> HTMLNode {
        let items: [[String: Answer]] = if case .items(let items) = evaluation.answers[field.id] { items } else { [] }
        let count = max(items.count, (field.minimumItems ?? 0) > 0 ? 1 : 0)
        let id = FormPageView.inputID(field.id)
        return div(.class(message(field.id) == nil ? "form-group" : "form-group form-field--invalid"), .id(id)) {
            h2(.class("section-heading")) { field.label.text(language) }
            if let hint = field.hint { p(.class("form-field__hint")) { hint.text(language) } }
            if let error = message(field.id) { p(.class("form-field__error"), .id(id + "-error")) { error } }
            voidElement("input", [.type("hidden"), .name("n." + field.id), .value(String(count))])
            for index in 0..<count {
                let item = index < items.count ? items[index] : [:]
                element("fieldset", [.class("form-group__item"), .id("\(id)-\(index + 1)")]) {
                    element("legend") {
                        t("form.group.item", ["label": field.label.text(language), "number": String(index + 1)])
                    }
                    for child in field.fields ?? [] where evaluation.isVisible(child, item: item, in: field) {
                        let path = "\(field.id).\(index + 1).\(child.id)"
                        control(
                            child, path: path, answer: item[child.id],
                            required: evaluation.isRequired(child, item: item, in: field),
                            editable: child.compute == nil, language: language, error: message(path), fileURL: fileURL, t: t)
                    }
                    button(.type("submit"), .name("action"), .value("remove:\(field.id):\(index + 1)"), .class("btn btn--link")) {
                        t("form.group.remove", ["number": String(index + 1)])
                    }
                }
            }
            if field.maximumItems.map({ count < $0 }) ?? true {
                button(.type("submit"), .name("action"), .value("add:\(field.id)"), .class("btn btn--secondary")) {
                    t("form.group.add")
                }
            }
        }
    }

    /// An answer as shown in read-only places and in the summary.
    static func display(_ field: FormField, answer: Answer?, language: String, t: Texts) -> String {
        guard let answer, !answer.isBlank else { return t("form.notAnswered") }
        switch (field.type, answer) {
        case (.yesNo, .text(let value)), (.declaration, .text(let value)):
            return value == "yes" ? t("form.yes") : t("form.no")
        case (.choice, .text(let value)):
            return field.options?.first { $0.value == value }?.label.text(language) ?? value
        case (.multipleChoice, .choices(let values)):
            return values.map { value in field.options?.first { $0.value == value }?.label.text(language) ?? value }
                .joined(separator: ", ")
        case (.date, .text(let value)):
            return FormEvaluation.date(value)?.italian ?? value
        case (.money, .text(let value)):
            return FieldFormats.decimal(value).map { "€ " + MoneyFormat.italian($0) } ?? value
        case (.attachment, .file(let file)):
            return file.fileName + " (" + ByteCount.format(file.size) + ")"
        case (_, .text(let value)):
            return value
        case (.group, .items(let items)):
            return t("form.group.count", ["count": String(items.count)])
        default:
            return ""
        }
    }
}

/// Amounts written the Italian way: 1.234,50.
enum MoneyFormat {
    static func italian(_ value: Decimal) -> String {
        var rounded = Decimal()
        var source = value
        NSDecimalRound(&rounded, &source, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var integer = String(parts[0])
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var grouped = ""
        for (index, digit) in integer.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        let cents = parts.count > 1 ? String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        return (negative ? "-" : "") + String(grouped.reversed()) + "," + cents
    }
}

/// File sizes for people: 1,2 MB.
enum ByteCount {
    static func format(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(Int((Double(bytes) / 1024).rounded())) KB" }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576).replacingOccurrences(of: ".", with: ",")
    }
}
