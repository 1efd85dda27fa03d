import Foundation
import SportelloCore
import Testing

/// Prints every operator application in brackets, so a test states the tree shape unambiguously.
func fullyBracketed(_ node: ExpressionNode) -> String {
    switch node {
    case .binary(let op, let left, let right): "(\(fullyBracketed(left)) \(op.rawValue) \(fullyBracketed(right)))"
    case .unary(.not, let operand): "(not \(fullyBracketed(operand)))"
    case .unary(.negate, let operand): "(-\(fullyBracketed(operand)))"
    case .member(let base, let name): "{\(fullyBracketed(base))}.\(name)"
    case .call(let function, let arguments): "\(function.rawValue)(\(arguments.map(fullyBracketed).joined(separator: ", ")))"
    case .list(let items): "[\(items.map(fullyBracketed).joined(separator: ", "))]"
    default: node.description
    }
}

@Suite("Expression parsing")
struct ExpressionParserTests {
    @Test(
        "Operators bind by the precedence table and group from the left",
        arguments: [
            ("a or b and c", "(a or (b and c))"),
            ("a and b or c", "((a and b) or c)"),
            ("a or b or c", "((a or b) or c)"),
            ("a and b and c", "((a and b) and c)"),
            ("a and not b or c", "((a and (not b)) or c)"),
            ("not a and b", "((not a) and b)"),
            ("not a = b", "(not (a = b))"),
            ("not not a", "(not (not a))"),
            ("not a in b", "(not (a in b))"),
            ("a = b and c != d", "((a = b) and (c != d))"),
            ("a in b or c", "((a in b) or c)"),
            ("a not in b and c", "((a not in b) and c)"),
            ("a < b + c", "(a < (b + c))"),
            ("a + 1 >= b * 2", "((a + 1) >= (b * 2))"),
            ("a + 1 in b", "((a + 1) in b)"),
            ("a + b * c", "(a + (b * c))"),
            ("a * b + c", "((a * b) + c)"),
            ("a - b - c", "((a - b) - c)"),
            ("a - b + c", "((a - b) + c)"),
            ("a / b / c", "((a / b) / c)"),
            ("a % b * c", "((a % b) * c)"),
            ("a * b % c / d", "(((a * b) % c) / d)"),
            ("-a * b", "((-a) * b)"),
            ("a * -b", "(a * (-b))"),
            ("- -a", "(-(-a))"),
            ("-a.b", "(-a.b)"),
            ("-len(a)", "(-len(a))"),
            ("(a or b) and c", "((a or b) and c)"),
            ("a - (b - c)", "(a - (b - c))"),
            ("len(a + b) * 2", "(len((a + b)) * 2)"),
            ("[a + 1, b or c]", "[(a + 1), (b or c)]"),
            ("a == b", "(a = b)"),
            ("a <> b", "(a != b)"),
            ("(a).b", "{a}.b"),
            ("if(x, y, z).name.code", "{{if(x, y, z)}.name}.code"),
        ])
    func precedenceTable(source: String, shape: String) throws {
        #expect(fullyBracketed(try Expression.parse(source).root) == shape)
    }

    @Test("A dotted name is one field path, not member access")
    func dottedPathsAreVariables() throws {
        #expect(try Expression.parse("residence.municipality.code").root == .variable(["residence", "municipality", "code"]))
        #expect(try Expression.parse("form.in.not").root == .variable(["form", "in", "not"]))
        #expect(try Expression.parse("(a).b").root == .member(.variable(["a"]), "b"))
    }

    @Test("Literals parse to their values")
    func literals() throws {
        #expect(try Expression.parse("12").root == .number(12))
        #expect(try Expression.parse("3.50").root == .number(Decimal(string: "3.5")!))
        #expect(try Expression.parse("'it\\'s'").root == .string("it's"))
        #expect(try Expression.parse("\"say \\\"hi\\\"\"").root == .string("say \"hi\""))
        #expect(try Expression.parse("'a\\\\b'").root == .string("a\\b"))
        #expect(try Expression.parse("\"it's\"").root == .string("it's"))
        #expect(try Expression.parse("'line\nbreak'").root == .string("line\nbreak"))
        #expect(try Expression.parse("TRUE").root == .bool(true))
        #expect(try Expression.parse("False").root == .bool(false))
        #expect(try Expression.parse("NULL").root == .null)
        #expect(try Expression.parse("['A', 'B']").root == .list([.string("A"), .string("B")]))
        #expect(try Expression.parse("date('2025-01-31')").root == .call(.date, [.string("2025-01-31")]))
    }

    @Test(
        "Printing gives canonical source that parses back to the same tree",
        arguments: [
            ("a+b*c", "a + b * c"), ("(a + b) * c", "(a + b) * c"), ("a - (b - c)", "a - (b - c)"),
            ("(a - b) - c", "a - b - c"), ("NOT (A AND B)", "not (A and B)"), ("x == 1 OR y <> 2", "x = 1 or y != 2"),
            ("\"it's\"", "'it\\'s'"), ("(a < b) = c", "(a < b) = c"), ("not (a = b)", "not a = b"),
            ("-(a + 1)", "-(a + 1)"), ("(-a).b", "(-a).b"), ("(a).b", "(a).b"), ("IF(x, 1, 2)", "if(x, 1, 2)"),
            ("[ 1,2 ]", "[1, 2]"), ("3.50", "3.5"), ("x NOT IN ['a']", "x not in ['a']"),
            ("(a or b) and (c or d)", "(a or b) and (c or d)"), ("a or (b or c)", "a or (b or c)"),
            ("(not a) in b", "(not a) in b"), ("- (-a)", "--a"), ("a * (b / c)", "a * (b / c)"),
            ("(a.b).c", "(a.b).c"), ("'a'.b", "'a'.b"), ("(1 + 2).x.y", "(1 + 2).x.y"),
        ])
    func canonicalPrinting(source: String, canonical: String) throws {
        let expression = try Expression.parse(source)
        #expect(expression.description == canonical)
        #expect(expression.source == source)
        #expect(try Expression.parse(canonical) == expression)
    }

    @Test(
        "Malformed expressions are reported with a clear message and exact position",
        arguments: [
            ("", "the expression is empty", 0, 1, 1),
            ("   ", "the expression is empty", 0, 1, 1),
            ("age >= ", "unexpected end of expression", 7, 1, 8),
            ("(a + b", "expected ')' to close '(' opened at column 1", 6, 1, 7),
            ("count(household, (a or b)", "expected ')' to close '(' opened at column 6", 25, 1, 26),
            ("x in [1, 2", "expected ']' to close '[' opened at column 6", 10, 1, 11),
            ("name = 'Mario", "unterminated string: add the closing '", 7, 1, 8),
            ("x = 'a' + \"b", "unterminated string: add the closing \"", 10, 1, 11),
            ("agee(birthDate) > 18", "unknown function 'agee', did you mean 'age'?", 0, 1, 1),
            ("x > 1 and coutn(x)", "unknown function 'coutn', did you mean 'count'?", 10, 1, 11),
            ("x > 1 and fooBar(x)", "unknown function 'fooBar'", 10, 1, 11),
            ("days(a)", "'days' takes 2 arguments, got 1", 0, 1, 1),
            ("x or today(1)", "'today' takes no arguments, got 1", 5, 1, 6),
            ("round(1, 2, 3)", "'round' takes 1 or 2 arguments, got 3", 0, 1, 1),
            ("min()", "'min' takes at least 1 argument, got 0", 0, 1, 1),
            ("if(a, b)", "'if' takes 3 arguments, got 2", 0, 1, 1),
            ("a + * b", "unexpected '*'", 4, 1, 5),
            ("len(1,)", "unexpected ')'", 6, 1, 7),
            ("a b", "unexpected 'b': expected an operator or the end of the expression", 2, 1, 3),
            ("a 12", "unexpected '12': expected an operator or the end of the expression", 2, 1, 3),
            ("a)", "')' has no matching opening bracket", 1, 1, 2),
            ("a && b", "'&&' is not an operator here: write 'and'", 2, 1, 3),
            ("a || b", "'||' is not an operator here: write 'or'", 2, 1, 3),
            ("a ! b", "'!' is not an operator here: write 'not', or '!=' for 'different from'", 2, 1, 3),
            ("1 < x < 5", "comparisons can't be chained: join them with 'and', as in 1 < x and x < 5", 6, 1, 7),
            ("x not 5", "expected 'in' after 'not' (as in: x not in ['A', 'B'])", 6, 1, 7),
            ("a = not b", "unexpected 'not': put what it negates in brackets, as in x = (not y)", 4, 1, 5),
            ("'C:\\temp'", "unknown escape '\\t' in text: only \\\\, \\' and \\\" are allowed", 3, 1, 4),
            ("applicant.", "expected a field name after '.'", 10, 1, 11),
            ("a.b(1)", "'a.b' is not a function: only built-in functions can be called", 0, 1, 1),
            ("date('2025-02-30')", "'2025-02-30' is not a valid date: write it as yyyy-mm-dd, e.g. date('2025-01-31')", 5, 1, 6),
            ("x = 3,50", "unexpected ',': write decimals with a point, as in 3.50", 5, 1, 6),
            ("a, b", "unexpected ',' outside a list or a function call", 1, 1, 2),
            ("12abc + 1", "'12abc' is not a valid number", 0, 1, 1),
            ("1.", "expected digits after the decimal point", 2, 1, 3),
            ("'città' = @", "unexpected character '@'", 10, 1, 11),
            ("città = 1", "unexpected character 'à'", 4, 1, 5),
            ("a = 1 and\n  (b or\n   c", "expected ')' to close '(' opened at line 2, column 3", 22, 3, 5),
            ("x >\n  ", "unexpected end of expression", 6, 2, 3),
        ])
    func parseErrors(source: String, message: String, offset: Int, line: Int, column: Int) {
        #expect(throws: ExpressionParseError(message: message, offset: offset, line: line, column: column)) {
            try Expression.parse(source)
        }
    }

    @Test("A parse error describes itself with its line and column")
    func parseErrorDescription() {
        let error = ExpressionParseError(message: "unexpected end of expression", offset: 7, line: 1, column: 8)
        #expect(error.description == "line 1, column 8: unexpected end of expression")
    }

    @Test("Function names are checked case-insensitively and printed in lower case")
    func functionNamesAreCaseInsensitive() throws {
        #expect(try Expression.parse("COUNT(household)").root == .call(.count, [.variable(["household"])]))
        #expect(try Expression.parse("Age(x) > 1").description == "age(x) > 1")
    }

    @Test("Expressions with the same tree are equal whatever their spacing")
    func equalityIgnoresLayout() throws {
        #expect(try Expression.parse("a>1 AND b==2") == Expression.parse("a > 1 and b = 2"))
        #expect(try Expression.parse("a > 1") != Expression.parse("A > 1"))
        #expect(try Expression.parse("a - b - c") != Expression.parse("a - (b - c)"))
    }
}

@Suite("Expression limits")
struct ExpressionLimitTests {
    @Test("64 levels of brackets are accepted and a 65th is refused where it opens")
    func bracketDepth() throws {
        let accepted = String(repeating: "(", count: 64) + "1" + String(repeating: ")", count: 64)
        #expect(try Expression.parse(accepted).evaluate(in: ExpressionFixture.context()) == 1)
        let refused = "(" + accepted + ")"
        #expect(
            throws: ExpressionParseError(
                message:
                    "the expression is nested too deeply (more than 64 levels of brackets, functions, 'not' or '-')",
                offset: 64, line: 1, column: 65)
        ) { try Expression.parse(refused) }
    }

    @Test(
        "Every kind of nesting counts towards the limit",
        arguments: [
            (String(repeating: "not ", count: 65) + "x", 256),
            (String(repeating: "-", count: 65) + "1", 64),
            (String(repeating: "abs(", count: 65) + "1" + String(repeating: ")", count: 65), 259),
            (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), 64),
            (String(repeating: "abs([", count: 33) + String(repeating: "])", count: 33), 163),
        ])
    func everyNestingCounts(source: String, offset: Int) {
        let error = #expect(throws: ExpressionParseError.self) { try Expression.parse(source) }
        #expect(error?.offset == offset)
        #expect(error?.message.hasPrefix("the expression is nested too deeply") == true)
    }

    @Test("4,000 characters are accepted and one more is refused")
    func sourceLength() throws {
        let longest = "1" + String(repeating: "+1", count: 1999) + " "
        #expect(longest.count == 4000)
        #expect(try Expression.parse(longest).evaluate(in: ExpressionFixture.context()) == 2000)
        #expect(
            throws: ExpressionParseError(
                message: "the expression is too long: at most 4000 characters are allowed", offset: 4000, line: 1,
                column: 4001)
        ) { try Expression.parse(longest + "1") }
        // A huge string is refused without being read whole.
        #expect(throws: ExpressionParseError.self) { try Expression.parse(String(repeating: "a", count: 5_000_000)) }
    }

    @Test("Long operator and field chains, which are deep trees without nesting, are handled without deep recursion")
    func longChainsDoNotRecurse() throws {
        let context = ExpressionFixture.context()
        let sum = try Expression.parse("1" + String(repeating: " - 1", count: 999))
        #expect(try sum.evaluate(in: context) == -998)
        #expect(try Expression.parse(sum.description) == sum)

        let logic = try Expression.parse("true" + String(repeating: " and true", count: 440))
        #expect(logic.isTrue(in: context))

        let members = try Expression.parse("(a)" + String(repeating: ".b", count: 1998))
        #expect(try members.evaluate(in: context) == .null)
        #expect(try Expression.parse(members.description) == members)
        #expect(members.referencedPaths == [["a"]])
    }

    @Test("Nested list functions over long lists stop with an error instead of running for minutes")
    func evaluationStepBudget() throws {
        let values: [String: Value] = ["l": .list(Array(repeating: 1, count: 200))]
        let context = EvaluationContext(scope: DictionaryScope(values), today: ExpressionFixture.today)
        #expect(try Expression.parse("count(l, count(l, true) > 0)").evaluate(in: context) == 200)
        #expect(
            throws: ExpressionEvaluationError(
                message: "the expression takes too long to evaluate (nested list functions over long lists?)")
        ) { try Expression.parse("count(l, count(l, count(l, true) > 0) > 0)").evaluate(in: context) }
    }

    @Test("FormExpression names the type unambiguously in files that also import Foundation")
    func unambiguousName() throws {
        let rules: [FormExpression] = [try FormExpression.parse("a = 1")]
        #expect(rules[0] == (try Expression.parse("a = 1")))
    }
}

@Suite("Expression referenced paths")
struct ExpressionReferencedPathTests {
    @Test(
        "Every field path read is reported, except names inside per-item arguments",
        arguments: [
            (
                "age(applicant.birthDate) >= 18 and residence.municipality.code = 'H501'",
                [["applicant", "birthDate"], ["residence", "municipality", "code"]]
            ),
            ("count(household, relation = 'figlio' and age(birthDate) < 18) >= 2", [["household"]]),
            ("sum(household, income) + applicant.income", [["household"], ["applicant", "income"]]),
            ("sum(filter(household, income > threshold), income)", [["household"]]),
            ("count(household)", [["household"]]),
            ("if(x, y.z, [w, 1])", [["x"], ["y", "z"], ["w"]]),
            ("(a).b + -c > 0 or not d", [["a"], ["c"], ["d"]]),
            ("a + a + a.b", [["a"], ["a", "b"]]),
            ("1 + 2 = today()", []),
        ] as [(String, Set<[String]>)])
    func referencedPaths(source: String, paths: Set<[String]>) throws {
        #expect(try Expression.parse(source).referencedPaths == paths)
    }
}
