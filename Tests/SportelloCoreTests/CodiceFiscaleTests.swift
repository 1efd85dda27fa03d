import Foundation
import SportelloCore
import Testing

@Suite("Codice fiscale")
struct CodiceFiscaleTests {
    static let validCodes = ["RSSMRA85T10A562S", "RSSMRA45D25F205N", "RSSMRA80A01H501U", "RSSMRA80A01H50MM"]
    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    @Test("Known valid codes are accepted", arguments: validCodes)
    func knownValidCodesAreAccepted(code: String) throws {
        #expect(CodiceFiscale.isValid(code))
        #expect(try CodiceFiscale(validating: code).value == code)
    }

    @Test("A code with the wrong check letter is rejected naming the expected one")
    func wrongCheckLetterIsRejected() {
        #expect(!CodiceFiscale.isValid("RSSMRA85T10A562T"))
        #expect(throws: CodiceFiscaleError.wrongCheckCharacter(expected: "S")) {
            try CodiceFiscale(validating: "RSSMRA85T10A562T")
        }
    }

    @Test("Every other character at the check position is rejected", arguments: validCodes, alphanumerics)
    func everyCheckPositionMutationIsRejected(code: String, replacement: Character) {
        guard replacement != code.last else { return }
        let mutated = String(code.dropLast()) + String(replacement)
        let expectedError: CodiceFiscaleError =
            replacement.isLetter
            ? .wrongCheckCharacter(expected: code.last!)
            : .invalidCharacter(position: 16)
        #expect(throws: expectedError) { try CodiceFiscale(validating: mutated) }
    }

    @Test("The check letter is computed from the first 15 characters", arguments: validCodes)
    func checkCharacterMatchesVectors(code: String) {
        #expect(CodiceFiscale.checkCharacter(for: code.prefix(15)) == code.last)
    }

    @Test(
        "The check letter cannot be computed from malformed input",
        arguments: ["", "RSSMRA85T10A56", "RSSMRA85T10A5622", "rssmra85t10a562", "RSSMRA85T10A56-", "RSSMRÀ85T10A562"])
    func checkCharacterRejectsMalformedInput(input: String) {
        #expect(CodiceFiscale.checkCharacter(for: input) == nil)
    }

    // MARK: Omocodia

    /// Positions (1-based) that omocodia replaces, in the order the Agenzia applies them.
    static let omocodeOrder = [15, 14, 13, 11, 10, 8, 7]

    static func omocode(of code: String, substitutions: Int) -> String {
        var characters = Array(code.prefix(15))
        for position in omocodeOrder.prefix(substitutions) {
            let digit = characters[position - 1].wholeNumberValue!
            characters[position - 1] = Array("LMNPQRSTUV")[digit]
        }
        let first15 = String(characters)
        return first15 + String(CodiceFiscale.checkCharacter(for: first15)!)
    }

    @Test("Omocode variants are valid and canonicalize back to the original", arguments: 1...7)
    func omocodeVariantsCanonicalize(substitutions: Int) throws {
        let original = try CodiceFiscale(validating: "RSSMRA80A01H501U")
        let variant = try CodiceFiscale(validating: Self.omocode(of: original.value, substitutions: substitutions))
        #expect(variant.isOmocode)
        #expect(variant != original)
        #expect(variant.canonical == original)
        #expect(variant.birthDate == original.birthDate)
        #expect(variant.birthPlaceCode == "H501")
        #expect(variant.sex == .male)
    }

    @Test("The published omocode decodes to its original")
    func publishedOmocodeDecodes() throws {
        let code = try CodiceFiscale(validating: "RSSMRA80A01H50MM")
        #expect(code.isOmocode)
        #expect(code.canonical.value == "RSSMRA80A01H501U")
        #expect(code.birthPlaceCode == "H501")
    }

    @Test("A regular code is its own canonical form", arguments: ["RSSMRA85T10A562S", "RSSMRA45D25F205N"])
    func regularCodeIsCanonical(raw: String) throws {
        let code = try CodiceFiscale(validating: raw)
        #expect(!code.isOmocode)
        #expect(code.canonical == code)
    }

    // MARK: Decoded data

    @Test("Birth data is read from the code")
    func birthDataIsDecoded() throws {
        let code = try CodiceFiscale(validating: "RSSMRA85T10A562S")
        #expect(code.birthDate == DateComponents(year: 85, month: 12, day: 10))
        #expect(code.sex == .male)
        #expect(code.birthPlaceCode == "A562")
        #expect(!code.isBornAbroad)
    }

    @Test("A woman's day is stored plus 40 and read back without it")
    func womanDayIsOffset() throws {
        let code = try CodiceFiscale(validating: "BNCGLI90D65F205C")
        #expect(code.sex == .female)
        #expect(code.birthDate == DateComponents(year: 90, month: 4, day: 25))
    }

    @Test("A Z place code means born abroad")
    func foreignBirthIsDetected() throws {
        let code = try CodiceFiscale(validating: "SMTJHN70A01Z404I")
        #expect(code.isBornAbroad)
        #expect(code.birthPlaceCode == "Z404")
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    @Test(
        "The century resolves to the latest year not after the reference year",
        arguments: [
            ("RSSMRA85T10A562S", 2025, 1985),
            ("RSSMRA45D25F205N", 2025, 1945),
            ("RSSMRA45D25F205N", 2045, 2045),
            ("RSSMRA45D25F205N", 2044, 1945),
            ("RSSMRA80A01H501U", 2000, 1980),
        ])
    func centuryIsResolved(raw: String, referenceYear: Int, expectedYear: Int) throws {
        let code = try CodiceFiscale(validating: raw)
        let components = code.birthDate
        let resolved = code.birthDate(relativeTo: Self.date(referenceYear, 6, 1))
        #expect(resolved == Self.date(expectedYear, components.month!, components.day!))
    }

    @Test("A date that does not exist resolves to nil")
    func impossibleDateResolvesToNil() {
        let code = CodiceFiscale.make(
            surname: "Verdi", givenName: "Anna", birthYear: 1985, birthMonth: 2, birthDay: 31,
            sex: .female, birthPlaceCode: "A562")
        #expect(code.value == "VRDNNA85B71A562S")
        #expect(code.birthDate(relativeTo: Self.date(2025, 1, 1)) == nil)
    }

    // MARK: Building codes

    @Test(
        "make() reproduces hand-computed codes",
        arguments: [
            ("Rossi", "Mario", 1985, 12, 10, Sex.male, "A562", "RSSMRA85T10A562S"),
            ("Bianchi", "Giulia", 1990, 4, 25, .female, "F205", "BNCGLI90D65F205C"),
            ("Smith", "John", 1970, 1, 1, .male, "Z404", "SMTJHN70A01Z404I"),
            ("Fo", "Gianfranco", 1926, 3, 24, .male, "H501", "FOXGFR26C24H501F"),
            ("D'Angelo", "Niccolò", 2001, 7, 3, .male, "F839", "DNGNCL01L03F839V"),
            ("De Luca", "Ada", 1999, 11, 30, .female, "L219", "DLCDAA99S70L219L"),
            ("Wu", "Li", 2020, 2, 29, .female, "z210", "WUXLIX20B69Z210C"),
        ])
    func makeReproducesVectors(
        surname: String, givenName: String, year: Int, month: Int, day: Int,
        sex: Sex, place: String, expected: String
    ) {
        let code = CodiceFiscale.make(
            surname: surname, givenName: givenName, birthYear: year, birthMonth: month, birthDay: day,
            sex: sex, birthPlaceCode: place)
        #expect(code.value == expected)
        #expect(code.sex == sex)
    }

    // MARK: Normalization and SPID

    @Test(
        "Lowercase input and stray whitespace normalize",
        arguments: ["rssmra85t10a562s", "  RSSMRA85T10A562S\n", "RSS MRA 85T10 A562S", "RssMra85t10A562s"])
    func inputIsNormalized(raw: String) throws {
        #expect(try CodiceFiscale(validating: raw).value == "RSSMRA85T10A562S")
    }

    @Test(
        "The SPID attribute is accepted with the TINIT prefix",
        arguments: ["TINIT-RSSMRA85T10A562S", "tinit-rssmra85t10a562s", " TINIT-RSSMRA85T10A562S "])
    func spidAttributeWithPrefixIsAccepted(attribute: String) throws {
        #expect(try CodiceFiscale(spidAttribute: attribute).value == "RSSMRA85T10A562S")
    }

    @Test(
        "The SPID attribute without the Italian prefix is rejected",
        arguments: ["RSSMRA85T10A562S", "TINFR-RSSMRA85T10A562S", "VATIT-RSSMRA85T10A562S", "TINIT RSSMRA85T10A562S"])
    func spidAttributeWithoutPrefixIsRejected(attribute: String) {
        #expect(throws: CodiceFiscaleError.missingNationalPrefix) { try CodiceFiscale(spidAttribute: attribute) }
    }

    @Test(
        "The SPID attribute still validates the code after the prefix",
        arguments: [
            ("", CodiceFiscaleError.empty),
            ("TINIT-", .empty),
            ("TINIT-RSSMRA85T10A562T", .wrongCheckCharacter(expected: "S")),
            ("TINIT-97735020584", .wrongLength(11)),
        ])
    func spidAttributeIsValidated(attribute: String, error: CodiceFiscaleError) {
        #expect(throws: error) { try CodiceFiscale(spidAttribute: attribute) }
    }

    // MARK: Errors

    @Test(
        "Each malformed code reports why",
        arguments: [
            ("", CodiceFiscaleError.empty),
            ("   ", .empty),
            ("RSSMRA85T10A562", .wrongLength(15)),
            ("RSSMRA85T10A562SX", .wrongLength(17)),
            ("R5SMRA85T10A562S", .invalidCharacter(position: 2)),
            ("RSSMRÀ85T10A562S", .invalidCharacter(position: 6)),
            ("RSSMRA8AT10A562S", .invalidCharacter(position: 8)),
            ("RSSMRA85110A562S", .invalidCharacter(position: 9)),
            ("RSSMRA85T10-562S", .invalidCharacter(position: 12)),
            ("RSSMRA85T10A56-S", .invalidCharacter(position: 15)),
            ("RSSMRA85T10A5620", .invalidCharacter(position: 16)),
            ("RSSMRA85F10A562S", .invalidMonth),
            ("RSSMRA85T00A562S", .invalidDay),
            ("RSSMRA85T32A562S", .invalidDay),
            ("RSSMRA85T40A562S", .invalidDay),
            ("RSSMRA85T72A562S", .invalidDay),
            ("RSSMRA85TUVA562S", .invalidDay),
            ("RSSMRA85T10A000S", .invalidPlaceCode),
            ("RSSMRA85T10ALLLS", .invalidPlaceCode),
            ("RSSMRA85T10A562T", .wrongCheckCharacter(expected: "S")),
        ])
    func malformedCodesReportWhy(raw: String, error: CodiceFiscaleError) {
        #expect(throws: error) { try CodiceFiscale(validating: raw) }
        #expect(!CodiceFiscale.isValid(raw))
    }

    @Test(
        "Each error has a localization key",
        arguments: [
            (CodiceFiscaleError.empty, "error.fiscalCode.empty"),
            (.wrongLength(3), "error.fiscalCode.wrongLength"),
            (.invalidCharacter(position: 1), "error.fiscalCode.invalidCharacter"),
            (.invalidMonth, "error.fiscalCode.invalidMonth"),
            (.invalidDay, "error.fiscalCode.invalidDay"),
            (.invalidPlaceCode, "error.fiscalCode.invalidPlaceCode"),
            (.wrongCheckCharacter(expected: "A"), "error.fiscalCode.wrongCheckCharacter"),
            (.missingNationalPrefix, "error.fiscalCode.missingNationalPrefix"),
        ])
    func errorsHaveMessageKeys(error: CodiceFiscaleError, key: String) {
        #expect(error.messageKey == key)
    }

    // MARK: Codable

    @Test("It encodes as a single string and decodes back")
    func codableRoundTrip() throws {
        let code = try CodiceFiscale(validating: "RSSMRA85T10A562S")
        let data = try JSONEncoder().encode([code])
        #expect(String(decoding: data, as: UTF8.self) == #"["RSSMRA85T10A562S"]"#)
        #expect(try JSONDecoder().decode([CodiceFiscale].self, from: data) == [code])
        #expect(code.description == "RSSMRA85T10A562S")
    }

    @Test("Decoding normalizes and validates")
    func decodingValidates() throws {
        let decoded = try JSONDecoder().decode([CodiceFiscale].self, from: Data(#"["rssmra85t10a562s"]"#.utf8))
        #expect(decoded.first?.value == "RSSMRA85T10A562S")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CodiceFiscale].self, from: Data(#"["RSSMRA85T10A562T"]"#.utf8))
        }
    }
}
