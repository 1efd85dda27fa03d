import Foundation
import SportelloCore
import Testing

@Suite("Payment messages")
struct PaymentMessageKeyTests {
    /// Every message key the payment code can produce, by prefix.
    static let keys: [(prefix: String, names: [String])] = [
        (
            "error.noticeNumber",
            [
                "empty", "wrongLength", "notDigits", "unsupportedAuxDigit", "wrongCheckDigits", "segregationCodeOutOfRange",
                "sequenceNumberOutOfRange",
            ]
        ),
        ("error.money", ["empty", "malformed", "tooManyDecimals", "negative", "overflow"]),
        ("error.paymentQRCode", ["unsupportedFormat", "invalidAmount"]),
        (
            "error.debtPosition",
            [
                "iupdMissing", "iupdTooLong", "companyNameMissing", "companyNameTooLong", "reasonMissing", "reasonTooLong",
                "fullNameMissing", "fullNameTooLong", "invalidEmail", "validityDateInPast", "noPaymentOptions",
                "moreThanOneSinglePayment", "singleInstalment", "instalmentsOutOfOrder", "instalmentsSumMismatch", "duplicateIUV",
                "amountNotPositive", "descriptionMissing", "descriptionTooLong", "dueDateInPast", "dueDateBeforeValidityDate",
                "noTransfers", "tooManyTransfers", "transfersSumMismatch", "transferIDOutOfRange", "duplicateTransferID",
                "remittanceInformationMissing", "remittanceInformationTooLong", "invalidCategory", "invalidIBAN", "invalidStamp",
            ]
        ),
        ("error.debtPositionTransition", ["notAllowed", "unknownOption", "optionAlreadyPaid", "optionNoLongerPayable"]),
        (
            "error.receipt",
            [
                "invalidReceiptID", "iuvDiffersFromNoticeNumber", "amountNotPositive", "wrongTransferCount",
                "transfersSumMismatch", "invalidTransferID", "receiptIDReused", "amountDiffersFromOption",
            ]
        ),
        (
            "error.reconciliationFlow",
            ["malformedXML", "notAFlow", "missingElement", "invalidValue", "noPayments", "totalsMismatch"]
        ),
        (
            "error.paymentImport",
            [
                "empty", "notUTF8", "unterminatedQuote", "unknownColumn", "duplicateColumn", "missingColumn", "malformedQuotes",
                "wrongFieldCount", "required", "invalidDate", "debtorDiffers", "otherInstalmentInvalid", "noNoticeNumberLeft",
            ]
        ),
    ]

    /// The web module's catalogs, found from this file (through the scratch links some tools use).
    static func catalog(_ language: String) throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("Sources/SportelloWeb/Resources/Localization/\(language).json")
        return try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
    }

    @Test("Every payment message has an Italian and an English text", arguments: ["it", "en"])
    func catalogsHaveEveryKey(language: String) throws {
        let catalog = try Self.catalog(language)
        let missing = Self.keys.flatMap { group in group.names.map { group.prefix + "." + $0 } }
            .filter { catalog[$0]?.isEmpty ?? true }
        #expect(missing.isEmpty, "missing in \(language): \(missing)")
    }

    @Test("The error types name keys from the list")
    func errorTypesUseListedKeys() {
        let known = Set(Self.keys.flatMap { group in group.names.map { group.prefix + "." + $0 } })
        let produced: [String] =
            [
                NoticeNumberError.empty, .wrongLength(1), .notDigits, .unsupportedAuxDigit("1"),
                .wrongCheckDigits(expected: "00"),
                .segregationCodeOutOfRange(100), .sequenceNumberOutOfRange(-1),
            ].map(\.messageKey)
            + [MoneyError.empty, .malformed, .tooManyDecimals, .negative, .overflow].map(\.messageKey)
            + [PaymentQRCodeError.unsupportedFormat, .invalidAmount].map(\.messageKey)
            + [
                DebtPositionTransitionError.notAllowed(from: .draft, event: .reported), .unknownOption(PaymentFixtures.iuv(1)),
                .optionAlreadyPaid(PaymentFixtures.iuv(1)), .optionNoLongerPayable(PaymentFixtures.iuv(1)),
            ].map(\.messageKey)
            + [
                ReconciliationFlowError.malformedXML(line: 1, detail: ""), .notAFlow(root: ""), .missingElement(""),
                .invalidValue(element: "", value: ""), .noPayments,
                .totalsMismatch(declaredCount: 0, actualCount: 0, declaredAmount: .zero, actualAmount: .zero),
            ].map(\.messageKey)
        #expect(produced.filter { !known.contains($0) }.isEmpty)
    }
}
