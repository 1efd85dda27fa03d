// # The Sportello expression language
//
// Form designers write small expressions for three things: conditions ("show the ISEE section only
// if ..."), computed fields ("total household income") and cross-field validation rules. The language
// can only read the answers given to it and compute values from them: it cannot call out, loop
// forever or change anything.
//
// ## Values
//
//   kind              written as                          notes
//   ----------------  ----------------------------------  -----------------------------------------
//   number            12   3.50   0.25                     exact decimals (no rounding surprises)
//   text              'text'  "text"                       escapes: \'  \"  \\
//   true/false        true  false
//   null              null                                 "no answer"
//   date              date('2025-01-31')                   always yyyy-mm-dd
//   list              ['A', 'B']   [1, 2, 3]
//   record            (from the form: applicant, a household member ...)
//
// Keywords (and, or, not, in, true, false, null) and function names may be written in any case:
// AND, Or, TODAY(). Field names are case-sensitive.
//
// ## Fields
//
//   income                       a field
//   applicant.birthDate          a field inside a group (record); any depth:
//   residence.municipality.code
//
// A field that does not exist or has no answer is null; that is not an error.
//
// ## Operators, from lowest to highest precedence
//
//   or                              either side true
//   and                             both sides true
//   not x                           negation
//   =  ==  !=  <>  <  <=  >  >=     comparisons (= and == are the same; != and <> are the same)
//   x in list, x not in list        membership in a list, or part of a text: 'ab' in 'cabd'
//   +  -                            addition, subtraction
//   *  /  %                         multiplication, division, remainder
//   -x                              negative
//   x.name   f(a, b)                field of a record, function call
//   ( ... )                         grouping
//
// `+ - * / % and or` group from the left: `a - b - c` is `(a - b) - c`. Comparisons don't chain:
// `1 < x < 5` is an error; write `1 < x and x < 5`.
//
// ## Rules
//
// - `+` adds numbers and joins texts; a number joined to a text is written like 1234.5 (no
//   thousands separator, no trailing zeros: 3.50 is written 3.5).
//   date + number adds days; date - number subtracts days; date - date is the days between.
// - `<`, `<=`, `>`, `>=` compare numbers, texts (character by character, by code point) and dates.
//   true/false values can only be tested with = and !=.
// - `=` between different kinds is false: '5' = 5 is false, and so is '2025-01-31' = date('2025-01-31').
// - null (no answer):
//     arithmetic with null gives null:            null + 1        → null
//     any comparison with null is false:          income > 1000   → false while income is empty,
//                                                 income != 1000  → false too, and so is `not in`;
//     except comparing with the word null, which tests for an answer:
//                                                 income = null   → true while income is empty,
//                                                 income != null  → true once it is answered.
// - and, or, not, if(...) treat null as false, and stop as soon as the result is known:
//   `x != null and x > 3` never looks at `x > 3` when x is empty.
// - Division or remainder by zero gives null.
// - Functions given null (no answer) give null, except: empty(null) is true, contains(...) is false,
//   min/max skip nulls, if(...) takes null as false, and list functions take a null list as empty.
// - Where a true/false value is needed, any other kind (a number, a text) is an error. A condition
//   that errors is treated as false by the form engine.
//
// ## Functions
//
//   today()                     today's date
//   date(text)                  the date in 'yyyy-mm-dd' text; null if the text is not a date
//                               (a wrong date written out, date('2025-02-30'), is reported when
//                               the form is loaded)
//   age(birthDate)              completed years today; someone born on 29 February turns a
//   age(birthDate, onDate)      year older on 1 March in non-leap years
//   days(from, to)              days from one date to the other (negative if `to` is earlier)
//   year(d), month(d), day(d)   parts of a date
//   len(x)                      number of characters of a text, or of items of a list
//   empty(x)                    true for null, '' , a text of only spaces, an empty list
//   lower(t), upper(t), trim(t)
//   contains(text, part)        true if `part` appears in `text` (also: a list contains an item)
//   min(a, b, ...), max(...)    smallest/largest (numbers, texts or dates; nulls are skipped;
//                               a single list argument means its items)
//   round(x), round(x, digits)  half away from zero, like money: round(2.345, 2) = 2.35
//   abs(x)
//   number(text)                '1.234,56' and '1234.56' → 1234.56; null if not a number.
//                               A single '.' or ',' is the decimal separator ('1.5' = '1,5' = 1.5);
//                               a separator that repeats, or comes first when both appear,
//                               groups thousands ('1.234.567', '1.234,5'). So '1.234' is
//                               1.234, not 1234: write '1.234,00' or '1234' for a thousand.
//   if(cond, a, b)              a when cond is true, otherwise b
//
// List functions: the second argument is worked out once per item, with the item's fields usable
// by name and the item itself called `item`. A name that is a field of any item of the list means
// that field (null on items that lack it) and hides a form field with the same name; other names
// are read from the form as usual. An unanswered list counts as empty.
//
//   count(list)                 number of items
//   count(list, condition)      number of items for which the condition is true
//   sum(list, value)            total of value over the items (null values are skipped);
//   sum(list)                   total of a list of numbers
//   any(list, condition)        at least one item matches
//   all(list, condition)        every item matches (true for an empty list)
//   filter(list, condition)     the items that match
//
// Examples:
//
//   age(applicant.birthDate) >= 18 and residence.municipality.code = 'H501'
//   count(household, relation = 'figlio' and age(birthDate) < 18) >= 2
//   sum(household, income) + applicant.income
//   if(empty(iban), 'cash', 'transfer')
//   applicant.citizenship not in ['IT', 'SM', 'VA']
//
// Limits: at most 4,000 characters and 64 levels of nesting (brackets, functions, not, -); an
// evaluation that would take more than a million steps stops with an error.

public import Foundation

/// A parsed, validated form expression, ready to evaluate many times.
///
/// Parsing does all the checks a designer can act on (syntax, function names, argument counts, date
/// literals) once, when the form is loaded, so evaluation on every page save is a plain tree walk.
/// Two expressions are equal when their syntax trees are, whatever the spacing, keyword case or
/// operator spelling of the source: `a>1 AND b==2` equals `a > 1 and b = 2` (field names stay
/// case-sensitive), which is what a form loader comparing two versions of a form wants.
public struct Expression: Equatable, Sendable, CustomStringConvertible {
    /// The text the expression was parsed from, exactly as the designer wrote it.
    public let source: String
    /// The syntax tree.
    public let root: ExpressionNode

    /// The longest source accepted, in characters; longer text is almost certainly not hand-written.
    public static let maximumLength = 4_000
    /// The deepest nesting of brackets, function calls, `not` and unary `-` accepted; it bounds the
    /// recursion of both the parser and the evaluator.
    public static let maximumDepth = 64
    /// How many syntax-tree nodes one evaluation may visit before giving up with an error. Typical
    /// conditions visit tens; the budget only stops nested list functions from running for minutes.
    public static let maximumEvaluationSteps = 1_000_000

    init(source: String, root: ExpressionNode) {
        self.source = source
        self.root = root
    }

    /// Parses `source`, checking syntax, function names and argument counts.
    public static func parse(_ source: String) throws(ExpressionParseError) -> Expression {
        try Parser.parse(source)
    }

    /// Evaluates the expression. Unknown fields are null; type mistakes (`'a' * 2`, a number where a
    /// condition is needed) throw.
    public func evaluate(in context: EvaluationContext) throws(ExpressionEvaluationError) -> Value {
        var evaluator = Evaluator(context: context)
        return try evaluator.evaluate(root)
    }

    /// The value as a condition: only `true` counts; null, other values and errors are false, so a
    /// broken or half-answered condition hides a section instead of breaking the page.
    public func isTrue(in context: EvaluationContext) -> Bool {
        (try? evaluate(in: context)) == .bool(true)
    }

    /// Every field path the expression reads, so the form loader can reject references to fields that
    /// don't exist. Names inside the per-item argument of list functions (`count(household, age > 3)`)
    /// are left out: they normally name the item's fields, which the loader checks against the list's
    /// own definition.
    public var referencedPaths: Set<[String]> {
        var paths: Set<[String]> = []
        var pending: [ExpressionNode] = [root]
        while let node = pending.popLast() {
            switch node {
            case .null, .bool, .number, .string: break
            case .variable(let path): paths.insert(path)
            case .list(let items): pending.append(contentsOf: items)
            case .member(let base, _): pending.append(base)
            case .unary(_, let operand): pending.append(operand)
            case .binary(_, let left, let right): pending.append(left); pending.append(right)
            case .call(let function, let arguments):
                for (index, argument) in arguments.enumerated() where !function.isPerItemArgument(index) {
                    pending.append(argument)
                }
            }
        }
        return paths
    }

    /// The canonical source of the expression (normalised spacing, keyword case and brackets).
    public var description: String { root.description }

    public static func == (lhs: Expression, rhs: Expression) -> Bool { lhs.root == rhs.root }
}

/// Another name for ``Expression``.
///
/// Foundation (macOS 15+, and swift-foundation on Linux) declares its own generic
/// `Expression<each Input, Output>`, so in a file that imports Foundation the bare name is
/// "ambiguous for type lookup" in type positions (`let rule: Expression`). Such files can write
/// `FormExpression` (or `SportelloCore.Expression`). Calls like `Expression.parse(…)` are unaffected.
public typealias FormExpression = Expression

/// A node of the expression syntax tree.
///
/// Public so that tools (the form loader, the designer's preview) can inspect expressions. Only the
/// recursive cases are `indirect`, to keep leaves unboxed.
public enum ExpressionNode: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    /// `[a, b]`.
    case list([ExpressionNode])
    /// A field path such as `applicant.birthDate`: `["applicant", "birthDate"]`.
    case variable([String])
    /// `.name` applied to something that is not a plain field path, e.g. `(if(a, b, c)).code`.
    indirect case member(ExpressionNode, String)
    indirect case unary(UnaryOperator, ExpressionNode)
    indirect case binary(BinaryOperator, ExpressionNode, ExpressionNode)
    case call(ExpressionFunction, [ExpressionNode])

    /// Structural equality, walked with an explicit stack: a 4,000-character `1+1+1+…` is a tree
    /// 2,000 levels deep, and synthesized `==` would recurse that deep.
    public static func == (lhs: ExpressionNode, rhs: ExpressionNode) -> Bool {
        var pending: [(ExpressionNode, ExpressionNode)] = [(lhs, rhs)]
        while let (left, right) = pending.popLast() {
            switch (left, right) {
            case (.null, .null): continue
            case (.bool(let a), .bool(let b)): if a != b { return false }
            case (.number(let a), .number(let b)): if a != b { return false }
            case (.string(let a), .string(let b)): if a != b { return false }
            case (.variable(let a), .variable(let b)): if a != b { return false }
            case (.list(let a), .list(let b)):
                guard a.count == b.count else { return false }
                pending.append(contentsOf: zip(a, b))
            case (.member(let a, let nameA), .member(let b, let nameB)):
                guard nameA == nameB else { return false }
                pending.append((a, b))
            case (.unary(let opA, let a), .unary(let opB, let b)):
                guard opA == opB else { return false }
                pending.append((a, b))
            case (.binary(let opA, let leftA, let rightA), .binary(let opB, let leftB, let rightB)):
                guard opA == opB else { return false }
                pending.append((leftA, leftB))
                pending.append((rightA, rightB))
            case (.call(let fA, let argsA), .call(let fB, let argsB)):
                guard fA == fB, argsA.count == argsB.count else { return false }
                pending.append(contentsOf: zip(argsA, argsB))
            default:
                return false
            }
        }
        return true
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable, CaseIterable {
    case not
    case negate = "-"
}

/// Infix operators. The raw value is the canonical spelling used when printing.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and
    case equal = "=", notEqual = "!="
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in` = "in", notIn = "not in"
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", remainder = "%"

    /// Binding strength: higher binds tighter. Shared by the parser and the printer so they agree.
    var precedence: Int {
        switch self {
        case .or: Precedence.or
        case .and: Precedence.and
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn: Precedence.comparison
        case .add, .subtract: Precedence.additive
        case .multiply, .divide, .remainder: Precedence.multiplicative
        }
    }
}

enum Precedence {
    static let lowest = 0
    static let or = 1
    static let and = 2
    static let not = 3
    static let comparison = 4
    static let additive = 5
    static let multiplicative = 6
    static let negate = 7
    static let postfix = 8
    static let primary = 9
}

// MARK: - Printing canonical source

extension ExpressionNode {
    /// Canonical source: parsing it gives back an equal tree (for every tree the parser can produce).
    public var description: String {
        var output = ""
        Self.print(self, minimum: Precedence.lowest, into: &output)
        return output
    }

    var precedence: Int {
        switch self {
        case .null, .bool, .string, .list, .variable, .call: Precedence.primary
        case .number(let value): value < 0 ? Precedence.negate : Precedence.primary
        case .member: Precedence.postfix
        case .unary(.not, _): Precedence.not
        case .unary(.negate, _): Precedence.negate
        case .binary(let op, _, _): op.precedence
        }
    }

    /// Prints `node`, bracketing it when it binds more loosely than its position requires.
    ///
    /// A chain of left-associative operators (`a + b + c + …`, the only way to build a deep tree without
    /// nesting) is followed down its left spine in a loop rather than by recursion.
    private static func print(_ node: ExpressionNode, minimum: Int, into output: inout String) {
        let bracket = node.precedence < minimum
        if bracket { output += "(" }
        defer { if bracket { output += ")" } }

        guard case .binary = node else {
            printNonBinary(node, into: &output)
            return
        }
        // Collect the left spine while each left child can be printed without brackets.
        var spine: [(BinaryOperator, ExpressionNode)] = []
        var current = node
        while case .binary(let op, let left, let right) = current {
            spine.append((op, right))
            current = left
            let isComparison = op.precedence == Precedence.comparison
            let leftMinimum = isComparison ? op.precedence + 1 : op.precedence
            guard case .binary = left, left.precedence >= leftMinimum else { break }
        }
        let (innermostOp, _) = spine[spine.count - 1]
        let innermostIsComparison = innermostOp.precedence == Precedence.comparison
        print(current, minimum: innermostOp.precedence + (innermostIsComparison ? 1 : 0), into: &output)
        for (op, right) in spine.reversed() {
            output += " \(op.rawValue) "
            print(right, minimum: op.precedence + 1, into: &output)
        }
    }

    private static func printNonBinary(_ node: ExpressionNode, into output: inout String) {
        switch node {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value): output += value.description
        case .string(let value): output += quoted(value)
        case .variable(let path): output += path.joined(separator: ".")
        case .list(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                print(item, minimum: Precedence.lowest, into: &output)
            }
            output += "]"
        case .member:
            // Member chains (`f(x).a.b.c…`) are followed in a loop: they can be as long as the source.
            var names: [String] = []
            var base = node
            while case .member(let inner, let name) = base {
                names.append(name)
                base = inner
            }
            // A plain path must be bracketed: `a.b` would parse back as the single path ["a", "b"].
            if case .variable = base {
                output += "("
                print(base, minimum: Precedence.lowest, into: &output)
                output += ")"
            } else {
                print(base, minimum: Precedence.postfix, into: &output)
            }
            for name in names.reversed() { output += "." + name }
        case .unary(.not, let operand):
            output += "not "
            print(operand, minimum: Precedence.not, into: &output)
        case .unary(.negate, let operand):
            output += "-"
            print(operand, minimum: Precedence.negate, into: &output)
        case .call(let function, let arguments):
            output += function.rawValue + "("
            for (index, argument) in arguments.enumerated() {
                if index > 0 { output += ", " }
                print(argument, minimum: Precedence.lowest, into: &output)
            }
            output += ")"
        case .binary:
            preconditionFailure("binary nodes are printed by print(_:minimum:into:)")
        }
    }

    /// A single-quoted literal with `\` and `'` escaped.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for character in text {
            if character == "\\" || character == "'" { result.append("\\") }
            result.append(character)
        }
        return result + "'"
    }
}
