public import Foundation

/// A value that form expressions read and produce: an answer to a field, a computed result, or a
/// record/list of them (a household member, the household).
///
/// `.null` means "no answer": the expression language propagates it instead of failing, so conditions
/// on fields the citizen has not filled in yet are simply false. Numbers are `Decimal` because money
/// and ISEE figures must add up exactly (0.1 + 0.2 = 0.3).
public enum Value: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case date(LocalDate)
    case list([Value])
    case record([String: Value])

    /// The name of the value's kind as the designer sees it in error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true/false value"
        case .number: "number"
        case .string: "text"
        case .date: "date"
        case .list: "list"
        case .record: "record"
        }
    }

    /// `kindName` with an article, so messages read as sentences ("got a text").
    var kindWithArticle: String {
        switch self {
        case .null: "null"
        case .bool: "a true/false value"
        case .number: "a number"
        case .string: "a text"
        case .date: "a date"
        case .list: "a list"
        case .record: "a record"
        }
    }
}

extension Value: CustomStringConvertible {
    /// A readable rendering for logs and test failures; lists and records use the expression syntax.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value.description
        case .string(let value): ExpressionNode.quoted(value)
        case .date(let value): "date('\(value.iso)')"
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .record(let fields):
            "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

// Literal conformances keep scopes in tests and fixtures readable:
// `DictionaryScope(["applicant": ["age": 30, "name": "Maria"]])`.
// There is deliberately no float literal: `0.1` as a Double is not exactly 0.1.

extension Value: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Decimal(value)) }
}

extension Value: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension Value: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
}

extension Value: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .record(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// Values are stored (the prefilled data a filing was confirmed with) as one-key JSON objects naming their kind,
/// so a number stays a number (as exact decimal text) and a date stays a date.
extension Value: Codable {
    private enum Kind: String, CodingKey {
        case null, bool, number, string, date, list, record
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Kind.self)
        guard let kind = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty value"))
        }
        switch kind {
        case .null: self = .null
        case .bool: self = .bool(try container.decode(Bool.self, forKey: kind))
        case .number:
            let text = try container.decode(String.self, forKey: kind)
            guard let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw DecodingError.dataCorruptedError(forKey: kind, in: container, debugDescription: "not a number: \(text)")
            }
            self = .number(number)
        case .string: self = .string(try container.decode(String.self, forKey: kind))
        case .date:
            let text = try container.decode(String.self, forKey: kind)
            guard let date = LocalDate(iso: text) else {
                throw DecodingError.dataCorruptedError(forKey: kind, in: container, debugDescription: "not a date: \(text)")
            }
            self = .date(date)
        case .list: self = .list(try container.decode([Value].self, forKey: kind))
        case .record: self = .record(try container.decode([String: Value].self, forKey: kind))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .null: try container.encode(true, forKey: .null)
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .number(let value): try container.encode(value.description, forKey: .number)
        case .string(let value): try container.encode(value, forKey: .string)
        case .date(let value): try container.encode(value.iso, forKey: .date)
        case .list(let values): try container.encode(values, forKey: .list)
        case .record(let values): try container.encode(values, forKey: .record)
        }
    }
}
