import Foundation

/// A procedure file that could not be used, with every problem found (for the designer).
public struct FormDefinitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}

/// A procedure ready to serve: every expression parsed once and every reference checked,
/// so a broken form is refused when it is loaded, never while a citizen fills it in.
public struct CompiledProcedure: Sendable {
    public let definition: ProcedureDefinition
    let expressions: [String: Expression]
    let patterns: [String: NSRegularExpression]
    let fieldsByID: [String: FormField]

    /// Roots of the data the municipality already has, usable in expressions and `prefill`.
    public static let prefillRoots: Set<String> = ["identity", "registry"]
    /// The largest size a designer may allow for one attachment, in megabytes.
    public static let largestAttachmentMB = 50
    /// The size limit of an attachment field without `maximumSizeMB`, in megabytes.
    public static let defaultAttachmentMB = 10.0

    public init(_ definition: ProcedureDefinition) throws(FormDefinitionError) {
        var problems: [String] = []
        var expressions: [String: Expression] = [:]
        var patterns: [String: NSRegularExpression] = [:]
        var fieldsByID: [String: FormField] = [:]
        if definition.code.range(of: #"^[a-z][a-z0-9-]{1,59}$"#, options: .regularExpression) == nil {
            problems.append("code '\(definition.code)': use lowercase letters, digits and hyphens")
        }
        if definition.form.pages.isEmpty { problems.append("the form has no pages") }
        var pageIDs = Set<String>()
        var sectionIDs = Set<String>()
        for page in definition.form.pages {
            if !pageIDs.insert(page.id).inserted { problems.append("page '\(page.id)' appears twice") }
            for section in page.sections {
                if !sectionIDs.insert(section.id).inserted { problems.append("section '\(section.id)' appears twice") }
                for field in section.fields {
                    if fieldsByID.updateValue(field, forKey: field.id) != nil {
                        problems.append("field '\(field.id)' appears twice")
                    }
                }
            }
        }
        let topLevelIDs = Set(fieldsByID.keys)

        func parse(_ source: String?, _ place: String, siblings: Set<String> = []) {
            guard let source, expressions[source] == nil || !siblings.isEmpty else { return }
            do {
                let expression = try Expression.parse(source)
                for path in expression.referencedPaths {
                    guard let root = path.first else { continue }
                    if !topLevelIDs.contains(root) && !Self.prefillRoots.contains(root) && !siblings.contains(root) {
                        problems.append("\(place): '\(path.joined(separator: "."))' is not a field of this form")
                    }
                }
                expressions[source] = expression
            } catch {
                problems.append("\(place): \(error.message) (column \(error.column)) in «\(source)»")
            }
        }

        func check(_ field: FormField, _ place: String, siblings: Set<String>) {
            let where_ = "\(place) field '\(field.id)'"
            if field.id.range(of: #"^[A-Za-z][A-Za-z0-9_]*$"#, options: .regularExpression) == nil {
                problems.append("\(where_): ids use letters, digits and _ and start with a letter")
            }
            if Self.prefillRoots.contains(field.id) { problems.append("\(where_): '\(field.id)' is reserved for prefilled data") }
            parse(field.showIf, "\(where_) showIf", siblings: siblings)
            if case .when(let source) = field.required { parse(source, "\(where_) required", siblings: siblings) }
            parse(field.compute, "\(where_) compute", siblings: siblings)
            if let prefill = field.prefill, !Self.prefillRoots.contains(String(prefill.split(separator: ".").first ?? "")) {
                problems.append("\(where_): prefill must start with identity. or registry.")
            }
            switch field.type {
            case .choice, .multipleChoice:
                if field.options?.isEmpty ?? true { problems.append("\(where_): a \(field.type.rawValue) needs options") }
            case .group:
                let children = field.fields ?? []
                if children.isEmpty { problems.append("\(where_): a group needs fields") }
                let childIDs = Set(children.map(\.id))
                if childIDs.count != children.count { problems.append("\(where_): two fields of the group share an id") }
                for child in children {
                    if child.type == .group { problems.append("\(where_): groups cannot contain groups") }
                    check(child, "\(where_) →", siblings: childIDs)
                }
            case .staticText, .declaration:
                if field.text == nil && field.type == .staticText { problems.append("\(where_): static text needs text") }
            case .attachment:
                if field.accept?.isEmpty ?? true { problems.append("\(where_): an attachment needs accepted types (accept)") }
                for name in field.accept ?? [] where FileType.named(name) == nil {
                    let known = FileType.known.map(\.name).joined(separator: ", ")
                    problems.append("\(where_): '\(name)' is not a file type Sportello knows (\(known))")
                }
                if let size = field.maximumSizeMB, !(size > 0 && size <= Double(Self.largestAttachmentMB)) {
                    problems.append("\(where_): maximumSizeMB must be above 0 and at most \(Self.largestAttachmentMB)")
                }
            default:
                break
            }
            if field.pec == true && field.type != .email { problems.append("\(where_): pec is only for email fields") }
            if let pattern = field.pattern {
                do { patterns[pattern] = try NSRegularExpression(pattern: "^(?:" + pattern + ")$") } catch {
                    problems.append("\(where_): pattern is not a valid regular expression")
                }
            }
            for bound in [field.earliest, field.latest].compactMap({ $0 }) where RelativeDate(bound) == nil {
                problems.append("\(where_): '\(bound)' is not a date (yyyy-mm-dd, today, today+N, today-N)")
            }
        }

        for page in definition.form.pages {
            parse(page.showIf, "page '\(page.id)' showIf")
            for section in page.sections {
                parse(section.showIf, "section '\(section.id)' showIf")
                for field in section.fields { check(field, "page '\(page.id)'", siblings: []) }
            }
            for (index, rule) in (page.rules ?? []).enumerated() {
                parse(rule.check, "page '\(page.id)' rule \(index + 1)")
                if let field = rule.field, fieldsByID[field] == nil {
                    problems.append("page '\(page.id)' rule \(index + 1): unknown field '\(field)'")
                }
            }
        }
        if let fee = definition.fee { problems += fee.problems(fields: fieldsByID) }
        guard problems.isEmpty else { throw FormDefinitionError(problems: problems) }
        self.definition = definition
        self.expressions = expressions
        self.patterns = patterns
        self.fieldsByID = fieldsByID
    }

    public func field(_ id: String) -> FormField? { fieldsByID[id] }

    func expression(_ source: String) -> Expression {
        // Every source was parsed in init; a miss is a programming error.
        expressions[source]!
    }
}

/// A date bound written in a form file: an ISO date or today with an offset in days.
struct RelativeDate {
    let fixed: LocalDate?
    let offset: Int

    init?(_ text: String) {
        let trimmed = text.trimmed(keepingLineBreaks: true).lowercased()
        if trimmed.hasPrefix("today") {
            let rest = trimmed.dropFirst(5).replacingOccurrences(of: " ", with: "")
            guard rest.isEmpty || Int(rest) != nil else { return nil }
            fixed = nil
            offset = Int(rest) ?? 0
        } else {
            guard let date = LocalDate(iso: trimmed) else { return nil }
            fixed = date
            offset = 0
        }
    }

    func resolve(today: LocalDate) -> LocalDate {
        fixed ?? today.adding(days: offset) ?? today
    }
}
