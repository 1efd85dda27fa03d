// Needs the test-only dependency swift-property-based; without it this file compiles to nothing so
// the rest of the suite still builds.
#if canImport(PropertyBased)
    import Foundation
    import PropertyBased
    import SportelloCore
    import Testing

    /// Random syntax trees of the shapes the parser produces (non-negative number literals, valid
    /// identifiers, valid argument counts, valid date literals).
    enum RandomExpression {
        static let firstNames = ["a", "b1", "_x", "applicant", "Income", "count", "date", "item", "x_y_z", "household"]
        static let laterNames = firstNames + ["in", "Null", "AND", "code"]
        static let textPieces = ["a", "Z", " ", "'", "\"", "\\", "è", "😀", "\n", "0", "ab", "", "\\'"]

        static func node(depth: Int, using rng: inout some RandomNumberGenerator) -> ExpressionNode {
            if depth == 0 || Int.random(in: 0..<4, using: &rng) == 0 { return leaf(using: &rng) }
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:
                return .list((0..<Int.random(in: 0...3, using: &rng)).map { _ in node(depth: depth - 1, using: &rng) })
            case 1:
                return .member(node(depth: depth - 1, using: &rng), laterNames.randomElement(using: &rng)!)
            case 2:
                return .unary(UnaryOperator.allCases.randomElement(using: &rng)!, node(depth: depth - 1, using: &rng))
            case 3...6:
                return .binary(
                    BinaryOperator.allCases.randomElement(using: &rng)!, node(depth: depth - 1, using: &rng),
                    node(depth: depth - 1, using: &rng))
            default:
                let function = ExpressionFunction.allCases.randomElement(using: &rng)!
                if function == .date, Bool.random(using: &rng) {
                    let year = Int.random(in: 1...9999, using: &rng)
                    let day = LocalDate(
                        year: year, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
                    return .call(.date, [.string(day.iso)])
                }
                let count = argumentCount(function, using: &rng)
                let arguments = (0..<count).map { _ in
                    var argument = node(depth: depth - 1, using: &rng)
                    // date('…') with an invalid literal is a parse error by design.
                    if function == .date, case .string = argument { argument = .variable(["a"]) }
                    return argument
                }
                return .call(function, arguments)
            }
        }

        static func argumentCount(_ function: ExpressionFunction, using rng: inout some RandomNumberGenerator) -> Int {
            // The allowed counts are discovered through the parser's own arity check.
            let candidates = (0...4).filter { count in
                let source = "\(function.rawValue)(\(Array(repeating: "a", count: count).joined(separator: ", ")))"
                return (try? Expression.parse(source)) != nil
            }
            return candidates.randomElement(using: &rng)!
        }

        static func leaf(using rng: inout some RandomNumberGenerator) -> ExpressionNode {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2, 3: return .number(decimal(using: &rng, allowNegative: false))
            case 4:
                let pieces = (0..<Int.random(in: 0...4, using: &rng)).map { _ in textPieces.randomElement(using: &rng)! }
                return .string(pieces.joined())
            default:
                let length = Int.random(in: 1...3, using: &rng)
                let path =
                    [firstNames.randomElement(using: &rng)!]
                    + (1..<length).map { _ in laterNames.randomElement(using: &rng)! }
                return .variable(path)
            }
        }

        /// Up to 12 significant digits, between 1e-12 and 1e25: exact in `Decimal` and as a literal.
        static func decimal(using rng: inout some RandomNumberGenerator, allowNegative: Bool) -> Decimal {
            let significand = UInt64.random(in: 0...999_999_999_999, using: &rng)
            let exponent = Int.random(in: -12...13, using: &rng)
            let negative = allowNegative && Bool.random(using: &rng)
            return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
        }
    }

    @Suite("Expression properties")
    struct ExpressionPropertyTests {
        static let trees = Generator(run: { rng in RandomExpression.node(depth: 5, using: &rng) })
        static let decimals = Generator(run: { rng in RandomExpression.decimal(using: &rng, allowNegative: true) })
        static let logicValues = Generator(run: { rng in [Value.bool(true), .bool(false), .null].randomElement(using: &rng)! })

        @Test("Printing a random syntax tree and parsing it back gives the same tree")
        func printParseRoundTrip() async {
            await propertyCheck(count: 1000, input: Self.trees) { tree in
                let source = tree.description
                let parsed = try Expression.parse(source)
                #expect(parsed.root == tree, "source: \(source)")
                #expect(parsed.description == source)
            }
        }

        @Test("Evaluating any parseable expression either gives a value or reports an error; it never crashes")
        func evaluationIsTotal() async {
            let context = ExpressionFixture.context()
            await propertyCheck(count: 1000, input: Self.trees) { tree in
                let expression = try Expression.parse(tree.description)
                _ = try? expression.evaluate(in: context)
                _ = expression.isTrue(in: context)
                _ = expression.referencedPaths
            }
        }

        @Test("Parsing random text either succeeds or reports a position inside the text")
        func parseErrorsPointInsideTheSource() async {
            let pieces = [
                "a", "1", "2.5", "'x'", "\"y", "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "%", "=", "!=", "<", ">=",
                "and", "OR", "not", "in", "null", "true", "count(", "age(", "date(", "xyz(", " ", "\n", "\\", "&&", "è", "@",
            ]
            let texts = Gen.element(of: pieces).array(of: 0...12).map { $0.compactMap { $0 }.joined() }
            await propertyCheck(count: 2000, input: texts) { text in
                do {
                    _ = try Expression.parse(text)
                } catch let error as ExpressionParseError {
                    #expect((0...text.count).contains(error.offset), "\(error) in \(text.debugDescription)")
                    #expect(error.line >= 1 && error.column >= 1)
                    #expect(!error.message.isEmpty)
                }
            }
        }

        @Test("Addition of numbers is commutative and exact")
        func additionIsCommutative() async throws {
            let commutative = try Expression.parse("a + b = b + a")
            let exact = try Expression.parse("(a + b) - b = a")
            await propertyCheck(count: 500, input: Self.decimals, Self.decimals) { a, b in
                let context = EvaluationContext(
                    scope: DictionaryScope(["a": .number(a), "b": .number(b)]), today: ExpressionFixture.today)
                #expect(commutative.isTrue(in: context), "a = \(a), b = \(b)")
                #expect(exact.isTrue(in: context), "a = \(a), b = \(b)")
            }
        }

        @Test("De Morgan's laws hold, with null counting as false")
        func deMorgan() async throws {
            let andLaw = try Expression.parse("not (a and b) = (not a or not b)")
            let orLaw = try Expression.parse("not (a or b) = (not a and not b)")
            await propertyCheck(input: Self.logicValues, Self.logicValues) { a, b in
                let context = EvaluationContext(scope: DictionaryScope(["a": a, "b": b]), today: ExpressionFixture.today)
                #expect(andLaw.isTrue(in: context), "a = \(a), b = \(b)")
                #expect(orLaw.isTrue(in: context), "a = \(a), b = \(b)")
            }
        }

        @Test("number() reads back amounts written the Italian way and the plain way")
        func numberReadsItalianFormatting() async throws {
            let amounts = Generator(run: { rng in
                Decimal(
                    sign: Bool.random(using: &rng) ? .minus : .plus, exponent: -2,
                    significand: Decimal(UInt64.random(in: 0...99_999_999_999, using: &rng)))
            })
            let check = try Expression.parse("number(italian) = amount and number(plain) = amount")
            await propertyCheck(count: 500, input: amounts) { amount in
                let context = EvaluationContext(
                    scope: DictionaryScope([
                        "amount": .number(amount), "italian": .string(Self.italian(amount)), "plain": .string(amount.description),
                    ]), today: ExpressionFixture.today)
                #expect(check.isTrue(in: context), "\(Self.italian(amount)) / \(amount)")
            }
        }

        /// 1234567.5 → "1.234.567,50".
        static func italian(_ amount: Decimal) -> String {
            let cents = NSDecimalNumber(decimal: amount.magnitude * 100).uint64Value
            let whole = String(cents / 100)
            var grouped = ""
            for (index, digit) in whole.enumerated() {
                if index > 0, (whole.count - index) % 3 == 0 { grouped.append(".") }
                grouped.append(digit)
            }
            let fraction = cents % 100
            return (amount < 0 ? "-" : "") + grouped + "," + (fraction < 10 ? "0" : "") + String(fraction)
        }

        @Test("Day arithmetic agrees with Foundation's Gregorian calendar and is reversible")
        func dayArithmeticMatchesCalendar() async {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let epoch = LocalDate(year: 1970, month: 1, day: 1)!
            let epochDate = calendar.date(from: DateComponents(year: 1970, month: 1, day: 1))!
            let dates = Generator(run: { rng in
                LocalDate(
                    year: Int.random(in: 1600...9990, using: &rng), month: Int.random(in: 1...12, using: &rng),
                    day: Int.random(in: 1...28, using: &rng))!
            })
            await propertyCheck(count: 500, input: dates, Gen.int(in: -100_000...100_000)) { date, offset in
                let foundation = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
                #expect(epoch.days(until: date) == calendar.dateComponents([.day], from: epochDate, to: foundation).day)
                #expect(LocalDate(iso: date.iso) == date)
                if let moved = date.adding(days: offset) {
                    #expect(moved.days(until: date) == -offset)
                    #expect(moved.adding(days: -offset) == date)
                }
            }
        }
    }
#endif
