import Foundation
import SportelloCore
import Testing

/// Shared fixture: a family applying for a benefit, evaluated on a fixed "today".
enum ExpressionFixture {
    static let today = date("2025-06-15")

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    static func number(_ text: String) -> Value { .number(decimal(text)) }

    static let household: Value = [
        [
            "name": "Maria", "relation": "richiedente", "birthDate": .date(date("1980-03-10")), "income": number("21000.50"),
            "disabled": false,
        ],
        ["name": "Luca", "relation": "coniuge", "birthDate": .date(date("1978-11-02")), "income": 18000, "disabled": false],
        // 15 today.
        ["name": "Giulia", "relation": "figlio", "birthDate": .date(date("2010-06-15")), "disabled": false],
        // 17 tomorrow, so 16 today.
        ["name": "Marco", "relation": "figlio", "birthDate": .date(date("2008-06-16")), "income": .null, "disabled": true],
        // 18 today: no longer a minor.
        ["name": "Sofia", "relation": "figlio", "birthDate": .date(date("2007-06-15")), "income": 1200, "disabled": false],
        ["name": "Rosa", "relation": "altro", "birthDate": .date(date("1944-02-29")), "income": 9000, "disabled": true],
    ]

    static let values: [String: Value] = [
        "applicant": [
            "name": "Maria", "age": 45, "birthDate": .date(date("1980-03-10")), "income": 21000,
            "email": "  Maria.Rossi@Example.it ",
        ],
        "residence": ["municipality": ["code": "H501", "name": "Roma"]],
        "household": household,
        "reduced": true,
        "n": 7, "half": number("0.5"), "zero": 0, "negative": -3,
        "text": "abc", "blank": "   ", "emptyText": "",
        "flag": true, "off": false,
        "day": .date(date("2025-01-31")),
        "tags": ["A", "B"], "numbers": [3, 1, 2], "noItems": [],
        "nothing": .null,
    ]

    static func context(_ values: [String: Value] = values) -> EvaluationContext {
        EvaluationContext(scope: DictionaryScope(values), today: today)
    }

    static func evaluate(_ source: String, _ values: [String: Value] = values) throws -> Value {
        try Expression.parse(source).evaluate(in: context(values))
    }

    /// The evaluation error message, or nil if evaluation succeeded.
    static func evaluationError(_ source: String) throws -> String? {
        let expression = try Expression.parse(source)
        do {
            _ = try expression.evaluate(in: context())
            return nil
        } catch {
            return error.message
        }
    }
}

@Suite("Expression evaluation: operators")
struct ExpressionEvaluationTests {
    typealias F = ExpressionFixture

    @Test(
        "Arithmetic on numbers is exact decimal arithmetic",
        arguments: [
            ("1 + 2", "3"), ("0.1 + 0.2", "0.3"), ("10 - 2.5", "7.5"), ("3 * 1.5", "4.5"), ("7 / 2", "3.5"),
            ("7 % 3", "1"), ("-7 % 3", "-1"), ("7.5 % 2", "1.5"), ("-n", "-7"), ("- -n", "7"), ("negative * negative", "9"),
            ("1 / 4 * 4", "1"), ("12.50 * 3", "37.5"), ("100 - 0.01", "99.99"),
        ])
    func arithmeticOnNumbers(source: String, expected: String) throws {
        #expect(try F.evaluate(source) == F.number(expected))
    }

    @Test("Division and remainder by zero give null", arguments: ["1 / 0", "n / zero", "5 % 0", "n % zero", "0 / 0"])
    func divisionByZeroIsNull(source: String) throws {
        #expect(try F.evaluate(source) == .null)
    }

    @Test(
        "Any arithmetic involving null gives null",
        arguments: [
            "nothing + 1", "1 + nothing", "nothing - 1", "nothing * 2", "2 / nothing", "nothing % 2", "-nothing",
            "'a' + nothing", "nothing + 'a'", "day + nothing", "day - nothing", "missing.field * 3", "null + null",
        ])
    func arithmeticWithNullIsNull(source: String) throws {
        #expect(try F.evaluate(source) == .null)
    }

    @Test(
        "Plus joins texts, and numbers joined to texts are written plainly",
        arguments: [
            ("'ab' + 'cd'", "abcd"), ("'n = ' + n", "n = 7"), ("n + ' days'", "7 days"), ("'' + 1.50", "1.5"),
            ("'x' + -3", "x-3"), ("applicant.name + ' ' + residence.municipality.name", "Maria Roma"),
        ])
    func plusJoinsTexts(source: String, expected: String) throws {
        #expect(try F.evaluate(source) == .string(expected))
    }

    @Test(
        "Dates move by whole days and subtract to a number of days",
        arguments: [
            ("day + 1", Value.date(F.date("2025-02-01"))), ("1 + day", .date(F.date("2025-02-01"))),
            ("day - 31", .date(F.date("2024-12-31"))), ("day + 365", .date(F.date("2026-01-31"))),
            ("date('2024-02-28') + 1", .date(F.date("2024-02-29"))), ("date('2023-02-28') + 1", .date(F.date("2023-03-01"))),
            ("day - date('2025-01-01')", 30), ("date('2025-01-01') - day", -30),
            ("date('2025-01-01') - date('2024-01-01')", 366), ("date('2026-01-01') - date('2025-01-01')", 365),
        ] as [(String, Value)])
    func dateArithmetic(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test(
        "Arithmetic on the wrong kinds is an error that names them",
        arguments: [
            ("'a' * 2", "'*' can't multiply a text and a number"),
            ("flag + 1", "'+' can't add a true/false value and a number"),
            ("'a' - 'b'", "'-' can't subtract a text and a text"),
            ("day + day", "'+' can't add a date and a date"),
            ("tags + 1", "'+' can't add a list and a number"),
            ("n / 'x'", "'/' can't divide a number and a text"),
            ("n % flag", "'%' can't take the remainder of a number and a true/false value"),
            ("-'a'", "'-' needs a number, got a text"),
            ("day + 0.5", "only a whole number of days can be added to a date, not 0.5"),
            ("date('9999-12-31') + 1", "the date would fall outside the years 1 to 9999"),
            ("date('2025-01-01') - 1000000000", "the date would fall outside the years 1 to 9999"),
        ])
    func arithmeticTypeErrors(source: String, message: String) throws {
        #expect(try F.evaluationError(source) == message)
    }

    @Test(
        "Comparisons order numbers, texts (by code point) and dates",
        arguments: [
            ("1 < 2", true), ("2 <= 2", true), ("3 > 2.99", true), ("2 >= 3", false), ("1.0 = 1", true), ("1.50 == 1.5", true),
            ("'a' < 'b'", true), ("'B' < 'a'", true), ("'abc' < 'abd'", true), ("'ab' < 'abc'", true), ("'é' > 'z'", true),
            ("'x' <= 'x'", true), ("day < date('2025-02-01')", true), ("day >= date('2025-01-31')", true),
            ("day > date('2025-01-31')", false), ("n != 7", false), ("n <> 8", true), ("'a' != 'A'", true),
            ("flag = true", true), ("flag != off", true), ("tags = ['A', 'B']", true), ("tags = ['B', 'A']", false),
            ("residence.municipality = residence.municipality", true),
        ])
    func comparisons(source: String, expected: Bool) throws {
        #expect(try F.evaluate(source) == .bool(expected))
    }

    @Test(
        "Equality between different kinds is false, and inequality true",
        arguments: [
            ("'7' = n", false), ("n = '7'", false), ("'2025-01-31' = day", false), ("flag = 1", false),
            ("tags = 'A'", false), ("'7' != n", true), ("1 != true", true),
        ])
    func equalityAcrossKinds(source: String, expected: Bool) throws {
        #expect(try F.evaluate(source) == .bool(expected))
    }

    @Test(
        "Ordering values of different kinds, or true/false values, is an error",
        arguments: [
            ("n < 'a'", "'<' can't compare a number with a text"),
            ("day > 3", "'>' can't compare a date with a number"),
            ("flag < off", "'<' can't order true/false values: use = or !="),
            ("tags <= tags", "'<=' can't compare a list with a list"),
        ])
    func orderingErrors(source: String, message: String) throws {
        #expect(try F.evaluationError(source) == message)
    }

    @Test(
        "Every comparison with a null value is false, including != and not in",
        arguments: [
            "nothing = 1", "1 = nothing", "nothing != 1", "1 <> nothing", "nothing < 1", "nothing <= 1", "nothing > 1",
            "nothing >= 1", "missing = missing", "missing != 1", "nothing in ['A']", "nothing not in ['A']",
            "'A' in nothing", "'A' not in nothing", "nothing < 'a'", "flag = nothing",
        ])
    func comparisonsWithNullAreFalse(source: String) throws {
        #expect(try F.evaluate(source) == .bool(false))
    }

    @Test(
        "Comparing with the word null tests whether there is an answer",
        arguments: [
            ("nothing = null", true), ("missing = null", true), ("null = missing", true), ("n = null", false),
            ("nothing != null", false), ("n != null", true), ("null <> n", true), ("emptyText = null", false),
            ("null = null", true), ("null != null", false), ("applicant.income != null", true),
            ("applicant.iban = null", true),
        ])
    func comparingWithNullTestsPresence(source: String, expected: Bool) throws {
        #expect(try F.evaluate(source) == .bool(expected))
    }

    @Test(
        "In and not in test list membership and parts of texts",
        arguments: [
            ("'A' in tags", true), ("'C' in tags", false), ("'C' not in tags", true), ("2 in numbers", true),
            ("2.0 in [1, 2]", true), ("'2' in [1, 2]", false), ("'b' in text", true), ("'abc' in text", true),
            ("'' in text", true), ("'B' in text", false), ("'x' not in text", true),
            ("residence.municipality.code in ['H501', 'F205']", true), ("n in []", false), ("n not in []", true),
            ("day in [date('2025-01-31')]", true), ("[1] in [[1], [2]]", true), ("'A' in noItems", false),
        ])
    func membership(source: String, expected: Bool) throws {
        #expect(try F.evaluate(source) == .bool(expected))
    }

    @Test(
        "In needs a list or a text on its right",
        arguments: [
            ("1 in 5", "'in' needs a list or a text to look in, got a number"),
            ("1 in text", "'in' can only look for a text inside a text, got a number"),
            ("'a' not in flag", "'not in' needs a list or a text to look in, got a true/false value"),
        ])
    func membershipErrors(source: String, message: String) throws {
        #expect(try F.evaluationError(source) == message)
    }

    @Test(
        "And, or and not treat null as false",
        arguments: [
            ("nothing and true", false), ("true and nothing", false), ("nothing or true", true), ("nothing or nothing", false),
            ("not nothing", true), ("not missing.flag", true), ("flag and reduced", true), ("flag and off", false),
            ("off or flag", true), ("off or off", false), ("not flag", false), ("not not flag", true),
        ])
    func logicTreatsNullAsFalse(source: String, expected: Bool) throws {
        #expect(try F.evaluate(source) == .bool(expected))
    }

    @Test(
        "And and or stop as soon as the result is known",
        arguments: [
            ("off and 'not a condition'", false), ("flag or 'not a condition'", true),
            ("nothing != null and nothing * 2 > 1", false), ("n = null or n > 3", true),
            ("off and missing.thing + 'x' > 3", false),
        ])
    func shortCircuit(source: String, expected: Bool) throws {
        #expect(try F.evaluate(source) == .bool(expected))
    }

    @Test(
        "A value that isn't true or false where a condition is needed is an error",
        arguments: [
            ("n and flag", "'and' needs true or false, got a number"),
            ("flag and 'yes'", "'and' needs true or false, got a text"),
            ("off or tags", "'or' needs true or false, got a list"),
            ("not 1", "'not' needs true or false, got a number"),
            ("if('x', 1, 2)", "the first argument of 'if' needs true or false, got a text"),
        ])
    func nonBooleanConditionIsAnError(source: String, message: String) throws {
        #expect(try F.evaluationError(source) == message)
    }

    @Test("Keywords and function names are read in any letter case")
    func keywordsAreCaseInsensitive() throws {
        #expect(try F.evaluate("flag AND Not off Or FALSE") == .bool(true))
        #expect(try F.evaluate("'C' NOT IN tags") == .bool(true))
        #expect(try F.evaluate("NULL = Null and TRUE = true") == .bool(true))
        #expect(try F.evaluate("LEN(text) + Len(tags)") == 5)
    }

    @Test("Fields are read along dotted paths, and unknown fields are null rather than errors")
    func fieldPaths() throws {
        #expect(try F.evaluate("applicant.age") == 45)
        #expect(try F.evaluate("residence.municipality.code") == "H501")
        #expect(try F.evaluate("residence.municipality") == ["code": "H501", "name": "Roma"])
        #expect(try F.evaluate("unknown") == .null)
        #expect(try F.evaluate("applicant.unknown") == .null)
        #expect(try F.evaluate("applicant.name.first") == .null)
        #expect(try F.evaluate("(residence.municipality).code") == "H501")
        #expect(try F.evaluate("if(flag, applicant, residence).name") == "Maria")
        #expect(try F.evaluate("(n).code") == .null)
        #expect(try F.evaluate("(nothing).code") == .null)
    }

    @Test("List literals evaluate their items")
    func listLiterals() throws {
        #expect(try F.evaluate("[1, n, 'x', [true]]") == [1, 7, "x", [true]])
        #expect(try F.evaluate("[]") == [])
    }

    @Test("isTrue is true only for true; null, other values and errors are false")
    func isTrueIsStrict() throws {
        let context = F.context()
        #expect(try Expression.parse("applicant.age >= 18 and reduced = true").isTrue(in: context))
        #expect(try !Expression.parse("nothing").isTrue(in: context))
        #expect(try !Expression.parse("n").isTrue(in: context))
        #expect(try !Expression.parse("'a' * 2 > 1").isTrue(in: context))
        #expect(try !Expression.parse("unknown > 3").isTrue(in: context))
    }

    @Test("Numbers whose scale would make Decimal trap are rounded instead of crashing the server")
    func tinyNumbersDoNotTrap() throws {
        let tiny = Value.number(F.decimal("1e-70"))
        #expect(try F.evaluate("x * x", ["x": tiny]) == 0)
        #expect(try F.evaluate("x * 1", ["x": tiny]) == 0)
        let huge = Value.number(F.decimal("1e100"))
        #expect(throws: ExpressionEvaluationError(message: "a number is too large")) {
            try F.evaluate("x * x", ["x": huge])
        }
        #expect(try F.evaluate("0.000000000000000000001 * 0.000000000000000000001") == F.number("1e-42"))
        #expect(try F.evaluate("x / 3", ["x": tiny]) == 0)
    }

    @Test("A custom scope is asked for whole paths, and unknown names become null")
    func customScope() throws {
        struct RecordingScope: ExpressionScope {
            func value(at path: [String]) -> Value? {
                path == ["a", "b"] ? 1 : nil
            }
        }
        let context = EvaluationContext(scope: RecordingScope(), today: F.today)
        #expect(try Expression.parse("a.b + 1").evaluate(in: context) == 2)
        #expect(try Expression.parse("a").evaluate(in: context) == .null)
    }
}
