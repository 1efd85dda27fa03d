public import Foundation

/// Legal sex as encoded in an Italian fiscal code (women have 40 added to the birth day).
public enum Sex: String, Hashable, Sendable, Codable, CaseIterable {
    case female = "F"
    case male = "M"
}

/// An Italian personal fiscal code (codice fiscale), validated.
///
/// Equality compares the code as written. One person may hold an omocode variant issued by the
/// Agenzia delle Entrate, so compare `canonical` values when matching people across sources.
public struct CodiceFiscale: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Normalized form: uppercased, whitespace removed.
    public let value: String

    public init(validating raw: String) throws(CodiceFiscaleError) {
        let normalized = String(raw.filter { !$0.isWhitespace }).uppercased()
        try Self.validate(Array(normalized))
        value = normalized
    }

    /// Accepts the `fiscalNumber` attribute as SPID and CIE deliver it (`TINIT-<code>`).
    public init(spidAttribute: String) throws(CodiceFiscaleError) {
        let attribute = spidAttribute.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !attribute.isEmpty else { throw .empty }
        // The prefix tells us the identity provider vouches for an Italian code; anything else
        // (e.g. a foreign eIDAS identifier) must not be mistaken for one.
        guard attribute.uppercased().hasPrefix(Self.spidPrefix) else { throw .missingNationalPrefix }
        try self.init(validating: String(attribute.dropFirst(Self.spidPrefix.count)))
    }

    /// Only for strings already known to be valid, to skip revalidation.
    private init(unchecked value: String) {
        self.value = value
    }

    /// A code read back from Sportello's own storage, which only ever holds validated codes: checked for
    /// shape (16 uppercase letters and digits) but not revalidated, since this runs on every page.
    /// A value of the wrong shape means a corrupted row and is refused.
    public init(stored value: String) throws(CodiceFiscaleError) {
        guard value.utf8.count == 16,
            value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) })
        else { throw .wrongLength(value.count) }
        self.value = value
    }

    public static func isValid(_ raw: String) -> Bool {
        (try? CodiceFiscale(validating: raw)) != nil
    }

    /// The check letter for the first 15 characters (uppercase ASCII letters and digits), or nil.
    public static func checkCharacter(for first15: some StringProtocol) -> Character? {
        guard first15.count == 15 else { return nil }
        var sum = 0
        for (offset, character) in first15.enumerated() {
            guard let index = alphanumericIndex(of: character) else { return nil }
            // Offsets are 0-based, so even offsets are the standard's odd positions.
            sum += offset.isMultiple(of: 2) ? oddPositionValues[index] : index
        }
        return Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(sum % 26)))
    }

    public var description: String { value }

    public var isOmocode: Bool {
        let characters = Array(value)
        return Self.omocodablePositions.contains { !characters[$0].isASCIIDigit }
    }

    public var canonical: CodiceFiscale {
        let first15 = String(decodedCharacters.prefix(15))
        // Safe to force: decoding only turns omocode letters into digits, keeping the class valid.
        return CodiceFiscale(unchecked: first15 + String(Self.checkCharacter(for: first15)!))
    }

    /// The year has two digits as written: the code does not record the century.
    public var birthDate: DateComponents {
        let day = decodedNumber(9..<11)
        return DateComponents(year: decodedNumber(6..<8), month: month, day: day > 40 ? day - 40 : day)
    }

    /// Resolves the century to the latest year not after `reference`'s year, at midnight UTC.
    /// Returns nil for dates the calendar does not have (e.g. 31 February), which the code alone
    /// cannot rule out.
    public func birthDate(relativeTo reference: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let referenceYear = calendar.component(.year, from: reference)
        let candidate = referenceYear - referenceYear % 100 + decodedNumber(6..<8)
        var components = birthDate
        components.year = candidate > referenceYear ? candidate - 100 : candidate
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    public var sex: Sex {
        decodedNumber(9..<11) > 40 ? .female : .male
    }

    /// Belfiore code of the birth municipality, or `Z###` for a foreign country.
    public var birthPlaceCode: String {
        String(decodedCharacters[11..<15])
    }

    public var isBornAbroad: Bool {
        decodedCharacters[11] == "Z"
    }

    /// Builds a code from personal data (used for demo data and tests).
    ///
    /// Traps on data that cannot form a valid code: callers supply fixed, known-good data, and
    /// Agenzia-assigned omocodes are out of scope.
    public static func make(
        surname: String, givenName: String,
        birthYear: Int, birthMonth: Int, birthDay: Int,
        sex: Sex, birthPlaceCode: String
    ) -> CodiceFiscale {
        precondition(
            birthYear >= 0 && (1...12).contains(birthMonth) && (1...31).contains(birthDay),
            "Invalid birth date \(birthYear)-\(birthMonth)-\(birthDay)")
        let month = monthLetters[monthLetters.index(monthLetters.startIndex, offsetBy: birthMonth - 1)]
        let day = birthDay + (sex == .female ? 40 : 0)
        let first15 =
            surnameLetters(surname) + givenNameLetters(givenName)
            + twoDigits(birthYear % 100) + String(month) + twoDigits(day) + birthPlaceCode.uppercased()
        guard let check = checkCharacter(for: first15) else {
            preconditionFailure("Invalid birth place code \(birthPlaceCode)")
        }
        do {
            return try CodiceFiscale(validating: first15 + String(check))
        } catch {
            preconditionFailure("Cannot build a fiscal code from the given data: \(error)")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(validating: raw)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "Invalid fiscal code", underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Why a string is not a valid codice fiscale; `messageKey` selects the message shown to people.
public enum CodiceFiscaleError: Error, Equatable, Sendable {
    case empty
    case wrongLength(Int)
    /// 1-based, as people count characters.
    case invalidCharacter(position: Int)
    case invalidMonth
    case invalidDay
    case invalidPlaceCode
    case wrongCheckCharacter(expected: Character)
    case missingNationalPrefix

    /// Localization key of the message shown to people, e.g. "error.fiscalCode.wrongCheckCharacter"
    public var messageKey: String {
        let name =
            switch self {
            case .empty: "empty"
            case .wrongLength: "wrongLength"
            case .invalidCharacter: "invalidCharacter"
            case .invalidMonth: "invalidMonth"
            case .invalidDay: "invalidDay"
            case .invalidPlaceCode: "invalidPlaceCode"
            case .wrongCheckCharacter: "wrongCheckCharacter"
            case .missingNationalPrefix: "missingNationalPrefix"
            }
        return "error.fiscalCode." + name
    }
}

// MARK: - Rules

extension CodiceFiscale {
    private static let spidPrefix = "TINIT-"
    private static let monthLetters = "ABCDEHLMPRST"
    /// Letters standing for digits 0...9 in omocodes.
    private static let omocodeLetters = "LMNPQRSTUV"
    /// 0-based positions of the digits that omocodia may replace (7, 8, 10, 11, 13, 14, 15).
    private static let omocodablePositions = [6, 7, 9, 10, 12, 13, 14]
    /// Values for odd positions, indexed by digit value or by letter index (A = 0).
    private static let oddPositionValues = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
    ]

    private static func validate(_ characters: [Character]) throws(CodiceFiscaleError) {
        guard !characters.isEmpty else { throw .empty }
        guard characters.count == 16 else { throw .wrongLength(characters.count) }
        for (offset, character) in characters.enumerated() {
            let allowed =
                omocodablePositions.contains(offset)
                ? character.isASCIIDigit || omocodeLetters.contains(character)
                : character.isASCIIUppercaseLetter
            guard allowed else { throw .invalidCharacter(position: offset + 1) }
        }
        guard monthLetters.contains(characters[8]) else { throw .invalidMonth }
        let decoded = decodingOmocode(characters)
        let day = Int(String(decoded[9..<11]))!
        guard (1...31).contains(day) || (41...71).contains(day) else { throw .invalidDay }
        // No Belfiore code is numbered 000; catching it flags a mistyped place early.
        guard String(decoded[12..<15]) != "000" else { throw .invalidPlaceCode }
        let expected = checkCharacter(for: String(characters[0..<15]))!
        guard characters[15] == expected else { throw .wrongCheckCharacter(expected: expected) }
    }

    private static func decodingOmocode(_ characters: [Character]) -> [Character] {
        var decoded = characters
        for position in omocodablePositions {
            if let digit = omocodeLetters.firstIndex(of: decoded[position]) {
                decoded[position] = Character(String(omocodeLetters.distance(from: omocodeLetters.startIndex, to: digit)))
            }
        }
        return decoded
    }

    private var decodedCharacters: [Character] { Self.decodingOmocode(Array(value)) }

    private func decodedNumber(_ range: Range<Int>) -> Int {
        Int(String(decodedCharacters[range]))!
    }

    private var month: Int {
        let letter = Array(value)[8]
        return Self.monthLetters.distance(from: Self.monthLetters.startIndex, to: Self.monthLetters.firstIndex(of: letter)!) + 1
    }

    private static func alphanumericIndex(of character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A"))
        default: return nil
        }
    }

    /// Splits a name into consonants and vowels, ignoring accents, apostrophes and spaces
    /// because the Agenzia's algorithm works on the plain Latin letters only.
    private static func consonantsAndVowels(of name: String) -> (consonants: [Character], vowels: [Character]) {
        let letters = name.folding(options: .diacriticInsensitive, locale: nil).uppercased()
            .filter(\.isASCIIUppercaseLetter)
        return (letters.filter { !"AEIOU".contains($0) }, letters.filter { "AEIOU".contains($0) })
    }

    private static func surnameLetters(_ surname: String) -> String {
        let (consonants, vowels) = consonantsAndVowels(of: surname)
        return String((consonants + vowels + ["X", "X", "X"]).prefix(3))
    }

    private static func givenNameLetters(_ givenName: String) -> String {
        let (consonants, _) = consonantsAndVowels(of: givenName)
        // Skipping the 2nd consonant makes common given names less likely to collide.
        guard consonants.count >= 4 else { return surnameLetters(givenName) }
        return String([consonants[0], consonants[2], consonants[3]])
    }

    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : String(number)
    }
}

extension Character {
    // asciiValue rather than a Character range: ranges admit letters with combining marks.
    fileprivate var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
    fileprivate var isASCIIUppercaseLetter: Bool { asciiValue.map { (65...90).contains($0) } ?? false }
}
