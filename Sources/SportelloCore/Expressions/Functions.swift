import Foundation

/// The built-in functions. Resolved at parse time, so a misspelt name or a wrong argument count is
/// reported when the form is loaded, not when a citizen happens to reach the condition.
public enum ExpressionFunction: String, Sendable, CaseIterable {
    // Order matters only for "did you mean …?" ties: earlier names are suggested first.
    case today, date, age, days, year, month, day
    case len, empty, lower, upper, trim, contains
    case min, max, round, abs, number
    case `if`
    case count, sum, any, all, filter

    /// Accepted argument counts; `maximum == nil` means any number from `minimum` up.
    var arity: (minimum: Int, maximum: Int?) {
        switch self {
        case .today: (0, 0)
        case .date, .year, .month, .day, .len, .empty, .lower, .upper, .trim, .abs, .number: (1, 1)
        case .age, .round, .count, .sum: (1, 2)
        case .days, .contains, .any, .all, .filter: (2, 2)
        case .min, .max: (1, nil)
        case .if: (3, 3)
        }
    }

    /// Whether argument `index` is evaluated once per list item, with the item's fields in scope.
    func isPerItemArgument(_ index: Int) -> Bool {
        switch self {
        case .count, .sum, .any, .all, .filter: index == 1
        default: false
        }
    }

    /// The function called `name`, in any letter case.
    init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// "'days' takes 2 arguments, got 1", or `nil` when `count` is acceptable.
    func arityProblem(got count: Int) -> String? {
        let (minimum, maximum) = arity
        if count >= minimum, maximum.map({ count <= $0 }) ?? true { return nil }
        func arguments(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        let expected =
            switch maximum {
            case .some(0): "no arguments"
            case .some(let maximum) where maximum == minimum: arguments(minimum)
            case .some(let maximum) where maximum == minimum + 1: "\(minimum) or \(arguments(maximum))"
            case .some(let maximum): "\(minimum) to \(arguments(maximum))"
            case .none: "at least \(arguments(minimum))"
            }
        return "'\(rawValue)' takes \(expected), got \(count)"
    }

    /// The known name closest to a misspelt one, if it is at most two edits away.
    static func suggestion(for name: String) -> ExpressionFunction? {
        let typed = Array(name.lowercased())
        var best: (function: ExpressionFunction, distance: Int)?
        for function in allCases {
            let distance = editDistance(typed, Array(function.rawValue))
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (function, distance) }
        }
        return best?.function
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps
    /// ("coutn" → "count") each cost one.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}

// MARK: - Number helpers shared by operators and functions

enum Numbers {
    /// Numbers are kept to at most this many decimal places. Besides being far more than any form
    /// needs, it keeps Foundation's `Decimal` multiplication away from exponents below -128, where it
    /// traps (crashing the server) instead of reporting underflow.
    static let maximumScale = 38

    /// Brings a number into the safe range: too many decimals are rounded away, NaN is refused.
    static func normalized(_ value: Decimal) throws(ExpressionEvaluationError) -> Decimal {
        if value.isNaN { throw ExpressionEvaluationError(message: "a number is too large") }
        guard value.exponent < -maximumScale else { return value }
        return rounded(value, scale: maximumScale)
    }

    /// Half away from zero ("commercial" rounding): 2.345 → 2.35, -2.345 → -2.35.
    static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// Toward zero.
    static func truncated(_ value: Decimal) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, 0, value < 0 ? .up : .down)
        return result
    }

    /// The value as an `Int` if it is a whole number within `range`.
    static func integer(_ value: Decimal, in range: ClosedRange<Int>) -> Int? {
        guard !value.isNaN, truncated(value) == value, value >= Decimal(range.lowerBound),
            value <= Decimal(range.upperBound)
        else { return nil }
        return Int(truncated(value).description)
    }

    /// Parses a number typed by a person: `1234.56`, `1234,56`, `1.234,56`, `1,234.56`, `1.234.567`,
    /// with an optional sign and surrounding spaces. Anything else (letters, misplaced separators,
    /// more than 38 digits) is `nil`.
    static func parse(_ text: String) -> Decimal? {
        var characters = Substring(text.trimmed())
        var negative = false
        if let sign = characters.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            characters = characters.dropFirst()
        }
        guard !characters.isEmpty, characters.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") })
        else { return nil }

        let dots = characters.filter { $0 == "." }.count
        let commas = characters.filter { $0 == "," }.count
        let decimalSeparator: Character?
        let groupSeparator: Character?
        switch (dots, commas) {
        case (0, 0): (decimalSeparator, groupSeparator) = (nil, nil)
        case (1, 0): (decimalSeparator, groupSeparator) = (".", nil)
        case (0, 1): (decimalSeparator, groupSeparator) = (",", nil)
        case (_, 0): (decimalSeparator, groupSeparator) = (nil, ".")
        case (0, _): (decimalSeparator, groupSeparator) = (nil, ",")
        default:
            // Both appear: the last one is the decimal separator and must appear once.
            let last = characters.last { $0 == "." || $0 == "," }!
            let lastCount = last == "." ? dots : commas
            guard lastCount == 1 else { return nil }
            (decimalSeparator, groupSeparator) = (last, last == "." ? "," : ".")
        }

        var integerPart = characters
        var fractionPart: Substring = ""
        if let decimalSeparator, let index = characters.firstIndex(of: decimalSeparator) {
            integerPart = characters[..<index]
            fractionPart = characters[characters.index(after: index)...]
            guard !fractionPart.isEmpty, fractionPart.allSatisfy(\.isNumber) else { return nil }
        }
        guard !integerPart.isEmpty else { return nil }
        var digits = ""
        if let groupSeparator {
            let groups = integerPart.split(separator: groupSeparator, omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count),
                groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
            digits = groups.joined()
        } else {
            digits = String(integerPart)
        }
        guard digits.allSatisfy(\.isNumber) else { return nil }
        return decimal(digits: digits, fraction: String(fractionPart), negative: negative)
    }

    /// Builds a `Decimal` from validated ASCII digits, refusing more digits than `Decimal` holds
    /// exactly (it would otherwise round silently).
    static func decimal(digits: String, fraction: String, negative: Bool) -> Decimal? {
        let significant = (digits + fraction).drop { $0 == "0" }
        guard significant.count <= 38 else { return nil }
        // Up to 19 digits fit a UInt64: build the value directly (this runs for every number typed).
        if digits.count + fraction.count <= 19, let significand = UInt64(digits + fraction) {
            // (A negative zero would be NaN in Decimal: zero has no sign.)
            return Decimal(
                sign: negative && significand != 0 ? .minus : .plus, exponent: -fraction.count,
                significand: Decimal(significand))
        }
        let text = (negative ? "-" : "") + digits + (fraction.isEmpty ? "" : "." + fraction)
        return Decimal(string: text, locale: posix)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")
}
