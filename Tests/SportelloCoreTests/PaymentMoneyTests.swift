import Foundation
import SportelloCore
import Testing

@Suite("Money")
struct PaymentMoneyTests {
    @Test(
        "Amounts are shown the Italian way, written plain for spreadsheets and with a point for pagoPA",
        arguments: [
            (Int64(0), "0,00 €", "0,00", "0.00"),
            (5, "0,05 €", "0,05", "0.05"),
            (1_250, "12,50 €", "12,50", "12.50"),
            (100_000, "1.000,00 €", "1000,00", "1000.00"),
            (123_456, "1.234,56 €", "1234,56", "1234.56"),
            (123_456_789, "1.234.567,89 €", "1234567,89", "1234567.89"),
            (99_999_999_999, "999.999.999,99 €", "999999999,99", "999999999.99"),
            (-1_250, "-12,50 €", "-12,50", "-12.50"),
        ])
    func writtenForms(cents: Int64, formatted: String, italian: String, wire: String) {
        let amount = Money(cents: cents)
        #expect(amount.formatted == formatted)
        #expect(amount.description == formatted)
        #expect(amount.italianDecimal == italian)
        #expect(amount.wireValue == wire)
    }

    @Test(
        "Italian and dot forms are read",
        arguments: [
            ("12,50", Int64(1_250)), ("12,5", 1_250), ("12", 1_200), ("0,01", 1), ("1.234,50", 123_450),
            ("1.234.567,89", 123_456_789), ("60.000", 6_000_000), ("1.000", 100_000), ("12.50", 1_250), ("12.5", 1_250),
            ("1234.56", 123_456), ("1,234.56", 123_456), ("€ 12,50", 1_250), ("12,50 €", 1_250), (" 1 234,50 ", 123_450),
            ("0", 0), ("007", 700), ("92233720368547758,07", Int64.max),
        ])
    func validAmountsAreRead(text: String, cents: Int64) throws {
        #expect(try Money(parsing: text).cents == cents)
    }

    @Test(
        "Malformed amounts report why",
        arguments: [
            ("", MoneyError.empty), ("  €", .empty), ("-12,50", .negative), ("- 1", .negative), ("12,505", .tooManyDecimals),
            ("1.234,567", .tooManyDecimals), ("0,001", .tooManyDecimals), ("1234.567", .tooManyDecimals),
            ("12,3,4", .malformed), ("1.23.4", .malformed), ("12,", .malformed), (",50", .malformed), ("abc", .malformed),
            ("12a", .malformed), ("+12", .malformed), ("1.2345,00", .malformed), ("0.500", .malformed), ("1,234,567", .malformed),
            ("١٢", .malformed), ("92233720368547758,08", .overflow), ("99999999999999999999", .overflow),
        ])
    func malformedAmountsAreRefused(text: String, error: MoneyError) {
        #expect(throws: error) { try Money(parsing: text) }
    }

    @Test("The dot form of pagoPA is read strictly")
    func wireForm() throws {
        #expect(try Money(wireValue: "1234.56").cents == 123_456)
        #expect(try Money(wireValue: "100.5").cents == 10_050)
        #expect(try Money(wireValue: "7").cents == 700)
        #expect(throws: MoneyError.malformed) { try Money(wireValue: "1.234,56") }
        #expect(throws: MoneyError.malformed) { try Money(wireValue: "12.") }
        #expect(throws: MoneyError.malformed) { try Money(wireValue: ".5") }
        #expect(throws: MoneyError.malformed) { try Money(wireValue: " 12.00") }
        #expect(throws: MoneyError.tooManyDecimals) { try Money(wireValue: "12.001") }
        #expect(throws: MoneyError.negative) { try Money(wireValue: "-1.00") }
        #expect(throws: MoneyError.empty) { try Money(wireValue: "") }
    }

    @Test("Every written form reads back to the same amount", arguments: [Int64(0), 1, 99, 100, 1_250, 123_456, 100_000_000_00])
    func roundTrips(cents: Int64) throws {
        let amount = Money(cents: cents)
        #expect(try Money(parsing: amount.formatted) == amount)
        #expect(try Money(parsing: amount.italianDecimal) == amount)
        #expect(try Money(parsing: amount.wireValue) == amount)
        #expect(try Money(wireValue: amount.wireValue) == amount)
    }

    @Test("Sums are exact and report overflow")
    func sums() {
        #expect(Money.sum([Money(cents: 10), Money(cents: 20), Money(cents: 70)]) == Money(cents: 100))
        #expect(Money.sum([Money]()) == .zero)
        #expect(Money.sum([Money(cents: .max), Money(cents: 1)]) == nil)
    }

    @Test("Money is stored as a number of cents")
    func codable() throws {
        let data = try JSONEncoder().encode([Money(cents: 1_250)])
        #expect(String(decoding: data, as: UTF8.self) == "[1250]")
        #expect(try JSONDecoder().decode([Money].self, from: data) == [Money(cents: 1_250)])
    }

    @Test(
        "Each error has a localization key",
        arguments: [
            (MoneyError.empty, "error.money.empty"), (.malformed, "error.money.malformed"),
            (.tooManyDecimals, "error.money.tooManyDecimals"), (.negative, "error.money.negative"),
            (.overflow, "error.money.overflow"),
        ])
    func errorsHaveMessageKeys(error: MoneyError, key: String) {
        #expect(error.messageKey == key)
    }
}

@Suite("QR code payload")
struct PaymentQRCodeTests {
    @Test("The payload carries the notice number, the creditor and the amount in cents")
    func payload() throws {
        let code = PaymentQRCode(
            noticeNumber: try NoticeNumber(validating: "301000000000000144"), creditorFiscalCode: PaymentFixtures.creditor,
            amount: Money(cents: 12_050))
        #expect(code.payload == "PAGOPA|002|301000000000000144|97735020584|12050")
        #expect(try PaymentQRCode(parsing: code.payload) == code)
    }

    @Test(
        "Malformed payloads are refused",
        arguments: [
            ("PAGOPA|002|301000000000000144|97735020584", PaymentQRCodeError.wrongFieldCount(4)),
            ("PAGOPA|001|301000000000000144|97735020584|100", .unsupportedFormat),
            ("PAGAMI|002|301000000000000144|97735020584|100", .unsupportedFormat),
            ("PAGOPA|002|301000000000000145|97735020584|100", .invalidNoticeNumber(.wrongCheckDigits(expected: "44"))),
            ("PAGOPA|002|301000000000000144|12345678901|100", .invalidCreditorFiscalCode(.wrongCheckDigit(expected: 3))),
            ("PAGOPA|002|301000000000000144|97735020584|0", .invalidAmount),
            ("PAGOPA|002|301000000000000144|97735020584|12,50", .invalidAmount),
            ("PAGOPA|002|301000000000000144|97735020584|-100", .invalidAmount),
        ])
    func malformedPayloads(payload: String, error: PaymentQRCodeError) {
        #expect(throws: error) { try PaymentQRCode(parsing: payload) }
    }
}
