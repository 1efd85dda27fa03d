import Foundation
import SportelloCore
import Testing

@Suite("Expression functions")
struct ExpressionFunctionTests {
    typealias F = ExpressionFixture

    @Test(
        "Date functions",
        arguments: [
            ("today()", Value.date(F.today)), ("TODAY() = date('2025-06-15')", true),
            ("date('2025-01-31')", .date(F.date("2025-01-31"))), ("date(' 2025-01-31 ')", .date(F.date("2025-01-31"))),
            ("date(text)", .null), ("date(applicant.name)", .null), ("date(nothing)", .null),
            ("date(day)", .date(F.date("2025-01-31"))),
            ("date('2024-02-29')", .date(F.date("2024-02-29"))),
            ("year(day)", 2025), ("month(day)", 1), ("day(day)", 31), ("year(nothing)", .null),
            ("days(date('2024-12-31'), date('2025-01-01'))", 1), ("days(date('2025-01-01'), date('2024-12-31'))", -1),
            ("days(date('2023-01-01'), date('2025-01-01'))", 731), ("days(date('2024-02-28'), date('2024-03-01'))", 2),
            ("days(date('2023-02-28'), date('2023-03-01'))", 1), ("days(day, nothing)", .null),
            ("days(date('1900-01-01'), date('2000-01-01'))", 36524),
        ] as [(String, Value)])
    func dateFunctions(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test(
        "Age counts completed years, changing exactly on the birthday",
        arguments: [
            ("age(date('2007-06-15'))", 18), ("age(date('2007-06-16'))", 17), ("age(date('2007-06-14'))", 18),
            ("age(date('2000-03-10'), date('2025-03-09'))", 24), ("age(date('2000-03-10'), date('2025-03-10'))", 25),
            ("age(date('2000-03-10'), date('2025-03-11'))", 25), ("age(date('2000-12-31'), date('2001-12-30'))", 0),
            ("age(date('2000-12-31'), date('2001-12-31'))", 1), ("age(date('2025-06-15'))", 0),
            ("age(nothing)", .null), ("age(day, nothing)", .null), ("age(date('2026-01-01'))", -1),
        ] as [(String, Value)])
    func ageAroundBirthdays(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test(
        "Someone born on 29 February turns a year older on 1 March in non-leap years and on 29 February in leap years",
        arguments: [
            ("2025-02-28", 24), ("2025-03-01", 25), ("2024-02-28", 23), ("2024-02-29", 24), ("2024-03-01", 24),
            ("2100-02-28", 99), ("2100-03-01", 100),
        ])
    func leapDayBirthdays(onDate: String, expected: Int) throws {
        #expect(try F.evaluate("age(date('2000-02-29'), date('\(onDate)'))") == .number(Decimal(expected)))
    }

    @Test(
        "Text functions",
        arguments: [
            ("len(text)", Value(3)), ("len('città')", 5), ("len(tags)", 2), ("len(noItems)", 0), ("len(emptyText)", 0),
            ("len(nothing)", .null),
            ("empty(nothing)", true), ("empty(missing)", true), ("empty(emptyText)", true), ("empty(blank)", true),
            ("empty(noItems)", true), ("empty(text)", false), ("empty(tags)", false), ("empty(0)", false),
            ("empty(off)", false), ("empty(day)", false),
            ("lower('ÀbC')", "àbc"), ("upper('àbc')", "ÀBC"), ("trim(applicant.email)", "Maria.Rossi@Example.it"),
            ("trim(nothing)", .null), ("lower(nothing)", .null),
            ("contains(text, 'bc')", true), ("contains(text, 'BC')", false), ("contains(text, '')", true),
            ("contains(tags, 'A')", true), ("contains(tags, 'Z')", false), ("contains(nothing, 'a')", false),
            ("contains(text, nothing)", false),
            ("contains(lower(trim(applicant.email)), '@example.it')", true),
        ] as [(String, Value)])
    func textFunctions(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test(
        "Number functions",
        arguments: [
            ("round(2.345, 2)", "2.35"), ("round(2.344, 2)", "2.34"), ("round(-2.345, 2)", "-2.35"), ("round(2.5)", "3"),
            ("round(-2.5)", "-3"), ("round(2.4999)", "2"), ("round(1234.5678, 1)", "1234.6"), ("round(1250, -2)", "1300"),
            ("round(0.125, 2)", "0.13"), ("round(1 / 3, 4)", "0.3333"), ("round(7, 2)", "7"),
            ("abs(negative)", "3"), ("abs(2.5)", "2.5"), ("abs(0)", "0"),
            ("min(3, 1, 2)", "1"), ("max(3, 1, 2)", "3"), ("min(numbers)", "1"), ("max(numbers)", "3"), ("min(5)", "5"),
            ("min(3, nothing, 2)", "2"), ("max(nothing, 4)", "4"), ("max(-1, -2.5)", "-1"),
            ("number('1.234,56')", "1234.56"), ("number('1 234')", "1234"), ("number('60.000')", "60000"),
            ("number('1234.56')", "1234.56"), ("number('1234,56')", "1234.56"),
            ("number('1,234.56')", "1234.56"), ("number('1.234.567')", "1234567"), ("number('1.234.567,8')", "1234567.8"),
            ("number(' -12,5 ')", "-12.5"), ("number('+3')", "3"), ("number('0,05')", "0.05"), ("number('1.5')", "1.5"),
            ("number('007')", "7"), ("number(42)", "42"),
        ])
    func numberFunctions(source: String, expected: String) throws {
        #expect(try F.evaluate(source) == F.number(expected))
    }

    @Test(
        "number() gives null for text that isn't a number",
        arguments: [
            "number('')", "number('abc')", "number('12a')", "number('1.2.3,4,5')", "number('1,23.456,7')",
            "number('12.34.5')", "number('1,,2')", "number('.5')", "number('5.')", "number('--1')",
            "number('1e5')", "number(nothing)", "number('١٢')", "number('1234.567,89')",
            "number('123456789012345678901234567890123456789')",
        ])
    func numberOfNonNumbersIsNull(source: String) throws {
        #expect(try F.evaluate(source) == .null)
    }

    @Test(
        "min and max compare texts and dates too, skipping nulls",
        arguments: [
            ("min('b', 'a', 'c')", Value("a")), ("max(day, date('2024-01-01'))", .date(F.date("2025-01-31"))),
            ("min(nothing, nothing)", .null), ("max(noItems)", .null),
        ] as [(String, Value)])
    func minAndMaxOfOtherKinds(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test(
        "if picks a branch and evaluates only that one",
        arguments: [
            ("if(flag, 'yes', 'no')", Value("yes")), ("if(off, 'yes', 'no')", "no"), ("if(nothing, 'yes', 'no')", "no"),
            ("if(flag, 1, 'a' * 2)", 1), ("if(empty(applicant.iban), 'cash', 'transfer')", "cash"),
        ] as [(String, Value)])
    func ifFunction(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test(
        "Functions given the wrong kind of value say what they need",
        arguments: [
            ("year('2025-01-31')", "'year' needs a date, got a text: turn text into a date with date('2025-01-31')"),
            ("age(18)", "'age' needs a date, got a number"),
            ("days(day, 3)", "'days' needs a date, got a number"),
            ("date(5)", "'date' needs a text like '2025-01-31', got a number"),
            ("len(5)", "'len' needs a text or a list, got a number"),
            ("upper(5)", "'upper' needs a text, got a number"),
            ("round('a')", "'round' needs a number, got a text"),
            ("round(1.5, 0.5)", "'round' needs a whole number of digits from -38 to 38, got 0.5"),
            ("round(1.5, 99)", "'round' needs a whole number of digits from -38 to 38, got 99"),
            ("abs(day)", "'abs' needs a number, got a date"),
            ("number(flag)", "'number' needs a text, got a true/false value"),
            ("min(1, 'a')", "'min' can't compare a text with a number"),
            ("max(flag, off)", "'max' works on numbers, texts or dates, got a true/false value"),
            ("contains(5, 'a')", "'contains' needs a list or a text to look in, got a number"),
            ("contains(text, 5)", "'contains' can only look for a text inside a text, got a number"),
        ])
    func functionKindErrors(source: String, message: String) throws {
        #expect(try F.evaluationError(source) == message)
    }
}

@Suite("Expression list functions")
struct ExpressionListFunctionTests {
    typealias F = ExpressionFixture

    @Test(
        "List functions over a household",
        arguments: [
            ("count(household)", Value(6)),
            ("count(household, relation = 'figlio')", 3),
            ("count(household, relation = 'figlio' and age(birthDate) < 18)", 2),
            ("count(household, relation = 'figlio' and age(birthDate) < 18) >= 2", true),
            ("count(household, disabled) > 0", true),
            ("count(household, income = null)", 2),
            ("sum(household, income)", .number(ExpressionFixture.decimal("49200.50"))),
            ("sum(household, income) + applicant.income", .number(ExpressionFixture.decimal("70200.50"))),
            ("sum(household, if(disabled, 1, 0))", 2),
            ("any(household, age(birthDate) >= 80)", true),
            ("any(household, age(birthDate) >= 90)", false),
            ("all(household, birthDate < today())", true),
            ("all(household, income > 0)", false),
            ("count(filter(household, relation = 'figlio'))", 3),
            ("sum(filter(household, age(birthDate) >= 18), income)", .number(ExpressionFixture.decimal("49200.50"))),
            ("len(filter(household, name in ['Maria', 'Rosa']))", 2),
            ("count(filter(household, disabled))", 2),
            ("sum(numbers)", 6),
            ("sum(numbers, item * 2)", 12),
            ("count(numbers, item > 1)", 2),
            ("filter(tags, item != 'A')", ["B"]),
            ("any(tags, item = 'B')", true),
            ("count(household, item.relation = 'figlio')", 3),
        ] as [(String, Value)])
    func householdExamples(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test(
        "An unanswered or empty list counts as empty",
        arguments: [
            ("count(missing)", Value(0)), ("count(missing, x)", 0), ("sum(missing, income)", 0), ("sum(noItems)", 0),
            ("any(missing, x)", false), ("all(missing, x)", true), ("all(noItems, 'never evaluated')", true),
            ("filter(missing, x)", []),
        ] as [(String, Value)])
    func missingListIsEmpty(source: String, expected: Value) throws {
        #expect(try F.evaluate(source) == expected)
    }

    @Test("Item fields hide form fields with the same name, even on items that lack them")
    func itemScoping() throws {
        let values: [String: Value] = [
            "income": 1_000_000, "threshold": 10_000,
            "members": [["income": 5000], ["income": 20000], ["name": "no income declared"]],
        ]
        #expect(try F.evaluate("sum(members, income)", values) == 25000)
        #expect(try F.evaluate("count(members, income > threshold)", values) == 1)
        #expect(try F.evaluate("count(members, income = null)", values) == 1)
        #expect(try F.evaluate("count(members, name = null)", values) == 2)
        #expect(try F.evaluate("income", values) == 1_000_000)
    }

    @Test("Nested list functions see the inner item first and the outer item's fields next")
    func nestedListFunctions() throws {
        let values: [String: Value] = [
            "families": [
                ["surname": "Rossi", "children": [["age": 3], ["age": 12]]],
                ["surname": "Bianchi", "children": [["age": 15]]],
                ["surname": "Verdi"],
            ]
        ]
        #expect(try F.evaluate("count(families, any(children, age < 6))", values) == 1)
        #expect(try F.evaluate("sum(families, count(children))", values) == 3)
        #expect(try F.evaluate("count(families, any(children, surname = 'Rossi'))", values) == 1)
        #expect(try F.evaluate("sum(families, sum(children, item.age))", values) == 30)
    }

    @Test(
        "List functions report what they need",
        arguments: [
            ("count(n)", "'count' needs a list, got a number"),
            ("count(household, income)", "the condition of 'count' needs true or false, got a number"),
            ("sum(household, name)", "'sum' can only add up numbers, got a text"),
            ("sum(tags)", "'sum' can only add up numbers, got a text"),
            ("any(household, name)", "the condition of 'any' needs true or false, got a text"),
            ("filter(text, true)", "'filter' needs a list, got a text"),
        ])
    func listFunctionErrors(source: String, message: String) throws {
        #expect(try F.evaluationError(source) == message)
    }

    @Test("A failing item expression does not leave its item visible to the rest of the expression")
    func itemScopeIsRestoredAfterErrors() throws {
        let values: [String: Value] = ["name": "form", "people": [["name": "item"]]]
        let expression = try Expression.parse("name")
        _ = try? Expression.parse("count(people, name * 2)").evaluate(in: F.context(values))
        #expect(try expression.evaluate(in: F.context(values)) == "form")
        #expect(try F.evaluate("if(any(people, name = 'item'), name, 'x')", values) == "form")
    }
}
