import SportelloCore

/// Reads a posted page back into answers: `a.<id>` for fields, `a.<group>.<n>.<id>` and `n.<group>`
/// for group items, repeated `a.<id>` for multiple choices.
enum PostedAnswers {
    /// The answers of the editable fields visible on `page`, replacing what the filing had for them.
    static func merge(_ fields: FormFields, page: FormPage, into answers: Answers, evaluation: FormEvaluation) -> Answers {
        var merged = answers
        for section in page.sections where evaluation.isVisible(section) {
            for field in section.fields where evaluation.isVisible(field) && evaluation.isEditable(field) {
                switch field.type {
                case .staticText, .attachment:
                    continue
                case .group:
                    let count = min(Int(fields["n." + field.id] ?? "") ?? 0, 100)
                    let previous: [[String: Answer]] = if case .items(let items) = answers[field.id] { items } else { [] }
                    merged[field.id] = .items(
                        (0..<count).map { index in
                            var item = index < previous.count ? previous[index] : [:]
                            for child in field.fields ?? [] where child.type != .attachment && child.compute == nil {
                                item[child.id] = answer(for: child, name: "a.\(field.id).\(index + 1).\(child.id)", in: fields)
                            }
                            return item
                        })
                default:
                    merged[field.id] = answer(for: field, name: "a." + field.id, in: fields)
                }
            }
        }
        return merged
    }

    static func answer(for field: FormField, name: String, in fields: FormFields) -> Answer {
        switch field.type {
        case .multipleChoice: .choices(fields.all(name))
        case .declaration: .text(fields[name] == "yes" ? "yes" : "")
        default: .text(String((fields[name] ?? "").prefix(10_000)))
        }
    }
}
