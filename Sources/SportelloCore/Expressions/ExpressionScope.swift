/// Where an expression reads field values from: the answers of a form being filled in, usually.
///
/// A protocol rather than a dictionary so the form engine can serve values straight from its own
/// storage without copying every answer into a `[String: Value]` on each page save.
public protocol ExpressionScope {
    /// The value at `path` (`["applicant", "birthDate"]`), or `nil` if there is no such field.
    /// Both `nil` and `.null` evaluate to null; the distinction is only for callers.
    func value(at path: [String]) -> Value?
}

/// A scope backed by a dictionary; dotted paths walk into `.record` values.
public struct DictionaryScope: ExpressionScope, Sendable {
    /// The top-level fields.
    public var values: [String: Value]

    public init(_ values: [String: Value]) {
        self.values = values
    }

    public func value(at path: [String]) -> Value? {
        guard let first = path.first, var current = values[first] else { return nil }
        for name in path.dropFirst() {
            guard case .record(let fields) = current, let next = fields[name] else { return nil }
            current = next
        }
        return current
    }
}

/// Everything an evaluation may read: the answers and today's date.
///
/// Today is passed in rather than read from the clock so a whole page save sees one date (no flip at
/// midnight halfway through) and tests can pin it.
public struct EvaluationContext {
    /// The answers.
    public var scope: any ExpressionScope
    /// The date `today()` and one-argument `age(...)` use, in the municipality's time zone.
    public var today: LocalDate

    public init(scope: any ExpressionScope, today: LocalDate) {
        self.scope = scope
        self.today = today
    }
}
