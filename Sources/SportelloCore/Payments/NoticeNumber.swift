/// The creditor institution's fiscal code (codice fiscale dell'ente creditore): 11 digits with the
/// partita IVA check digit, so the same validated type serves both.
public typealias CreditorFiscalCode = PartitaIVA

/// A pagoPA notice number (numero avviso, NAV) with auxiliary digit 3: `3` + IUV.
///
/// The 18 digits are `3`, the creditor's segregation code (2), a base (13) and check digits (2).
/// The check digits are the 16-digit number `3` + segregation code + base, modulo 93. Other
/// auxiliary digits (0, 1, 2) belong to older or different numbering schemes and are refused.
public struct NoticeNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 18 digits, no spaces.
    public let value: String

    /// The only auxiliary digit Sportello issues and accepts.
    public static let auxDigit: Character = "3"

    /// Parses a notice number as printed or typed: spaces anywhere are ignored ("3010 0000 0000 0001 44").
    public init(validating raw: String) throws(NoticeNumberError) {
        let digits = try Self.digits(of: raw, length: 18)
        guard digits.first == Self.auxDigit else { throw .unsupportedAuxDigit(digits.first!) }
        try Self.verifyCheckDigits(of: digits)
        value = digits
    }

    fileprivate init(unchecked value: String) {
        self.value = value
    }

    /// The notice number for a segregation code (0...99) and a sequence number (0...9 999 999 999 999),
    /// which becomes the 13-digit base.
    public static func make(segregationCode: Int, sequenceNumber: Int64) throws(NoticeNumberError) -> NoticeNumber {
        try IUV.make(segregationCode: segregationCode, sequenceNumber: sequenceNumber).noticeNumber
    }

    /// The IUV: the notice number without its auxiliary digit.
    public var iuv: IUV { IUV(unchecked: String(value.dropFirst())) }

    /// The number in groups of four, as printed on the notice: "3010 0000 0000 0001 44".
    public var formatted: String {
        var result = ""
        for (offset, digit) in value.enumerated() {
            if offset > 0, offset.isMultiple(of: 4) { result.append(" ") }
            result.append(digit)
        }
        return result
    }

    public var description: String { value }

    /// The two check digits for the first 16 digits (`3` + segregation code + base), or nil when the
    /// input is not 16 ASCII digits.
    public static func checkDigits(for first16: some StringProtocol) -> String? {
        guard first16.utf8.count == 16, first16.utf8.allSatisfy(\.isASCIIDigit), let number = UInt64(first16) else {
            return nil
        }
        return twoDigits(Int(number % 93))
    }

    public init(from decoder: any Decoder) throws {
        self = try decodeValidated(from: decoder, "Invalid notice number", Self.init(validating:))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// The digits of `raw` without whitespace, checked for count and class.
    fileprivate static func digits(of raw: String, length: Int) throws(NoticeNumberError) -> String {
        let digits = String(raw.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard !digits.isEmpty else { throw .empty }
        guard digits.utf8.allSatisfy(\.isASCIIDigit) else { throw .notDigits }
        guard digits.utf8.count == length else { throw .wrongLength(digits.utf8.count) }
        return digits
    }

    /// Checks the last two digits of an 18-digit notice number (auxiliary digit included).
    fileprivate static func verifyCheckDigits(of notice: String) throws(NoticeNumberError) {
        let expected = checkDigits(for: notice.prefix(16))!
        guard notice.hasSuffix(expected) else { throw .wrongCheckDigits(expected: expected) }
    }

    fileprivate static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : String(number)
    }
}

/// The Identificativo Univoco di Versamento of a notice with auxiliary digit 3: segregation code (2),
/// base (13) and check digits (2). It names one payment option of one creditor (GPD `iuv`, the
/// receipt's `creditorReferenceId`, the flow's `identificativoUnivocoVersamento`).
public struct IUV: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 17 digits, no spaces.
    public let value: String

    /// Parses an IUV, ignoring spaces, and verifies its check digits.
    public init(validating raw: String) throws(NoticeNumberError) {
        let digits = try NoticeNumber.digits(of: raw, length: 17)
        try NoticeNumber.verifyCheckDigits(of: String(NoticeNumber.auxDigit) + digits)
        value = digits
    }

    fileprivate init(unchecked value: String) {
        self.value = value
    }

    /// The IUV for a segregation code (0...99) and a sequence number (0...9 999 999 999 999).
    public static func make(segregationCode: Int, sequenceNumber: Int64) throws(NoticeNumberError) -> IUV {
        guard (0...99).contains(segregationCode) else { throw .segregationCodeOutOfRange(segregationCode) }
        guard (0...maximumSequenceNumber).contains(sequenceNumber) else { throw .sequenceNumberOutOfRange(sequenceNumber) }
        let base = String(sequenceNumber)
        let first15 = NoticeNumber.twoDigits(segregationCode) + String(repeating: "0", count: 13 - base.count) + base
        return IUV(unchecked: first15 + NoticeNumber.checkDigits(for: String(NoticeNumber.auxDigit) + first15)!)
    }

    /// The largest sequence number that fits the 13-digit base.
    public static let maximumSequenceNumber: Int64 = 9_999_999_999_999

    /// The creditor's segregation code (the first two digits).
    public var segregationCode: Int { Int(value.prefix(2))! }

    /// The sequence number the base holds.
    public var sequenceNumber: Int64 { Int64(value.dropFirst(2).prefix(13))! }

    /// The notice number: the auxiliary digit followed by this IUV.
    public var noticeNumber: NoticeNumber { NoticeNumber(unchecked: String(NoticeNumber.auxDigit) + value) }

    public var description: String { value }

    public static func < (lhs: IUV, rhs: IUV) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        self = try decodeValidated(from: decoder, "Invalid IUV", Self.init(validating:))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Why a string is not a valid notice number or IUV; `messageKey` selects the message shown to people.
public enum NoticeNumberError: LocalizedDomainError, Equatable {
    case empty
    /// The number of digits found (a notice number has 18, an IUV 17).
    case wrongLength(Int)
    case notDigits
    case unsupportedAuxDigit(Character)
    case wrongCheckDigits(expected: String)
    case segregationCodeOutOfRange(Int)
    case sequenceNumberOutOfRange(Int64)

    /// Localization key of the message shown to people, e.g. "error.noticeNumber.wrongCheckDigits".
    public var messageKey: String {
        let name =
            switch self {
            case .empty: "empty"
            case .wrongLength: "wrongLength"
            case .notDigits: "notDigits"
            case .unsupportedAuxDigit: "unsupportedAuxDigit"
            case .wrongCheckDigits: "wrongCheckDigits"
            case .segregationCodeOutOfRange: "segregationCodeOutOfRange"
            case .sequenceNumberOutOfRange: "sequenceNumberOutOfRange"
            }
        return "error.noticeNumber." + name
    }
}

/// Decodes a string and validates it, so a corrupted stored value fails loudly instead of passing as valid.
func decodeValidated<Value, Failure: Error>(
    from decoder: any Decoder, _ description: String, _ validate: (String) throws(Failure) -> Value
) throws -> Value {
    let raw = try decoder.singleValueContainer().decode(String.self)
    do {
        return try validate(raw)
    } catch {
        throw DecodingError.dataCorrupted(
            .init(codingPath: decoder.codingPath, debugDescription: description, underlyingError: error))
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}
