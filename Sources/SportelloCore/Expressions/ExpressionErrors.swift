/// Why an expression could not be parsed, and where, in words a form designer can act on.
///
/// The position is given both as a character offset (for editors that highlight a range) and as
/// line/column (for people reading the message).
public struct ExpressionParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, e.g. "expected ')' to close '(' opened at column 5".
    public let message: String
    /// 0-based offset of the problem, in characters (grapheme clusters, as the designer counts them).
    public let offset: Int
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column of the problem, in characters.
    public let column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Why a parsed expression could not be evaluated: a kind mismatch such as `'abc' * 2`, or a
/// non-true/false value where a condition is needed.
///
/// Unanswered fields are never the cause: they evaluate to null.
public struct ExpressionEvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, in the designer's terms.
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
