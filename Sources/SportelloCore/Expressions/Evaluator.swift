import Foundation

/// Walks a syntax tree and computes its value (rules in Expression.swift).
///
/// A struct with an explicit stack of list items, rather than nested scope objects, so evaluating a
/// list function allocates nothing per item: a form evaluates hundreds of conditions on every save.
struct Evaluator {
    private let scope: any ExpressionScope
    private let today: LocalDate
    /// The list functions being evaluated, innermost last: the current item and its whole list.
    private var frames: [(item: Value, list: [Value])] = []
    /// Nodes evaluated so far. Nesting list functions multiplies work (`count(l, count(l, …))` is
    /// |l|^depth), so without a budget a single expression could pin a CPU.
    private var steps = 0

    init(context: EvaluationContext) {
        scope = context.scope
        today = context.today
    }

    private static func failure(_ message: String) -> ExpressionEvaluationError {
        ExpressionEvaluationError(message: message)
    }

    // Recursion here follows the tree's nesting, which the parser caps; the two constructs that can
    // grow as long as the source without nesting (left-associative operator chains and `.field`
    // chains) are walked in loops.
    mutating func evaluate(_ node: ExpressionNode) throws(ExpressionEvaluationError) -> Value {
        steps += 1
        if steps > Expression.maximumEvaluationSteps {
            throw Self.failure("the expression takes too long to evaluate (nested list functions over long lists?)")
        }
        switch node {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .variable(let path): return lookup(path)
        case .list(let nodes):
            var values: [Value] = []
            values.reserveCapacity(nodes.count)
            for item in nodes { values.append(try evaluate(item)) }
            return .list(values)
        case .member:
            var names: [String] = []
            var base = node
            while case .member(let inner, let name) = base {
                names.append(name)
                base = inner
            }
            var value = try evaluate(base)
            for name in names.reversed() {
                // Like a path through a missing field, a field of a non-record is simply absent.
                guard case .record(let fields) = value else { return .null }
                value = fields[name] ?? .null
            }
            return value
        case .unary(.not, let operand):
            return .bool(!(try truth(of: try evaluate(operand), for: "'not'")))
        case .unary(.negate, let operand):
            switch try evaluate(operand) {
            case .null: return .null
            case .number(let value): return .number(-value)
            case let other: throw Self.failure("'-' needs a number, got \(other.kindWithArticle)")
            }
        case .binary(let op, let left, let right):
            guard case .binary = left else {
                return try apply(op, try evaluate(left), leftIsNullLiteral: left.isNullLiteral, right)
            }
            var spine: [(BinaryOperator, ExpressionNode)] = [(op, right)]
            var innermost = left
            while case .binary(let innerOp, let innerLeft, let innerRight) = innermost {
                spine.append((innerOp, innerRight))
                innermost = innerLeft
            }
            var value = try evaluate(innermost)
            var leftIsNullLiteral = innermost.isNullLiteral
            for (op, right) in spine.reversed() {
                value = try apply(op, value, leftIsNullLiteral: leftIsNullLiteral, right)
                leftIsNullLiteral = false
            }
            return value
        case .call(let function, let arguments):
            return try call(function, arguments)
        }
    }

    /// Resolves a name inside list functions first. A name that is a field of *any* item of the list
    /// means that field, null on items that lack it: otherwise a member without `income` would
    /// silently pick up a form-level `income` in `sum(household, income)`.
    private func lookup(_ path: [String]) -> Value {
        if !frames.isEmpty {
            let first = path[0]
            if first == "item" { return Self.walk(frames[frames.count - 1].item, path) }
            for frame in frames.reversed() {
                if case .record(let fields) = frame.item, let value = fields[first] { return Self.walk(value, path) }
                let isItemField = frame.list.contains { element in
                    if case .record(let fields) = element { return fields[first] != nil }
                    return false
                }
                if isItemField { return .null }
            }
        }
        return scope.value(at: path) ?? .null
    }

    /// Follows `path[1...]` into `value`.
    private static func walk(_ value: Value, _ path: [String]) -> Value {
        var current = value
        for name in path.dropFirst() {
            guard case .record(let fields) = current, let next = fields[name] else { return .null }
            current = next
        }
        return current
    }

    /// The value as a condition: null counts as false; anything but true/false is a mistake.
    private func truth(of value: Value, for what: String) throws(ExpressionEvaluationError) -> Bool {
        switch value {
        case .bool(let value): return value
        case .null: return false
        default: throw Self.failure("\(what) needs true or false, got \(value.kindWithArticle)")
        }
    }

    // MARK: Operators

    private mutating func apply(
        _ op: BinaryOperator, _ left: Value, leftIsNullLiteral: Bool, _ rightNode: ExpressionNode
    ) throws(ExpressionEvaluationError) -> Value {
        switch op {
        case .and:
            guard try truth(of: left, for: "'and'") else { return .bool(false) }
            return .bool(try truth(of: try evaluate(rightNode), for: "'and'"))
        case .or:
            if try truth(of: left, for: "'or'") { return .bool(true) }
            return .bool(try truth(of: try evaluate(rightNode), for: "'or'"))
        case .equal, .notEqual:
            let right = try evaluate(rightNode)
            let equal: Bool
            if leftIsNullLiteral || rightNode.isNullLiteral {
                // `x = null` / `x != null`: the one way to ask whether a field has an answer.
                equal = (left == .null) == (right == .null)
            } else if left == .null || right == .null {
                return .bool(false)
            } else {
                equal = left == right
            }
            return .bool(op == .equal ? equal : !equal)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(try compare(op, left, try evaluate(rightNode)))
        case .in, .notIn:
            guard left != .null else { return .bool(false) }
            let found: Bool
            if case .list(let elements) = rightNode {
                // A literal list is searched without building it: the common `x in ['A', 'B']`.
                var hit = false
                for element in elements where try evaluate(element) == left {
                    hit = true
                    break
                }
                found = hit
            } else {
                guard let membership = try contains(try evaluate(rightNode), left, operator: "'\(op.rawValue)'") else {
                    return .bool(false)
                }
                found = membership
            }
            return .bool(op == .in ? found : !found)
        case .add, .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, left, try evaluate(rightNode))
        }
    }

    /// Whether `container` holds `element`; `nil` when the container is null (no answer).
    private func contains(
        _ container: Value, _ element: Value, operator what: String
    ) throws(ExpressionEvaluationError)
        -> Bool?
    {
        switch (container, element) {
        case (.null, _): return nil
        case (.list(let elements), _): return elements.contains(element)
        case (.string(let text), .string(let part)): return part.isEmpty || text.contains(part)
        case (.string, _):
            throw Self.failure("\(what) can only look for a text inside a text, got \(element.kindWithArticle)")
        default:
            throw Self.failure("\(what) needs a list or a text to look in, got \(container.kindWithArticle)")
        }
    }

    private func compare(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(ExpressionEvaluationError) -> Bool {
        let order: Int
        switch (left, right) {
        case (.null, _), (_, .null): return false
        case (.number(let a), .number(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case (.date(let a), .date(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            // Ordinal (code point) order: predictable, and the same on every server whatever its locale.
            order = a == b ? 0 : (a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1)
        case (.bool, .bool):
            throw Self.failure("'\(op.rawValue)' can't order true/false values: use = or !=")
        default:
            throw Self.failure(
                "'\(op.rawValue)' can't compare \(left.kindWithArticle) with \(right.kindWithArticle)")
        }
        switch op {
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    private func arithmetic(
        _ op: BinaryOperator, _ left: Value, _ right: Value
    ) throws(ExpressionEvaluationError)
        -> Value
    {
        switch (op, left, right) {
        case (_, .null, _), (_, _, .null):
            return .null
        case (.add, .number(let a), .number(let b)):
            return .number(try Self.checked(a + b))
        case (.subtract, .number(let a), .number(let b)):
            return .number(try Self.checked(a - b))
        case (.multiply, .number(let a), .number(let b)):
            return .number(try Self.checked(try Numbers.normalized(a) * Numbers.normalized(b)))
        case (.divide, .number(let a), .number(let b)):
            guard !b.isZero else { return .null }
            return .number(try Self.checked(try Numbers.normalized(a) / Numbers.normalized(b)))
        case (.remainder, .number(let a), .number(let b)):
            guard !b.isZero else { return .null }
            return .number(try Self.remainder(try Numbers.normalized(a), try Numbers.normalized(b)))
        case (.add, .string(let a), .string(let b)):
            return .string(a + b)
        case (.add, .number(let a), .string(let b)):
            return .string(a.description + b)
        case (.add, .string(let a), .number(let b)):
            return .string(a + b.description)
        case (.add, .date(let date), .number(let days)), (.add, .number(let days), .date(let date)):
            return .date(try Self.shift(date, by: days, negate: false))
        case (.subtract, .date(let date), .number(let days)):
            return .date(try Self.shift(date, by: days, negate: true))
        case (.subtract, .date(let a), .date(let b)):
            return .number(Decimal(b.days(until: a)))
        default:
            let verb =
                switch op {
                case .add: "add"
                case .subtract: "subtract"
                case .multiply: "multiply"
                case .divide: "divide"
                default: "take the remainder of"
                }
            throw Self.failure(
                "'\(op.rawValue)' can't \(verb) \(left.kindWithArticle) and \(right.kindWithArticle)")
        }
    }

    private static func checked(_ value: Decimal) throws(ExpressionEvaluationError) -> Decimal {
        if value.isNaN { throw failure("a number is too large") }
        return value
    }

    /// Remainder with the sign of the dividend (like most languages): 7 % 3 = 1, -7 % 3 = -1.
    private static func remainder(_ a: Decimal, _ b: Decimal) throws(ExpressionEvaluationError) -> Decimal {
        let quotient = Numbers.truncated(try checked(a / b))
        let result = try checked(a - quotient * b)
        // With quotients beyond 38 digits `Decimal` can't represent the exact quotient.
        guard result.magnitude < b.magnitude, result.isZero || (result < 0) == (a < 0) else {
            throw failure("'%' can't work on numbers this large")
        }
        return result
    }

    private static func shift(
        _ date: LocalDate, by days: Decimal, negate: Bool
    ) throws(ExpressionEvaluationError)
        -> LocalDate
    {
        guard Numbers.truncated(days) == days else {
            throw failure("only a whole number of days can be added to a date, not \(days)")
        }
        let span = LocalDate.dayNumberRange.upperBound - LocalDate.dayNumberRange.lowerBound
        guard let whole = Numbers.integer(days, in: -span...span), let result = date.adding(days: negate ? -whole : whole)
        else {
            throw failure("the date would fall outside the years 1 to 9999")
        }
        return result
    }

    // MARK: Functions

    private mutating func call(
        _ function: ExpressionFunction, _ arguments: [ExpressionNode]
    )
        throws(ExpressionEvaluationError) -> Value
    {
        let name = "'\(function.rawValue)'"
        switch function {
        case .today:
            return .date(today)
        case .date:
            switch try evaluate(arguments[0]) {
            case .null: return .null
            case .date(let date): return .date(date)
            case .string(let text):
                return LocalDate(iso: text.trimmed(keepingLineBreaks: true)).map(Value.date) ?? .null
            case let other: throw Self.failure("\(name) needs a text like '2025-01-31', got \(other.kindWithArticle)")
            }
        case .age:
            guard let birth = try date(arguments[0], name) else { return .null }
            let onDate = arguments.count > 1 ? try date(arguments[1], name) : today
            guard let onDate else { return .null }
            return .number(Decimal(birth.age(on: onDate)))
        case .days:
            guard let from = try date(arguments[0], name), let to = try date(arguments[1], name) else { return .null }
            return .number(Decimal(from.days(until: to)))
        case .year, .month, .day:
            guard let date = try date(arguments[0], name) else { return .null }
            let part = function == .year ? date.year : function == .month ? date.month : date.day
            return .number(Decimal(part))
        case .len:
            switch try evaluate(arguments[0]) {
            case .null: return .null
            case .string(let text): return .number(Decimal(text.count))
            case .list(let items): return .number(Decimal(items.count))
            case let other: throw Self.failure("\(name) needs a text or a list, got \(other.kindWithArticle)")
            }
        case .empty:
            switch try evaluate(arguments[0]) {
            case .null: return .bool(true)
            case .string(let text): return .bool(text.allSatisfy(\.isWhitespace))
            case .list(let items): return .bool(items.isEmpty)
            case .record(let fields): return .bool(fields.isEmpty)
            default: return .bool(false)
            }
        case .lower, .upper, .trim:
            guard let text = try text(arguments[0], name) else { return .null }
            switch function {
            case .lower: return .string(text.lowercased())
            case .upper: return .string(text.uppercased())
            default: return .string(text.trimmed())
            }
        case .contains:
            let container = try evaluate(arguments[0])
            let element = try evaluate(arguments[1])
            guard element != .null else { return .bool(false) }
            return .bool(try contains(container, element, operator: name) ?? false)
        case .min, .max:
            return try extreme(arguments, largest: function == .max, name)
        case .round:
            guard let value = try number(arguments[0], name) else { return .null }
            var digits = 0
            if arguments.count > 1 {
                guard let requested = try number(arguments[1], name) else { return .null }
                guard let whole = Numbers.integer(requested, in: -Numbers.maximumScale...Numbers.maximumScale) else {
                    throw Self.failure("\(name) needs a whole number of digits from -38 to 38, got \(requested)")
                }
                digits = whole
            }
            return .number(Numbers.rounded(try Numbers.normalized(value), scale: digits))
        case .abs:
            guard let value = try number(arguments[0], name) else { return .null }
            return .number(value.magnitude)
        case .number:
            switch try evaluate(arguments[0]) {
            case .null: return .null
            case .number(let value): return .number(value)
            case .string(let text): return FieldFormats.decimal(text).map(Value.number) ?? .null
            case let other: throw Self.failure("\(name) needs a text, got \(other.kindWithArticle)")
            }
        case .if:
            let condition = try truth(of: try evaluate(arguments[0]), for: "the first argument of 'if'")
            return try evaluate(arguments[condition ? 1 : 2])
        case .count, .sum, .any, .all, .filter:
            return try listFunction(function, arguments, name)
        }
    }

    private mutating func date(_ node: ExpressionNode, _ name: String) throws(ExpressionEvaluationError) -> LocalDate? {
        switch try evaluate(node) {
        case .null: return nil
        case .date(let date): return date
        case .string:
            throw Self.failure("\(name) needs a date, got a text: turn text into a date with date('2025-01-31')")
        case let other: throw Self.failure("\(name) needs a date, got \(other.kindWithArticle)")
        }
    }

    private mutating func number(_ node: ExpressionNode, _ name: String) throws(ExpressionEvaluationError) -> Decimal? {
        switch try evaluate(node) {
        case .null: return nil
        case .number(let value): return value
        case let other: throw Self.failure("\(name) needs a number, got \(other.kindWithArticle)")
        }
    }

    private mutating func text(_ node: ExpressionNode, _ name: String) throws(ExpressionEvaluationError) -> String? {
        switch try evaluate(node) {
        case .null: return nil
        case .string(let value): return value
        case let other: throw Self.failure("\(name) needs a text, got \(other.kindWithArticle)")
        }
    }

    private mutating func extreme(
        _ arguments: [ExpressionNode], largest: Bool, _ name: String
    )
        throws(ExpressionEvaluationError) -> Value
    {
        var candidates: [Value] = []
        if arguments.count == 1 {
            let only = try evaluate(arguments[0])
            if case .list(let items) = only { candidates = items } else { candidates = [only] }
        } else {
            for argument in arguments { candidates.append(try evaluate(argument)) }
        }
        var best: Value = .null
        for candidate in candidates where candidate != .null {
            switch candidate {
            case .number, .string, .date: break
            default: throw Self.failure("\(name) works on numbers, texts or dates, got \(candidate.kindWithArticle)")
            }
            if best == .null {
                best = candidate
                continue
            }
            let candidateIsLess: Bool
            do {
                candidateIsLess = try compare(.less, candidate, best)
            } catch {
                throw Self.failure("\(name) can't compare \(candidate.kindWithArticle) with \(best.kindWithArticle)")
            }
            if candidateIsLess != largest, candidate != best { best = candidate }
        }
        return best
    }

    private mutating func listFunction(
        _ function: ExpressionFunction, _ arguments: [ExpressionNode], _ name: String
    )
        throws(ExpressionEvaluationError) -> Value
    {
        let elements: [Value]
        switch try evaluate(arguments[0]) {
        case .null: elements = []  // an unanswered repeating section has no rows
        case .list(let list): elements = list
        case let other: throw Self.failure("\(name) needs a list, got \(other.kindWithArticle)")
        }
        if arguments.count == 1 {
            if function == .count { return .number(Decimal(elements.count)) }
            return .number(try total(elements, name))
        }
        let perItem = arguments[1]
        frames.append((.null, elements))
        defer { frames.removeLast() }
        let what = "the condition of \(name)"
        switch function {
        case .count:
            var count = 0
            for element in elements {
                frames[frames.count - 1].item = element
                if try truth(of: try evaluate(perItem), for: what) { count += 1 }
            }
            return .number(Decimal(count))
        case .sum:
            var sum = Decimal.zero
            for element in elements {
                frames[frames.count - 1].item = element
                sum = try Self.add(try evaluate(perItem), to: sum, name)
            }
            return .number(sum)
        case .any, .all:
            let wanted = function == .any
            for element in elements {
                frames[frames.count - 1].item = element
                if try truth(of: try evaluate(perItem), for: what) == wanted { return .bool(wanted) }
            }
            return .bool(!wanted)
        default:
            var kept: [Value] = []
            for element in elements {
                frames[frames.count - 1].item = element
                if try truth(of: try evaluate(perItem), for: what) { kept.append(element) }
            }
            return .list(kept)
        }
    }

    /// Sum of numbers, skipping nulls (a member who declared no income adds nothing).
    private func total(_ values: [Value], _ name: String) throws(ExpressionEvaluationError) -> Decimal {
        var sum = Decimal.zero
        for value in values { sum = try Self.add(value, to: sum, name) }
        return sum
    }

    private static func add(_ value: Value, to sum: Decimal, _ name: String) throws(ExpressionEvaluationError) -> Decimal {
        switch value {
        case .null: return sum
        case .number(let number): return try checked(sum + number)
        default: throw failure("\(name) can only add up numbers, got \(value.kindWithArticle)")
        }
    }
}

extension ExpressionNode {
    var isNullLiteral: Bool {
        if case .null = self { return true }
        return false
    }
}
