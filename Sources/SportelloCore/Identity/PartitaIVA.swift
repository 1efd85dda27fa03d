import Foundation

/// An 11-digit Italian VAT number or organisation fiscal code (partita IVA / codice fiscale numerico).
///
/// Both share the same format and check digit, so one type serves companies, associations and
/// public bodies alike.
public struct PartitaIVA: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Normalized form: whitespace removed.
    public let value: String

    public init(validating raw: String) throws(PartitaIVAError) {
        let normalized = String(raw.filter { !$0.isWhitespace })
        guard !normalized.isEmpty else { throw .empty }
        guard normalized.count == 11 else { throw .wrongLength(normalized.count) }
        guard normalized.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        let expected = Self.checkDigit(for: normalized.prefix(10))!
        guard normalized.last!.wholeNumberValue == expected else { throw .wrongCheckDigit(expected: expected) }
        value = normalized
    }

    /// Accepts the `ivaCode` attribute as SPID delivers it (`VATIT-<number>`).
    public init(spidAttribute: String) throws(PartitaIVAError) {
        let attribute = spidAttribute.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !attribute.isEmpty else { throw .empty }
        // A foreign VAT identifier would pass the length check by chance only, so demand the prefix.
        guard attribute.uppercased().hasPrefix(Self.spidPrefix) else { throw .missingNationalPrefix }
        try self.init(validating: String(attribute.dropFirst(Self.spidPrefix.count)))
    }

    public static func isValid(_ raw: String) -> Bool {
        (try? PartitaIVA(validating: raw)) != nil
    }

    /// The check digit for the first 10 ASCII digits, or nil if the input is not exactly that.
    public static func checkDigit(for first10: some StringProtocol) -> Int? {
        guard first10.count == 10 else { return nil }
        var sum = 0
        for (offset, character) in first10.enumerated() {
            // Only ASCII: wholeNumberValue alone would also accept e.g. Arabic-Indic digits.
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            // Offsets are 0-based, so odd offsets are the 2nd, 4th, ... digits that get doubled.
            let doubled = digit * 2
            sum += offset.isMultiple(of: 2) ? digit : doubled / 10 + doubled % 10
        }
        return (10 - sum % 10) % 10
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(validating: raw)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "Invalid VAT number", underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static let spidPrefix = "VATIT-"
}

/// Why a string is not a valid partita IVA; `messageKey` selects the message shown to people.
public enum PartitaIVAError: Error, Equatable, Sendable {
    case empty
    case wrongLength(Int)
    case notDigits
    case wrongCheckDigit(expected: Int)
    case missingNationalPrefix

    /// Localization key of the message shown to people, e.g. "error.vatNumber.wrongCheckDigit"
    public var messageKey: String {
        let name =
            switch self {
            case .empty: "empty"
            case .wrongLength: "wrongLength"
            case .notDigits: "notDigits"
            case .wrongCheckDigit: "wrongCheckDigit"
            case .missingNationalPrefix: "missingNationalPrefix"
            }
        return "error.vatNumber." + name
    }
}
