import Foundation

/// Reserved words. Matched in any letter case so `AND` and `Not In` work as designers type them.
enum Keyword: String, CaseIterable {
    case and, or, not, `in`, `true`, `false`, null
}

/// Operators and punctuation.
enum Symbol: String {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case comma = ",", dot = "."
    case equal = "=", doubleEqual = "==", notEqual = "!=", lessGreater = "<>"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
}

struct Token {
    enum Kind {
        case number(Decimal)
        case string(String)
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case end
    }

    let kind: Kind
    /// Character offset of the first character.
    let offset: Int
    /// The source text of the token, for messages.
    let text: String

    /// How a message names this token: "'foo'", "'('", "'12'", "'some text'", "end of expression".
    var quoted: String {
        switch kind {
        case .end: "end of expression"
        case .string: text
        default: "'\(text)'"
        }
    }

    func isSymbol(_ symbol: Symbol) -> Bool {
        if case .symbol(let own) = kind { return own == symbol }
        return false
    }

    func isKeyword(_ keyword: Keyword) -> Bool {
        if case .keyword(let own) = kind { return own == keyword }
        return false
    }
}

/// Splits source text into tokens; works on an array of `Character`s so every offset it reports is a
/// character offset as the designer counts them, even with accented letters before the error.
struct Lexer {
    let characters: [Character]
    private var position = 0

    init(characters: [Character]) {
        self.characters = characters
    }

    static func tokenize(_ characters: [Character]) throws(ExpressionParseError) -> [Token] {
        var lexer = Lexer(characters: characters)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if case .end = token.kind { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        let index = position + ahead
        return index < characters.count ? characters[index] : nil
    }

    private func error(_ message: String, at offset: Int) -> ExpressionParseError {
        SourcePosition.error(message, at: offset, in: characters)
    }

    private mutating func next() throws(ExpressionParseError) -> Token {
        while let character = peek(), character.isWhitespace { position += 1 }
        let start = position
        guard let character = peek() else { return Token(kind: .end, offset: start, text: "") }

        if character.isASCII, character.isNumber { return try number() }
        if character.isASCII, character.isLetter || character == "_" { return identifierOrKeyword() }
        if character == "'" || character == "\"" { return try string(quote: character) }

        let two = peek(1).map { String([character, $0]) } ?? ""
        if let symbol = Symbol(rawValue: two), two.count == 2 {
            position += 2
            return Token(kind: .symbol(symbol), offset: start, text: two)
        }
        // Common habits from other languages get a pointed hint instead of "unexpected character".
        let hints = ["&&": "and", "||": "or"]
        if let replacement = hints[two] {
            throw error("'\(two)' is not an operator here: write '\(replacement)'", at: start)
        }
        if character == "!" { throw error("'!' is not an operator here: write 'not', or '!=' for 'different from'", at: start) }
        if let symbol = Symbol(rawValue: String(character)) {
            position += 1
            return Token(kind: .symbol(symbol), offset: start, text: String(character))
        }
        throw error("unexpected character '\(character)'", at: start)
    }

    private mutating func number() throws(ExpressionParseError) -> Token {
        let start = position
        var integer = ""
        while let character = peek(), character.isASCII, character.isNumber {
            integer.append(character)
            position += 1
        }
        var fraction = ""
        if peek() == ".", let after = peek(1), after.isASCII, after.isNumber {
            position += 1
            while let character = peek(), character.isASCII, character.isNumber {
                fraction.append(character)
                position += 1
            }
        } else if peek() == ".", peek(1) == nil || peek(1)!.isWhitespace {
            throw error("expected digits after the decimal point", at: position + 1)
        }
        // `12abc`: say so at the number rather than leave a confusing error for later.
        if let next = peek(), next.isLetter || next == "_" {
            var end = position
            while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
                end += 1
            }
            throw error("'\(String(characters[start..<end]))' is not a valid number", at: start)
        }
        let text = String(characters[start..<position])
        guard let value = Numbers.decimal(digits: integer, fraction: fraction, negative: false) else {
            throw error("the number \(text) has too many digits (at most 38)", at: start)
        }
        return Token(kind: .number(value), offset: start, text: text)
    }

    private mutating func identifierOrKeyword() -> Token {
        let start = position
        while let character = peek(), character.isASCII, character.isLetter || character.isNumber || character == "_" {
            position += 1
        }
        let text = String(characters[start..<position])
        if let keyword = Keyword(rawValue: text.lowercased()) {
            return Token(kind: .keyword(keyword), offset: start, text: text)
        }
        return Token(kind: .identifier(text), offset: start, text: text)
    }

    private mutating func string(quote: Character) throws(ExpressionParseError) -> Token {
        let start = position
        position += 1
        var value = ""
        while let character = peek() {
            position += 1
            if character == quote {
                return Token(kind: .string(value), offset: start, text: String(characters[start..<position]))
            }
            if character == "\\" {
                guard let escaped = peek() else { break }
                guard escaped == "\\" || escaped == "'" || escaped == "\"" else {
                    throw error("unknown escape '\\\(escaped)' in text: only \\\\, \\' and \\\" are allowed", at: position - 1)
                }
                value.append(escaped)
                position += 1
            } else {
                value.append(character)
            }
        }
        throw error("unterminated string: add the closing \(quote)", at: start)
    }
}

/// Turns character offsets into line/column for messages.
enum SourcePosition {
    static func lineAndColumn(of offset: Int, in characters: [Character]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, characters.count) where characters[index].isNewline {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    static func error(_ message: String, at offset: Int, in characters: [Character]) -> ExpressionParseError {
        let (line, column) = lineAndColumn(of: offset, in: characters)
        return ExpressionParseError(message: message, offset: offset, line: line, column: column)
    }
}
