import SportelloCore

/// Everything a citizen answered, page by page, as people read it: the summary before confirmation
/// and the PDF preview show the same rows.
struct FilingSummary {
    struct Section {
        var page: FormPage
        var rows: [(label: String, value: String)]
    }

    let sections: [Section]

    init(_ evaluation: FormEvaluation, t: Texts) {
        let lang = t.language.code
        sections = evaluation.visiblePages.map { page in
            var rows: [(label: String, value: String)] = []
            for section in page.sections where evaluation.isVisible(section) {
                for field in section.fields where evaluation.isVisible(field) && field.type != .staticText {
                    if field.type == .group, case .items(let items) = evaluation.answers[field.id] {
                        for (index, item) in items.enumerated() {
                            for child in field.fields ?? [] where evaluation.isVisible(child, item: item, in: field) {
                                rows.append(
                                    (
                                        "\(field.label.text(lang)) \(index + 1) – \(child.label.text(lang))",
                                        FieldView.display(child, answer: item[child.id], language: lang, t: t)
                                    ))
                            }
                        }
                    } else {
                        rows.append(
                            (
                                field.label.text(lang),
                                FieldView.display(field, answer: evaluation.answers[field.id], language: lang, t: t)
                            ))
                    }
                }
            }
            return Section(page: page, rows: rows)
        }
    }
}
