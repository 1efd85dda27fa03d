/// An amount in euro, held as whole cents so that sums are exact.
///
/// Three written forms: ``formatted`` for people ("1.234,56 €"), ``italianDecimal`` for spreadsheets
/// ("1234,56") and ``wireValue`` for pagoPA messages and flows ("1234.56"). Stored and encoded as
/// the number of cents.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in cents; negative only for differences computed by the program, never parsed.
    public let cents: Int64

    public init(cents: Int64) {
        self.cents = cents
    }

    public static let zero = Money(cents: 0)

    /// Reads an amount as Italians type it ("12,50", "1.234,50", "60.000", "€ 12") or with a decimal
    /// point ("12.50", "1,234.50").
    ///
    /// A single point followed by exactly three digits groups thousands ("60.000" is sixty thousand),
    /// the rule the form fields follow too. Refused: more than two decimals, a sign, anything else
    /// that is not a digit or separator, groups that are not of three digits, and amounts beyond
    /// what 64-bit cents hold.
    public init(parsing raw: String) throws(MoneyError) {
        var bytes: [UInt8] = []
        for scalar in raw.unicodeScalars where !scalar.properties.isWhitespace && scalar != "€" {
            guard scalar.isASCII else { throw .malformed }
            bytes.append(UInt8(scalar.value))
        }
        guard let first = bytes.first else { throw .empty }
        guard first != UInt8(ascii: "-") else { throw .negative }
        let separators = Self.separators(in: bytes)
        var integerPart = bytes[...]
        var fraction: ArraySlice<UInt8> = []
        if let decimal = separators.decimal {
            let position = bytes.lastIndex(of: decimal)!
            integerPart = bytes[..<position]
            fraction = bytes[(position + 1)...]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else { throw .malformed }
        }
        let integerDigits = try Self.integerDigits(integerPart, grouping: separators.grouping)
        self = try Self.make(integer: integerDigits, fraction: fraction)
    }

    /// Reads the dot form of pagoPA messages and flows ("1234.56", "12.5", "12"): digits, then
    /// optionally a point and one or two digits.
    public init(wireValue raw: String) throws(MoneyError) {
        let bytes = Array(raw.utf8)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.first != UInt8(ascii: "-") else { throw .negative }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerPart = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        guard !integerPart.isEmpty, integerPart.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
            point == nil || !fraction.isEmpty
        else { throw .malformed }
        self = try Self.make(integer: integerPart, fraction: fraction)
    }

    /// "1.234,56 €": points group thousands, a comma before the cents, the euro sign after a space.
    public var formatted: String {
        Self.italian(cents, grouped: true) + " €"
    }

    /// "1234,56": the comma form without grouping, which spreadsheets set to Italian read as a number.
    public var italianDecimal: String {
        Self.italian(cents, grouped: false)
    }

    /// "1234.56": the form of pagoPA messages (receipts, flows).
    public var wireValue: String {
        let (whole, rest) = Self.split(cents)
        return (cents < 0 ? "-" : "") + whole + "." + rest
    }

    public var description: String { formatted }

    /// The sum, or nil if it does not fit.
    public static func sum(_ amounts: some Sequence<Money>) -> Money? {
        var total: Int64 = 0
        for amount in amounts {
            let (next, overflow) = total.addingReportingOverflow(amount.cents)
            guard !overflow else { return nil }
            total = next
        }
        return Money(cents: total)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }

    public init(from decoder: any Decoder) throws {
        cents = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cents)
    }
}

extension Money {
    /// Which of `.` and `,` separates the decimals and which groups thousands.
    fileprivate static func separators(in bytes: [UInt8]) -> (decimal: UInt8?, grouping: UInt8?) {
        let point = UInt8(ascii: ".")
        let comma = UInt8(ascii: ",")
        let lastPoint = bytes.lastIndex(of: point)
        let lastComma = bytes.lastIndex(of: comma)
        switch (lastPoint, lastComma) {
        case (let p?, let c?):
            // Both present: the one written last separates the decimals.
            return p > c ? (point, comma) : (comma, point)
        case (nil, .some):
            return (comma, nil)
        case (let p?, nil):
            let points = bytes.count { $0 == point }
            let digitsAfter = bytes.count - p - 1
            // "1.234.567" and "60.000" group thousands; "12.50" and "12.5" have decimals.
            if points > 1 || (digitsAfter == 3 && (1...3).contains(p)) { return (nil, point) }
            return (point, nil)
        case (nil, nil):
            return (nil, nil)
        }
    }

    /// The digits of the whole euros, checking that grouping separators stand every three digits.
    fileprivate static func integerDigits(
        _ part: ArraySlice<UInt8>, grouping: UInt8?
    ) throws(MoneyError) -> ArraySlice<UInt8> {
        guard let grouping else {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit) else { throw .malformed }
            return part
        }
        let groups = part.split(separator: grouping, omittingEmptySubsequences: false)
        // A leading zero would make "0.500" five hundred euros rather than a mistyped half.
        guard let head = groups.first, (1...3).contains(head.count), head.first != UInt8(ascii: "0"),
            groups.dropFirst().allSatisfy({ $0.count == 3 }),
            groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { throw .malformed }
        return ArraySlice(groups.joined())
    }

    fileprivate static func make(integer: ArraySlice<UInt8>, fraction: ArraySlice<UInt8>) throws(MoneyError) -> Money {
        guard fraction.count <= 2 else { throw .tooManyDecimals }
        var cents: Int64 = 0
        let paddedFraction = Array(fraction) + Array(repeating: UInt8(ascii: "0"), count: 2 - fraction.count)
        for digit in integer + paddedFraction {
            let (shifted, overflowA) = cents.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw .overflow }
            cents = next
        }
        return Money(cents: cents)
    }

    /// Whole euros and the two cent digits of the absolute value.
    fileprivate static func split(_ cents: Int64) -> (whole: String, cents: String) {
        let magnitude = cents.magnitude
        let rest = magnitude % 100
        return (String(magnitude / 100), rest < 10 ? "0\(rest)" : String(rest))
    }

    fileprivate static func italian(_ cents: Int64, grouped: Bool) -> String {
        let (whole, rest) = split(cents)
        var digits = whole
        if grouped {
            digits = ""
            for (offset, digit) in whole.enumerated() {
                if offset > 0, (whole.count - offset).isMultiple(of: 3) { digits.append(".") }
                digits.append(digit)
            }
        }
        return (cents < 0 ? "-" : "") + digits + "," + rest
    }
}

/// Why a text is not an amount of money; `messageKey` selects the message shown to people.
public enum MoneyError: LocalizedDomainError, Equatable {
    case empty
    case malformed
    case tooManyDecimals
    case negative
    case overflow

    /// Localization key of the message shown to people, e.g. "error.money.tooManyDecimals".
    public var messageKey: String {
        let name =
            switch self {
            case .empty: "empty"
            case .malformed: "malformed"
            case .tooManyDecimals: "tooManyDecimals"
            case .negative: "negative"
            case .overflow: "overflow"
            }
        return "error.money." + name
    }
}
