import SportelloCore

/// Everything a citizen answered, page by page, as people read it: the summary before confirmation
/// and the PDF preview show the same rows.
struct FilingSummary {
    struct Section {
        var page: FormPage
        var rows: [(label: String, value: String)]
    }

    let sections: [Section]
    /// The documents attached in visible fields, in the order the summary shows them.
    let attachments: [AttachmentReference]

    init(_ evaluation: FormEvaluation, t: Texts) {
        let lang = t.language.code
        var attachments: [AttachmentReference] = []
        func collect(_ answer: Answer?) {
            if case .file(let file) = answer, !attachments.contains(file) { attachments.append(file) }
        }
        sections = evaluation.visiblePages.map { page in
            var rows: [(label: String, value: String)] = []
            for section in page.sections where evaluation.isVisible(section) {
                for field in section.fields where evaluation.isVisible(field) && field.type != .staticText {
                    if field.type == .group, case .items(let items) = evaluation.answers[field.id] {
                        for (index, item) in items.enumerated() {
                            for child in field.fields ?? [] where evaluation.isVisible(child, item: item, in: field) {
                                collect(item[child.id])
                                rows.append(
                                    (
                                        "\(field.label.text(lang)) \(index + 1) – \(child.label.text(lang))",
                                        FieldView.display(child, answer: item[child.id], language: lang, t: t)
                                    ))
                            }
                        }
                    } else {
                        collect(evaluation.answers[field.id])
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
        self.attachments = attachments
    }
}
