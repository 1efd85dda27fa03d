import Foundation

/// Recursive-descent parser, one function per precedence level (see the table in Expression.swift).
///
/// Left-associative operators are parsed in loops, so only real nesting (brackets, calls, `not`, unary
/// `-`) recurses; that nesting is capped at ``Expression/maximumDepth`` so hostile input cannot
/// overflow the stack here or in the evaluator.
struct Parser {
    private let characters: [Character]
    private let tokens: [Token]
    private var index = 0
    private var depth = 0

    static func parse(_ source: String) throws(ExpressionParseError) -> Expression {
        // `prefix` stops early, so a huge string costs no more than the limit to reject.
        let characters = Array(source.prefix(Expression.maximumLength + 1))
        if characters.count > Expression.maximumLength {
            throw SourcePosition.error(
                "the expression is too long: at most \(Expression.maximumLength) characters are allowed",
                at: Expression.maximumLength, in: characters)
        }
        let tokens = try Lexer.tokenize(characters)
        var parser = Parser(characters: characters, tokens: tokens)
        return Expression(source: source, root: try parser.parseWhole())
    }

    private init(characters: [Character], tokens: [Token]) {
        self.characters = characters
        self.tokens = tokens
    }

    // MARK: Token access

    private var current: Token { tokens[index] }
    private var following: Token { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func error(_ message: String, at offset: Int) -> ExpressionParseError {
        SourcePosition.error(message, at: offset, in: characters)
    }

    /// "column 5", or "line 2, column 5" once the expression spans several lines.
    private func place(of offset: Int) -> String {
        let (line, column) = SourcePosition.lineAndColumn(of: offset, in: characters)
        return characters.contains(where: \.isNewline) ? "line \(line), column \(column)" : "column \(column)"
    }

    private func unexpected(_ token: Token) -> ExpressionParseError {
        if case .end = token.kind { return error("unexpected end of expression", at: token.offset) }
        return error("unexpected \(token.quoted)", at: token.offset)
    }

    private mutating func enterNesting(at token: Token) throws(ExpressionParseError) {
        depth += 1
        if depth > Expression.maximumDepth {
            throw error(
                "the expression is nested too deeply (more than \(Expression.maximumDepth) levels of brackets, functions, 'not' or '-')",
                at: token.offset)
        }
    }

    private mutating func leaveNesting() { depth -= 1 }

    private mutating func expectClosing(_ symbol: Symbol, opener: Token) throws(ExpressionParseError) {
        guard current.isSymbol(symbol) else {
            throw error(
                "expected '\(symbol.rawValue)' to close '\(opener.text)' opened at \(place(of: opener.offset))",
                at: current.offset)
        }
        advance()
    }

    // MARK: Grammar

    private mutating func parseWhole() throws(ExpressionParseError) -> ExpressionNode {
        if case .end = current.kind { throw error("the expression is empty", at: 0) }
        let root = try parseOr()
        switch current.kind {
        case .end:
            return root
        case .symbol(.rightParen), .symbol(.rightBracket):
            throw error("\(current.quoted) has no matching opening bracket", at: current.offset)
        case .symbol(.comma):
            if case .number = tokens[index - 1].kind, case .number = following.kind {
                throw error(
                    "unexpected ',': write decimals with a point, as in \(tokens[index - 1].text).\(following.text)",
                    at: current.offset)
            }
            throw error("unexpected ',' outside a list or a function call", at: current.offset)
        default:
            throw error("unexpected \(current.quoted): expected an operator or the end of the expression", at: current.offset)
        }
    }

    private mutating func parseOr() throws(ExpressionParseError) -> ExpressionNode {
        var left = try parseAnd()
        while current.isKeyword(.or) {
            advance()
            left = .binary(.or, left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionParseError) -> ExpressionNode {
        var left = try parseNot()
        while current.isKeyword(.and) {
            advance()
            left = .binary(.and, left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionParseError) -> ExpressionNode {
        guard current.isKeyword(.not) else { return try parseComparison() }
        let token = current
        try enterNesting(at: token)
        advance()
        let operand = try parseNot()
        leaveNesting()
        return .unary(.not, operand)
    }

    /// The comparison operator at the current token, and how many tokens it spans (`not in` is two).
    private func comparisonOperator() -> (BinaryOperator, Int)? {
        switch current.kind {
        case .symbol(.equal), .symbol(.doubleEqual): (.equal, 1)
        case .symbol(.notEqual), .symbol(.lessGreater): (.notEqual, 1)
        case .symbol(.less): (.less, 1)
        case .symbol(.lessOrEqual): (.lessOrEqual, 1)
        case .symbol(.greater): (.greater, 1)
        case .symbol(.greaterOrEqual): (.greaterOrEqual, 1)
        case .keyword(.in): (.in, 1)
        case .keyword(.not) where following.isKeyword(.in): (.notIn, 2)
        default: nil
        }
    }

    private mutating func parseComparison() throws(ExpressionParseError) -> ExpressionNode {
        let left = try parseAdditive()
        if current.isKeyword(.not), !following.isKeyword(.in) {
            throw error("expected 'in' after 'not' (as in: x not in ['A', 'B'])", at: following.offset)
        }
        guard let (op, width) = comparisonOperator() else { return left }
        for _ in 0..<width { advance() }
        let right = try parseAdditive()
        if comparisonOperator() != nil {
            throw error(
                "comparisons can't be chained: join them with 'and', as in 1 < x and x < 5", at: current.offset)
        }
        return .binary(op, left, right)
    }

    private mutating func parseAdditive() throws(ExpressionParseError) -> ExpressionNode {
        var left = try parseMultiplicative()
        while true {
            let op: BinaryOperator
            if current.isSymbol(.plus) { op = .add } else if current.isSymbol(.minus) { op = .subtract } else { return left }
            advance()
            left = .binary(op, left, try parseMultiplicative())
        }
    }

    private mutating func parseMultiplicative() throws(ExpressionParseError) -> ExpressionNode {
        var left = try parseUnary()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .symbol(.star): op = .multiply
            case .symbol(.slash): op = .divide
            case .symbol(.percent): op = .remainder
            default: return left
            }
            advance()
            left = .binary(op, left, try parseUnary())
        }
    }

    private mutating func parseUnary() throws(ExpressionParseError) -> ExpressionNode {
        guard current.isSymbol(.minus) else { return try parsePostfix() }
        try enterNesting(at: current)
        advance()
        let operand = try parseUnary()
        leaveNesting()
        return .unary(.negate, operand)
    }

    private mutating func parsePostfix() throws(ExpressionParseError) -> ExpressionNode {
        var node = try parsePrimary()
        while current.isSymbol(.dot) {
            advance()
            node = .member(node, try fieldName())
        }
        return node
    }

    /// A name after '.', where keywords are allowed too (`form.in` is a field, not an operator).
    private mutating func fieldName() throws(ExpressionParseError) -> String {
        switch current.kind {
        case .identifier(let name):
            advance()
            return name
        case .keyword:
            let name = current.text
            advance()
            return name
        default:
            throw error("expected a field name after '.'", at: current.offset)
        }
    }

    private mutating func parsePrimary() throws(ExpressionParseError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value)
        case .string(let value):
            advance()
            return .string(value)
        case .keyword(.true):
            advance()
            return .bool(true)
        case .keyword(.false):
            advance()
            return .bool(false)
        case .keyword(.null):
            advance()
            return .null
        case .keyword(.not):
            throw error("unexpected 'not': put what it negates in brackets, as in x = (not y)", at: token.offset)
        case .symbol(.leftParen):
            try enterNesting(at: token)
            advance()
            let inner = try parseOr()
            try expectClosing(.rightParen, opener: token)
            leaveNesting()
            return inner
        case .symbol(.leftBracket):
            try enterNesting(at: token)
            advance()
            var items: [ExpressionNode] = []
            if !current.isSymbol(.rightBracket) {
                items.append(try parseOr())
                while current.isSymbol(.comma) {
                    advance()
                    items.append(try parseOr())
                }
            }
            try expectClosing(.rightBracket, opener: token)
            leaveNesting()
            return .list(items)
        case .identifier(let name):
            advance()
            var path = [name]
            // A dotted path is read as one variable so scopes can resolve it in one step and
            // `referencedPaths` reports it whole.
            while current.isSymbol(.dot) {
                advance()
                path.append(try fieldName())
            }
            if current.isSymbol(.leftParen) { return try parseCall(path: path, nameToken: token) }
            return .variable(path)
        default:
            throw unexpected(token)
        }
    }

    private mutating func parseCall(path: [String], nameToken: Token) throws(ExpressionParseError) -> ExpressionNode {
        let name = path.joined(separator: ".")
        guard path.count == 1 else {
            throw error("'\(name)' is not a function: only built-in functions can be called", at: nameToken.offset)
        }
        guard let function = ExpressionFunction(name: name) else {
            let hint = ExpressionFunction.suggestion(for: name).map { ", did you mean '\($0.rawValue)'?" } ?? ""
            throw error("unknown function '\(name)'\(hint)", at: nameToken.offset)
        }
        let open = current
        try enterNesting(at: open)
        advance()
        var arguments: [ExpressionNode] = []
        var argumentOffsets: [Int] = []
        if !current.isSymbol(.rightParen) {
            argumentOffsets.append(current.offset)
            arguments.append(try parseOr())
            while current.isSymbol(.comma) {
                advance()
                argumentOffsets.append(current.offset)
                arguments.append(try parseOr())
            }
        }
        try expectClosing(.rightParen, opener: open)
        leaveNesting()
        if let problem = function.arityProblem(got: arguments.count) {
            throw error(problem, at: nameToken.offset)
        }
        // A literal date is checked now: a typo like '2025-02-30' would otherwise only show up as a
        // condition that is never true.
        if function == .date, case .string(let text) = arguments[0],
            LocalDate(iso: text.trimmingCharacters(in: .whitespaces)) == nil
        {
            throw error(
                "'\(text)' is not a valid date: write it as yyyy-mm-dd, e.g. date('2025-01-31')",
                at: argumentOffsets[0])
        }
        return .call(function, arguments)
    }
}
