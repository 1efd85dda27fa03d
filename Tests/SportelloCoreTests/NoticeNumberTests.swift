import Foundation
import SportelloCore
import Testing

@Suite("Notice numbers (NAV) and IUVs")
struct NoticeNumberTests {
    /// Vectors worked out by hand. The check digits are N mod 93 for the 16-digit N = 3·10^15 + s·10^13 + b
    /// (s the segregation code, b the base). Powers of ten mod 93: 10^2 = 100 ≡ 7, 10^3 ≡ 70,
    /// 10^4 ≡ 700 − 651 = 49, 10^5 ≡ 490 − 465 = 25, 10^6 ≡ 250 − 186 = 64, 10^7 ≡ 640 − 558 = 82,
    /// 10^8 ≡ 820 − 744 = 76, 10^9 ≡ 760 − 744 = 16, 10^10 ≡ 160 − 93 = 67, 10^11 ≡ 670 − 651 = 19,
    /// 10^12 ≡ 190 − 186 = 4, 10^13 ≡ 40, 10^14 ≡ 400 − 372 = 28, 10^15 ≡ 280 − 279 = 1.
    /// So the check is (3 + 40·s + b) mod 93.
    static let vectors: [(segregation: Int, sequence: Int64, notice: String)] = [
        // The standard's vector: 3 + 40·1 + 1 = 44.
        (1, 1, "301000000000000144"),
        // 3 + 0 + 0 = 3, written "03".
        (0, 0, "300000000000000003"),
        // 3 + 40·12 + 100 = 583 = 6·93 + 25.
        (12, 100, "312000000000010025"),
        // 3 + 40·47 + 93 = 1976 = 21·93 + 23.
        (47, 93, "347000000000009323"),
        // b = 10^13 − 1 ≡ 40 − 1 = 39; 3 + 40·99 + 39 = 4002 = 43·93 + 3.
        (99, 9_999_999_999_999, "399999999999999903"),
        // b = 92 ≡ 92; 3 + 40·2 + 92 = 175 = 93 + 82.
        (2, 92, "302000000000009282"),
    ]

    @Test("Notice numbers are made from segregation code and sequence number", arguments: vectors)
    func vectorsAreMade(vector: (segregation: Int, sequence: Int64, notice: String)) throws {
        let notice = try NoticeNumber.make(segregationCode: vector.segregation, sequenceNumber: vector.sequence)
        #expect(notice.value == vector.notice)
        #expect(notice.iuv.value == String(vector.notice.dropFirst()))
        #expect(notice.iuv.segregationCode == vector.segregation)
        #expect(notice.iuv.sequenceNumber == vector.sequence)
        #expect(try NoticeNumber(validating: vector.notice) == notice)
        #expect(NoticeNumber.checkDigits(for: vector.notice.prefix(16)) == String(vector.notice.suffix(2)))
    }

    @Test("The standard's vector is printed in groups of four and its IUV is the last 17 digits")
    func standardVector() throws {
        let notice = try NoticeNumber.make(segregationCode: 1, sequenceNumber: 1)
        #expect(notice.formatted == "3010 0000 0000 0001 44")
        #expect(notice.iuv.value == "01000000000000144")
        #expect(notice.iuv.noticeNumber == notice)
        #expect(notice.description == "301000000000000144")
    }

    @Test(
        "Spaces are ignored when reading", arguments: ["3010 0000 0000 0001 44", " 301000000000000144 ", "30100000\t0000000144"])
    func spacesAreIgnored(raw: String) throws {
        #expect(try NoticeNumber(validating: raw).value == "301000000000000144")
    }

    @Test("Printing and reading back give the same notice number and IUV", arguments: vectors)
    func roundTrips(vector: (segregation: Int, sequence: Int64, notice: String)) throws {
        let notice = try NoticeNumber(validating: vector.notice)
        #expect(try NoticeNumber(validating: notice.formatted) == notice)
        #expect(try IUV(validating: notice.iuv.value) == notice.iuv)
        #expect(try IUV(validating: notice.iuv.value).noticeNumber == notice)
    }

    @Test("A change of any one digit is refused", arguments: vectors.map(\.notice))
    func everySingleDigitChangeIsRefused(notice: String) {
        var refused = 0
        for position in 0..<18 {
            for digit in "0123456789" where Array(notice)[position] != digit {
                var characters = Array(notice)
                characters[position] = digit
                let changed = String(characters)
                do {
                    _ = try NoticeNumber(validating: changed)
                    Issue.record("\(changed) was accepted")
                } catch .unsupportedAuxDigit {
                    #expect(position == 0)
                    refused += 1
                } catch .wrongCheckDigits {
                    #expect(position > 0)
                    refused += 1
                } catch {
                    Issue.record("\(changed): unexpected \(error)")
                }
            }
        }
        #expect(refused == 18 * 9)
    }

    @Test("Each malformed notice number reports why")
    func malformedNoticeNumbers() {
        #expect(throws: NoticeNumberError.empty) { try NoticeNumber(validating: " ") }
        #expect(throws: NoticeNumberError.wrongLength(17)) { try NoticeNumber(validating: "30100000000000014") }
        #expect(throws: NoticeNumberError.wrongLength(19)) { try NoticeNumber(validating: "3010000000000001440") }
        #expect(throws: NoticeNumberError.notDigits) { try NoticeNumber(validating: "30100000000000014A") }
        #expect(throws: NoticeNumberError.notDigits) { try NoticeNumber(validating: "3010-0000-0000-0001-44") }
        #expect(throws: NoticeNumberError.notDigits) { try NoticeNumber(validating: "30100000000000014٤") }
        #expect(throws: NoticeNumberError.unsupportedAuxDigit("0")) { try NoticeNumber(validating: "001000000000000144") }
        #expect(throws: NoticeNumberError.wrongCheckDigits(expected: "44")) { try NoticeNumber(validating: "301000000000000145") }
        #expect(throws: NoticeNumberError.wrongCheckDigits(expected: "44")) { try IUV(validating: "01000000000000145") }
        #expect(throws: NoticeNumberError.wrongLength(18)) { try IUV(validating: "301000000000000144") }
    }

    @Test("Segregation code and sequence number must fit their digits")
    func rangesAreChecked() {
        #expect(throws: NoticeNumberError.segregationCodeOutOfRange(100)) {
            try NoticeNumber.make(segregationCode: 100, sequenceNumber: 1)
        }
        #expect(throws: NoticeNumberError.segregationCodeOutOfRange(-1)) { try IUV.make(segregationCode: -1, sequenceNumber: 1) }
        #expect(throws: NoticeNumberError.sequenceNumberOutOfRange(10_000_000_000_000)) {
            try IUV.make(segregationCode: 1, sequenceNumber: 10_000_000_000_000)
        }
        #expect(throws: NoticeNumberError.sequenceNumberOutOfRange(-1)) { try IUV.make(segregationCode: 1, sequenceNumber: -1) }
    }

    @Test(
        "Check digits cannot be computed from malformed input",
        arguments: ["", "301000000000000", "30100000000000014", "301000000000000A"])
    func checkDigitsOfMalformedInput(input: String) {
        #expect(NoticeNumber.checkDigits(for: input) == nil)
    }

    @Test("The creditor's fiscal code follows the partita IVA rule")
    func creditorFiscalCode() throws {
        #expect(try CreditorFiscalCode(validating: "97735020584").value == "97735020584")
        #expect(throws: PartitaIVAError.wrongCheckDigit(expected: 3)) { try CreditorFiscalCode(validating: "12345678901") }
        #expect(throws: PartitaIVAError.wrongLength(10)) { try CreditorFiscalCode(validating: "9773502058") }
    }

    @Test("Notice numbers and IUVs encode as strings and are validated when decoded")
    func codable() throws {
        let notice = try NoticeNumber.make(segregationCode: 1, sequenceNumber: 1)
        let data = try JSONEncoder().encode([notice])
        #expect(String(decoding: data, as: UTF8.self) == #"["301000000000000144"]"#)
        #expect(try JSONDecoder().decode([NoticeNumber].self, from: data) == [notice])
        #expect(try JSONDecoder().decode([IUV].self, from: Data(#"["01000000000000144"]"#.utf8)) == [notice.iuv])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([NoticeNumber].self, from: Data(#"["301000000000000145"]"#.utf8))
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IUV].self, from: Data(#"["01000000000000145"]"#.utf8)) }
    }

    @Test(
        "Each error has a localization key",
        arguments: [
            (NoticeNumberError.empty, "error.noticeNumber.empty"),
            (.wrongLength(3), "error.noticeNumber.wrongLength"),
            (.notDigits, "error.noticeNumber.notDigits"),
            (.unsupportedAuxDigit("1"), "error.noticeNumber.unsupportedAuxDigit"),
            (.wrongCheckDigits(expected: "01"), "error.noticeNumber.wrongCheckDigits"),
            (.segregationCodeOutOfRange(100), "error.noticeNumber.segregationCodeOutOfRange"),
            (.sequenceNumberOutOfRange(-1), "error.noticeNumber.sequenceNumberOutOfRange"),
        ])
    func errorsHaveMessageKeys(error: NoticeNumberError, key: String) {
        #expect(error.messageKey == key)
    }
}

#if canImport(PropertyBased)
    import PropertyBased

    @Suite("Notice number properties")
    struct NoticeNumberPropertyTests {
        static let segregationCodes = Gen.int(in: 0...99)
        static let sequenceNumbers = Gen.int(in: 0...Int(IUV.maximumSequenceNumber))

        @Test("Any made notice number reads back, and so does its IUV")
        func madeNumbersReadBack() async {
            await propertyCheck(count: 1000, input: Self.segregationCodes, Self.sequenceNumbers) { segregation, sequence in
                let notice = try NoticeNumber.make(segregationCode: segregation, sequenceNumber: Int64(sequence))
                #expect(try NoticeNumber(validating: notice.formatted) == notice)
                #expect(notice.iuv.segregationCode == segregation && notice.iuv.sequenceNumber == Int64(sequence))
                // The check digits are the remainder by 93 of the first 16 digits, as the standard says.
                #expect(Int(notice.value.suffix(2))! == Int(notice.value.prefix(16))! % 93)
            }
        }

        @Test("Any single-digit change and any swap of two neighbouring digits is refused")
        func changesAreDetected() async {
            await propertyCheck(
                count: 300, input: Self.segregationCodes, Self.sequenceNumbers, Gen.int(in: 1...17), Gen.int(in: 1...9)
            ) { segregation, sequence, position, shift in
                let notice = try NoticeNumber.make(segregationCode: segregation, sequenceNumber: Int64(sequence))
                var digits = Array(notice.value)
                digits[position] = Character(String((digits[position].wholeNumberValue! + shift) % 10))
                #expect(throws: NoticeNumberError.self) { try NoticeNumber(validating: String(digits)) }
                // 10^(k+1) − 10^k = 9·10^k, and 93 = 3·31 never divides 9·(a − b)·10^k for distinct digits a, b.
                var swapped = Array(notice.value)
                let left = min(position, 14)
                if swapped[left] != swapped[left + 1] {
                    swapped.swapAt(left, left + 1)
                    #expect(throws: NoticeNumberError.self) { try NoticeNumber(validating: String(swapped)) }
                }
            }
        }
    }
#endif
