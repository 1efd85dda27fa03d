import Foundation
import SportelloCore
import Testing

@Suite("Partita IVA")
struct PartitaIVATests {
    static let validNumbers = ["97735020584", "00085240950"]

    @Test("Known valid numbers are accepted", arguments: validNumbers)
    func knownValidNumbersAreAccepted(number: String) throws {
        #expect(PartitaIVA.isValid(number))
        #expect(try PartitaIVA(validating: number).value == number)
    }

    @Test("The check digit is computed from the first 10 digits", arguments: validNumbers)
    func checkDigitMatchesVectors(number: String) {
        #expect(PartitaIVA.checkDigit(for: number.prefix(10)) == number.last!.wholeNumberValue)
    }

    @Test("A number with the wrong check digit is rejected naming the expected one")
    func wrongCheckDigitIsRejected() {
        #expect(!PartitaIVA.isValid("12345678901"))
        #expect(throws: PartitaIVAError.wrongCheckDigit(expected: 3)) { try PartitaIVA(validating: "12345678901") }
    }

    @Test("Every other digit at the check position is rejected", arguments: 0...9)
    func everyCheckPositionMutationIsRejected(digit: Int) {
        guard digit != 4 else { return }
        #expect(throws: PartitaIVAError.wrongCheckDigit(expected: 4)) {
            try PartitaIVA(validating: "9773502058\(digit)")
        }
    }

    @Test(
        "The check digit cannot be computed from malformed input",
        arguments: ["", "977350205", "97735020584", "977350205A", "977350205٨"])
    func checkDigitRejectsMalformedInput(input: String) {
        #expect(PartitaIVA.checkDigit(for: input) == nil)
    }

    @Test("Whitespace is removed", arguments: [" 97735020584\n", "977 3502 0584"])
    func inputIsNormalized(raw: String) throws {
        #expect(try PartitaIVA(validating: raw).value == "97735020584")
    }

    @Test(
        "The SPID attribute is accepted with the VATIT prefix",
        arguments: ["VATIT-97735020584", "vatit-97735020584", " VATIT-97735020584 "])
    func spidAttributeWithPrefixIsAccepted(attribute: String) throws {
        #expect(try PartitaIVA(spidAttribute: attribute).value == "97735020584")
    }

    @Test(
        "The SPID attribute without the Italian prefix is rejected",
        arguments: ["97735020584", "IT97735020584", "VATFR-97735020584", "TINIT-97735020584"])
    func spidAttributeWithoutPrefixIsRejected(attribute: String) {
        #expect(throws: PartitaIVAError.missingNationalPrefix) { try PartitaIVA(spidAttribute: attribute) }
    }

    @Test("The SPID attribute still validates the number after the prefix")
    func spidAttributeIsValidated() {
        #expect(throws: PartitaIVAError.empty) { try PartitaIVA(spidAttribute: "VATIT-") }
        #expect(throws: PartitaIVAError.wrongCheckDigit(expected: 3)) { try PartitaIVA(spidAttribute: "VATIT-12345678901") }
    }

    @Test(
        "Each malformed number reports why",
        arguments: [
            ("", PartitaIVAError.empty),
            (" ", .empty),
            ("9773502058", .wrongLength(10)),
            ("977350205840", .wrongLength(12)),
            ("9773502058A", .notDigits),
            ("97735-20584", .notDigits),
            ("9773502058٤", .notDigits),
            ("97735020585", .wrongCheckDigit(expected: 4)),
        ])
    func malformedNumbersReportWhy(raw: String, error: PartitaIVAError) {
        #expect(throws: error) { try PartitaIVA(validating: raw) }
        #expect(!PartitaIVA.isValid(raw))
    }

    @Test(
        "Each error has a localization key",
        arguments: [
            (PartitaIVAError.empty, "error.vatNumber.empty"),
            (.wrongLength(3), "error.vatNumber.wrongLength"),
            (.notDigits, "error.vatNumber.notDigits"),
            (.wrongCheckDigit(expected: 1), "error.vatNumber.wrongCheckDigit"),
            (.missingNationalPrefix, "error.vatNumber.missingNationalPrefix"),
        ])
    func errorsHaveMessageKeys(error: PartitaIVAError, key: String) {
        #expect(error.messageKey == key)
    }

    @Test("It encodes as a single string and decoding validates")
    func codableRoundTrip() throws {
        let number = try PartitaIVA(validating: "97735020584")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["97735020584"]"#)
        #expect(try JSONDecoder().decode([PartitaIVA].self, from: data) == [number])
        #expect(number.description == "97735020584")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PartitaIVA].self, from: Data(#"["12345678901"]"#.utf8))
        }
    }
}
