import Foundation
import SportelloCore

/// Shared values for the payment tests: one municipality, one debtor, positions of each shape.
enum PaymentFixtures {
    static let tenantID = UUID(uuidString: "6E1B3C0A-5D2F-4C47-9B7E-2A9C1D3E4F50")!
    static let creditor = try! CreditorFiscalCode(validating: "97735020584")
    static let otherCreditor = try! CreditorFiscalCode(validating: "00085240950")
    static let iban = "IT60X0542811101000000123456"
    static let category = "9/0101100IM/"
    static let today = LocalDate(year: 2025, month: 3, day: 1)!
    static let debtor = Debtor(
        identifier: .person(try! CodiceFiscale(validating: "RSSMRA85T10A562S")), fullName: "Mario Rossi",
        email: "mario.rossi@example.it")

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// The IUV with segregation code 01 and this sequence number.
    static func iuv(_ sequenceNumber: Int64) -> IUV {
        try! IUV.make(segregationCode: 1, sequenceNumber: sequenceNumber)
    }

    static func transfer(_ id: Int = 1, cents: Int64, iban: String = iban) -> PaymentTransfer {
        PaymentTransfer(
            id: id, amount: Money(cents: cents), remittanceInformation: "Sanzione n. 42", category: category,
            destination: .iban(iban))
    }

    static func option(
        _ sequenceNumber: Int64, cents: Int64, due: String = "2025-04-30", partial: Bool = false,
        transfers: [PaymentTransfer]? = nil
    ) -> PaymentOption {
        PaymentOption(
            iuv: iuv(sequenceNumber), amount: Money(cents: cents), dueDate: date(due), description: "Sanzione n. 42",
            isPartialPayment: partial, transfers: transfers ?? [transfer(cents: cents)])
    }

    static func position(
        options: [PaymentOption], status: DebtPositionStatus = .draft, validityDate: LocalDate? = nil,
        switchToExpired: Bool = true, payments: [OptionPayment] = []
    ) -> DebtPosition {
        DebtPosition(
            tenantID: tenantID, iupd: "IUPD-2025-0001", creditorFiscalCode: creditor, companyName: "Comune di Esempio",
            reason: "Sanzione codice della strada", debtor: debtor, paymentOptions: options, validityDate: validityDate,
            switchToExpired: switchToExpired, status: status, payments: payments)
    }

    /// One option of 100,00 € due 30 April 2025.
    static func singlePayment(status: DebtPositionStatus = .draft, payments: [OptionPayment] = []) -> DebtPosition {
        position(options: [option(1, cents: 100_00)], status: status, payments: payments)
    }

    /// 300,00 € at once (IUV 10) or in three instalments of 100,00 € (IUVs 11, 12, 13) due March to May.
    static func instalmentPlan(status: DebtPositionStatus = .draft, payments: [OptionPayment] = []) -> DebtPosition {
        position(
            options: [
                option(10, cents: 300_00, due: "2025-03-31"),
                option(11, cents: 100_00, due: "2025-03-31", partial: true),
                option(12, cents: 100_00, due: "2025-04-30", partial: true),
                option(13, cents: 100_00, due: "2025-05-31", partial: true),
            ], status: status, payments: payments)
    }

    /// A successful receipt for an option of a fixture position, one transfer per option transfer.
    static func receipt(
        for option: PaymentOption, id: String = "RCPT-0001", outcome: PaymentOutcome = .ok,
        creditor: CreditorFiscalCode = creditor,
        paidAt: Date = Date(timeIntervalSince1970: 1_741_254_400), pspID: String = "ABI03069"
    ) -> PaymentReceipt {
        PaymentReceipt(
            receiptID: id, noticeNumber: option.noticeNumber, creditorFiscalCode: creditor, outcome: outcome,
            creditorReferenceID: option.iuv, paymentAmount: option.amount, description: option.description,
            companyName: "Comune di Esempio", debtor: debtor,
            transfers: option.transfers.map {
                ReceiptTransfer(
                    id: $0.id, amount: $0.amount, creditorFiscalCode: creditor, iban: iban,
                    remittanceInformation: $0.remittanceInformation, category: $0.category)
            },
            pspID: pspID, pspName: "Banca Esempio", channelID: "ABI03069_01", paymentMethod: "CP",
            fee: Money(cents: 1_00), paymentDateTime: paidAt, applicationDate: date("2025-03-06"),
            transferDate: date("2025-03-07"))
    }
}
