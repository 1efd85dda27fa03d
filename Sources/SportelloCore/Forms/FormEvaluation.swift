import Foundation

/// One filing's answers seen through its procedure: what is visible, what is computed,
/// what is prefilled, and what is wrong. Built per request; cheap to make.
public struct FormEvaluation: Sendable {
    public let procedure: CompiledProcedure
    /// The answers with prefilled and computed values filled in.
    public let answers: Answers
    let values: [String: Value]
    public let prefill: [String: Value]
    let today: LocalDate

    /// - Parameters:
    ///   - prefill: records under `identity` and `registry` (what the municipality already knows).
    public init(procedure: CompiledProcedure, answers typed: Answers, prefill: [String: Value], today: LocalDate) {
        self.procedure = procedure
        self.prefill = prefill
        self.today = today
        // First pass with every answer; then answers of fields that turned out hidden count as empty
        // (a hidden question must not decide anything), and computed values are worked out again.
        let first = Self.resolve(procedure, typed, prefill: prefill, today: today, hidden: [])
        let hidden = Self.hiddenFields(procedure, values: first.values, today: today)
        let second = hidden.isEmpty ? first : Self.resolve(procedure, typed, prefill: prefill, today: today, hidden: hidden)
        answers = second.answers
        values = second.values
    }

    private static func resolve(
        _ procedure: CompiledProcedure, _ typed: Answers, prefill: [String: Value], today: LocalDate, hidden: Set<String>
    ) -> (answers: Answers, values: [String: Value]) {
        var answers = typed
        var values = prefill
        // Top-level fields in document order, so a computed field sees everything above it.
        for field in procedure.definition.form.pages.flatMap({ $0.sections.flatMap(\.fields) }) {
            if let path = field.prefill, let known = lookup(path, in: prefill), known != .null {
                if field.type == .group {
                    // A list the municipality knows (the registered household) only seeds the items:
                    // the citizen may still correct, add or remove them.
                    if answers[field.id] == nil, case .list(let records) = known {
                        answers[field.id] = .items(records.map { seededItem($0, of: field) })
                    }
                } else {
                    answers[field.id] = answer(from: known)
                }
            }
            if let source = field.compute {
                let context = EvaluationContext(scope: DictionaryScope(values), today: today)
                let computed = (try? procedure.expression(source).evaluate(in: context)) ?? .null
                answers[field.id] = answer(from: computed)
                values[field.id] = computed
                continue
            }
            values[field.id] = hidden.contains(field.id) ? value(of: nil, as: field) : value(of: answers[field.id], as: field)
        }
        return (answers, values)
    }

    /// A group item from a prefilled record: each child takes the value under its own id, when valid.
    private static func seededItem(_ record: Value, of group: FormField) -> [String: Answer] {
        guard case .record(let values) = record else { return [:] }
        var item: [String: Answer] = [:]
        for child in group.fields ?? [] where child.compute == nil {
            guard let value = values[child.id], value != .null else { continue }
            let seeded = answer(from: value)
            if child.type == .choice, !(child.options ?? []).contains(where: { $0.value == seeded.text }) { continue }
            item[child.id] = seeded
        }
        return item
    }

    private static func hiddenFields(_ procedure: CompiledProcedure, values: [String: Value], today: LocalDate) -> Set<String> {
        let context = EvaluationContext(scope: DictionaryScope(values), today: today)
        func shown(_ condition: String?) -> Bool { condition.map { procedure.expression($0).isTrue(in: context) } ?? true }
        var hidden = Set<String>()
        for page in procedure.definition.form.pages {
            let pageShown = shown(page.showIf)
            for section in page.sections {
                let sectionShown = pageShown && shown(section.showIf)
                for field in section.fields where !(sectionShown && shown(field.showIf)) {
                    hidden.insert(field.id)
                }
            }
        }
        return hidden
    }

    public var context: EvaluationContext {
        EvaluationContext(scope: DictionaryScope(values), today: today)
    }

    // MARK: Visibility

    public func isVisible(_ page: FormPage) -> Bool {
        page.showIf.map { procedure.expression($0).isTrue(in: context) } ?? true
    }

    public func isVisible(_ section: FormSection) -> Bool {
        section.showIf.map { procedure.expression($0).isTrue(in: context) } ?? true
    }

    public func isVisible(_ field: FormField, item: [String: Answer]? = nil, in group: FormField? = nil) -> Bool {
        guard let showIf = field.showIf else { return true }
        return procedure.expression(showIf).isTrue(in: itemContext(item, group: group))
    }

    /// Pages that apply to these answers, in order.
    public var visiblePages: [FormPage] {
        procedure.definition.form.pages.filter(isVisible)
    }

    public func isRequired(_ field: FormField, item: [String: Answer]? = nil, in group: FormField? = nil) -> Bool {
        switch field.required ?? .never {
        case .always: true
        case .never: false
        case .when(let source): procedure.expression(source).isTrue(in: itemContext(item, group: group))
        }
    }

    /// Whether the citizen types this field (not prefilled, computed or static).
    public func isEditable(_ field: FormField) -> Bool {
        field.compute == nil && field.type != .staticText
            && (field.type == .group
                || !(field.prefill.map { Self.lookup($0, in: prefill).map { $0 != .null } ?? false } ?? false))
    }

    // MARK: Validation

    /// Every problem on a page: fields first, in order, then the page's cross-field rules.
    public func problems(onPage page: FormPage) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        guard isVisible(page) else { return [] }
        for section in page.sections where isVisible(section) {
            for field in section.fields where isVisible(field) && isEditable(field) {
                problems += self.problems(of: field, answer: answers[field.id], path: field.id, item: nil, group: nil)
            }
        }
        if problems.isEmpty {
            for rule in page.rules ?? [] where !procedure.expression(rule.check).isTrue(in: context) {
                problems.append(FieldProblem(field: rule.field, message: .custom(rule.message)))
            }
        }
        return problems
    }

    /// Problems on every visible page: the summary before confirmation must find none.
    public var allProblems: [FieldProblem] {
        visiblePages.flatMap(problems(onPage:))
    }

    func problems(
        of field: FormField, answer: Answer?, path: String, item: [String: Answer]?, group: FormField?
    ) -> [FieldProblem] {
        func problem(_ key: String, _ values: [String: String] = [:]) -> [FieldProblem] {
            [FieldProblem(field: path, message: .key(key, values))]
        }
        let blank = answer?.isBlank ?? true
        if field.type == .declaration {
            return isRequired(field, item: item, in: group) && answer?.text != "yes" ? problem("error.declaration") : []
        }
        if blank {
            return isRequired(field, item: item, in: group)
                ? problem(field.type == .attachment ? "error.attachment.required" : "error.required") : []
        }
        switch field.type {
        case .group:
            guard case .items(let items) = answer else { return problem("error.required") }
            var found: [FieldProblem] = []
            if let minimum = field.minimumItems, items.count < minimum {
                found += problem("error.group.minimumItems", ["count": String(minimum)])
            }
            if let maximum = field.maximumItems, items.count > maximum {
                found += problem("error.group.maximumItems", ["count": String(maximum)])
            }
            for (index, item) in items.enumerated() {
                for child in field.fields ?? [] where isVisible(child, item: item, in: field) && child.compute == nil {
                    found += problems(
                        of: child, answer: item[child.id], path: "\(field.id).\(index + 1).\(child.id)", item: item, group: field)
                }
            }
            return found
        case .multipleChoice:
            guard case .choices(let picked) = answer else { return problem("error.choice") }
            let allowed = Set((field.options ?? []).map(\.value))
            return picked.allSatisfy(allowed.contains) ? [] : problem("error.choice")
        case .attachment:
            return []
        default:
            break
        }
        let text = (answer?.text ?? "").trimmed()
        switch field.type {
        case .number, .money:
            guard let number = FieldFormats.decimal(text) else {
                return problem(field.type == .money ? "error.money" : "error.number")
            }
            if field.type == .money, FieldFormats.fractionDigits(number) > 2 { return problem("error.money") }
            if let minimum = field.minimum?.value ?? (field.type == .money ? 0 : nil), number < minimum {
                return problem("error.number.minimum", ["minimum": Self.format(minimum)])
            }
            if let maximum = field.maximum?.value, number > maximum {
                return problem("error.number.maximum", ["maximum": Self.format(maximum)])
            }
        case .date:
            guard let date = Self.date(text) else { return problem("error.date") }
            if let bound = field.earliest.flatMap(RelativeDate.init)?.resolve(today: today), date < bound {
                return problem("error.date.earliest", ["date": bound.italian])
            }
            if let bound = field.latest.flatMap(RelativeDate.init)?.resolve(today: today), date > bound {
                return problem("error.date.latest", ["date": bound.italian])
            }
        case .choice:
            if !(field.options ?? []).contains(where: { $0.value == text }) { return problem("error.choice") }
        case .yesNo:
            if text != "yes" && text != "no" { return problem("error.choice") }
        case .email:
            if FieldFormats.normalizedEmail(text) == nil { return problem("error.email") }
        case .phone:
            if FieldFormats.normalizedItalianPhone(text) == nil { return problem("error.phone") }
        case .fiscalCode:
            do { _ = try CodiceFiscale(validating: text) } catch { return problem(error.messageKey) }
        case .vatNumber:
            do { _ = try PartitaIVA(validating: text) } catch { return problem(error.messageKey) }
        case .iban:
            if FieldFormats.normalizedIBAN(text) == nil { return problem("error.iban") }
        case .cap:
            if FieldFormats.normalizedCAP(text) == nil { return problem("error.cap") }
        default:
            break
        }
        if let minimum = field.minimumLength, text.count < minimum {
            return problem("error.text.minimumLength", ["count": String(minimum)])
        }
        if let maximum = field.maximumLength, text.count > maximum {
            return problem("error.text.maximumLength", ["count": String(maximum)])
        }
        if let pattern = field.pattern, let regex = procedure.patterns[pattern],
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil
        {
            return [FieldProblem(field: path, message: field.patternMessage.map(ProblemMessage.custom) ?? .key("error.pattern"))]
        }
        return []
    }

    // MARK: Values

    /// The context for a field of a group item: the item's fields are visible by their own names.
    func itemContext(_ item: [String: Answer]?, group: FormField?) -> EvaluationContext {
        guard let item, let group else { return context }
        var scoped = values
        for child in group.fields ?? [] { scoped[child.id] = Self.value(of: item[child.id], as: child) }
        return EvaluationContext(scope: DictionaryScope(scoped), today: today)
    }

    /// The expression value of an answer, read according to the field's type; blanks and unreadable text are null.
    static func value(of answer: Answer?, as field: FormField) -> Value {
        guard let answer, !answer.isBlank else { return field.type == .declaration ? .bool(false) : .null }
        switch (field.type, answer) {
        case (.number, .text(let text)), (.money, .text(let text)): return FieldFormats.decimal(text).map(Value.number) ?? .null
        case (.date, .text(let text)): return date(text).map(Value.date) ?? .null
        case (.yesNo, .text(let text)): return text == "yes" ? .bool(true) : text == "no" ? .bool(false) : .null
        case (.declaration, .text(let text)): return .bool(text == "yes")
        case (.multipleChoice, .choices(let values)): return .list(values.map(Value.string))
        case (.group, .items(let items)):
            return .list(
                items.map { item in
                    .record(
                        Dictionary(uniqueKeysWithValues: (field.fields ?? []).map { ($0.id, value(of: item[$0.id], as: $0)) }))
                })
        case (.attachment, .file(let file)):
            return .record(["name": .string(file.fileName), "size": .number(Decimal(file.size))])
        case (_, .text(let text)): return .string(text.trimmed())
        default: return .null
        }
    }

    /// How a prefilled or computed value is kept as an answer.
    static func answer(from value: Value) -> Answer {
        switch value {
        case .null: .text("")
        case .bool(let flag): .text(flag ? "yes" : "no")
        case .number(let number): .text(format(number))
        case .string(let text): .text(text)
        case .date(let date): .text(date.iso)
        case .list(let values): .choices(values.map { answer(from: $0).text ?? "" })
        case .record: .text("")
        }
    }

    static func lookup(_ path: String, in values: [String: Value]) -> Value? {
        DictionaryScope(values).value(at: path.split(separator: ".").map(String.init))
    }

    /// Dates as HTML date inputs send them (yyyy-mm-dd) or as people type them (dd/mm/yyyy).
    public static func date(_ text: String) -> LocalDate? {
        if let iso = LocalDate(iso: text) { return iso }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).compactMap { Int($0) }
        guard parts.count == 3, parts[2] >= 1000 else { return nil }
        return LocalDate(year: parts[2], month: parts[1], day: parts[0])
    }

    static func format(_ number: Decimal) -> String {
        NSDecimalNumber(decimal: number).stringValue
    }
}

extension LocalDate {
    /// dd/mm/yyyy, as dates are written in Italy.
    public var italian: String {
        String(format: "%02d/%02d/%04d", day, month, year)
    }
}
