import Foundation
import Testing

@testable import SportelloCore

@Suite("Formats citizens type")
struct FieldFormatsTests {
    @Test(
        "valid IBANs pass and are normalised",
        arguments: [
            ("IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"),
            ("it60x0542811101000000123456", "IT60X0542811101000000123456"),
            ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"), ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
            ("SM86U0322509800000000270100", "SM86U0322509800000000270100"),
        ])
    func validIBAN(raw: String, normalized: String) {
        #expect(FieldFormats.normalizedIBAN(raw) == normalized)
    }

    @Test(
        "IBANs with a wrong check, length or country format are refused",
        arguments: [
            "IT61X0542811101000000123456", "IT60X054281110100000012345", "IT60X05428111010000001234567", "XX",
            "1T60X0542811101000000123456", "IT6OX0542811101000000123456", "",
        ])
    func invalidIBAN(raw: String) {
        #expect(FieldFormats.normalizedIBAN(raw) == nil)
    }

    @Test("every single-digit change of a valid IBAN is caught")
    func ibanMutations() {
        let valid = Array("IT60X0542811101000000123456")
        for index in valid.indices where valid[index].isNumber && index >= 4 {
            var mutated = valid
            mutated[index] = Character(String((valid[index].wholeNumberValue! + 1) % 10))
            #expect(FieldFormats.normalizedIBAN(String(mutated)) == nil, "mutation at \(index)")
        }
    }

    @Test(
        "emails",
        arguments: [
            ("mario.rossi@example.org", "mario.rossi@example.org"), (" Mario@Comune.Esempio.IT ", "Mario@comune.esempio.it"),
            ("a+tag@pec.it", "a+tag@pec.it"),
        ])
    func validEmail(raw: String, normalized: String) {
        #expect(FieldFormats.normalizedEmail(raw) == normalized)
    }

    @Test(
        "malformed emails",
        arguments: [
            "mario", "mario@", "@example.org", "a@b", "a b@example.org", "a@example", "a@@x.it", "a@x.1t", ".a@x.it", "a..b@x.it",
        ])
    func invalidEmail(raw: String) {
        #expect(FieldFormats.normalizedEmail(raw) == nil)
    }

    @Test(
        "Italian phone numbers",
        arguments: [
            ("333 123 4567", "+393331234567"), ("+39 06 1234567", "+39061234567"), ("0039 0521 123456", "+390521123456"),
            ("06/6789", "+39066789"), ("3331234567", "+393331234567"),
        ])
    func validPhone(raw: String, normalized: String) {
        #expect(FieldFormats.normalizedItalianPhone(raw) == normalized)
    }

    @Test(
        "numbers that are not Italian phones",
        arguments: ["12345", "+44 20 7946 0958", "333-12", "3331234567890", "abc", "1234567890"])
    func invalidPhone(raw: String) {
        #expect(FieldFormats.normalizedItalianPhone(raw) == nil)
    }

    @Test("CAP is five digits")
    func cap() {
        #expect(FieldFormats.normalizedCAP(" 00184 ") == "00184")
        for bad in ["0018", "001845", "00a84", ""] { #expect(FieldFormats.normalizedCAP(bad) == nil) }
    }

    @Test(
        "numbers typed the Italian way or with a point",
        arguments: [
            ("1.234,56", "1234.56"), ("1234,5", "1234.5"), ("1234.56", "1234.56"), ("1.234.567", "1234567"), ("€ 12", "12"),
            ("-3", "-3"), ("0,10", "0.1"), ("60.000", "60000"), ("1,234.56", "1234.56"), ("12.5", "12.5"),
            ("1234.567", "1234.567"),
        ])
    func decimals(raw: String, expected: String) {
        #expect(FieldFormats.decimal(raw) == Decimal(string: expected))
    }

    @Test("text that is not a number", arguments: ["", "abc", "1,2,3", "12e3", "1.2.3,4,5", "--1"])
    func notDecimals(raw: String) {
        #expect(FieldFormats.decimal(raw) == nil)
    }
}
