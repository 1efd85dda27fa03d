import Foundation
import SportelloCore
import Testing

@Suite("Payment receipts")
struct PaymentReceiptTests {
    typealias F = PaymentFixtures

    @Test("A receipt for a payable option is recorded and pays the position")
    func recorded() {
        let position = F.singlePayment(status: .valid)
        let receipt = F.receipt(for: position.paymentOptions[0])
        #expect(receipt.validationErrors.isEmpty)
        guard case .recorded(let paid, let option) = position.applying(receipt) else {
            Issue.record("not recorded: \(position.applying(receipt))")
            return
        }
        #expect(option == F.iuv(1))
        #expect(paid.status == .paid)
        #expect(paid.payments == [OptionPayment(iuv: F.iuv(1), receiptID: "RCPT-0001")])
        #expect(position.applying(receipt).fault == nil)
    }

    @Test("The same receipt again is already recorded, even after the position was reported")
    func idempotent() throws {
        let position = F.singlePayment(status: .valid)
        let receipt = F.receipt(for: position.paymentOptions[0])
        guard case .recorded(let paid, _) = position.applying(receipt) else {
            Issue.record("not recorded")
            return
        }
        #expect(paid.applying(receipt) == .alreadyRecorded(option: F.iuv(1)))
        #expect(try paid.applying(.reported).applying(receipt) == .alreadyRecorded(option: F.iuv(1)))
        #expect(paid.applying(receipt).fault == nil)
    }

    @Test("A second, different receipt for a paid option is a duplicate payment")
    func duplicate() {
        let paid = F.singlePayment(status: .paid, payments: [OptionPayment(iuv: F.iuv(1), receiptID: "RCPT-0001")])
        let second = F.receipt(for: paid.paymentOptions[0], id: "RCPT-0002")
        #expect(paid.applying(second) == .duplicatePayment(option: F.iuv(1), recordedReceiptID: "RCPT-0001"))
        #expect(paid.applying(second).fault == .duplicate)
        // Paying the whole amount after an instalment: the debt is settled another way.
        let started = F.instalmentPlan(status: .partiallyPaid, payments: [OptionPayment(iuv: F.iuv(11), receiptID: "R11")])
        let whole = F.receipt(for: started.paymentOptions[0], id: "R10")
        #expect(started.applying(whole) == .duplicatePayment(option: F.iuv(10), recordedReceiptID: "R11"))
    }

    @Test(
        "Positions that cannot be paid answer with GPD's faults",
        arguments: [
            (DebtPositionStatus.invalid, PaymentFault.cancelled), (.expired, .expired), (.draft, .unknown),
            (.published, .unknown),
        ])
    func faults(status: DebtPositionStatus, fault: PaymentFault) {
        let position = F.singlePayment(status: status)
        let result = position.applying(F.receipt(for: position.paymentOptions[0]))
        #expect(result == .refused(fault))
        #expect(result.fault == fault)
    }

    @Test("A notice the position does not have, or of another creditor, is unknown")
    func unknownNotice() {
        let position = F.singlePayment(status: .valid)
        #expect(position.applying(F.receipt(for: F.option(2, cents: 100_00))) == .refused(.unknown))
        #expect(position.applying(F.receipt(for: position.paymentOptions[0], creditor: F.otherCreditor)) == .refused(.unknown))
    }

    @Test("The fault codes are pagoPA's")
    func faultCodes() {
        #expect(
            PaymentFault.allCases.map(\.rawValue) == [
                "PAA_PAGAMENTO_SCONOSCIUTO", "PAA_PAGAMENTO_DUPLICATO", "PAA_PAGAMENTO_SCADUTO", "PAA_PAGAMENTO_ANNULLATO",
            ])
    }

    @Test("A failed payment changes nothing")
    func failedPayment() {
        let position = F.singlePayment(status: .valid)
        #expect(position.applying(F.receipt(for: position.paymentOptions[0], outcome: .ko)) == .notPaid)
    }

    @Test("An inconsistent receipt is refused with every problem")
    func inconsistentReceipt() {
        let position = F.singlePayment(status: .valid)
        var receipt = F.receipt(for: position.paymentOptions[0])
        receipt.creditorReferenceID = F.iuv(2)
        receipt.transfers[0].amount = Money(cents: 90_00)
        receipt.transfers.append(receipt.transfers[0])
        receipt.receiptID = ""
        let expected = [
            FieldError(field: "receiptID", messageKey: "error.receipt.invalidReceiptID"),
            FieldError(field: "creditorReferenceID", messageKey: "error.receipt.iuvDiffersFromNoticeNumber"),
            FieldError(field: "transfers", messageKey: "error.receipt.transfersSumMismatch"),
            FieldError(field: "transfers[1].id", messageKey: "error.receipt.invalidTransferID"),
        ]
        #expect(receipt.validationErrors == expected)
        #expect(position.applying(receipt) == .invalid(expected))

        var sixTransfers = F.receipt(for: position.paymentOptions[0])
        sixTransfers.paymentAmount = Money(cents: 6_00)
        sixTransfers.transfers = (1...6).map {
            ReceiptTransfer(
                id: $0, amount: Money(cents: 1_00), creditorFiscalCode: F.creditor, iban: F.iban, remittanceInformation: "x",
                category: F.category)
        }
        #expect(sixTransfers.validationErrors.map(\.messageKey).contains("error.receipt.wrongTransferCount"))
    }

    @Test("A receipt for another amount than the option's, or reusing another option's receipt id, is refused")
    func mismatchedReceipts() {
        let position = F.singlePayment(status: .valid)
        var receipt = F.receipt(for: position.paymentOptions[0])
        receipt.paymentAmount = Money(cents: 50_00)
        receipt.transfers[0].amount = Money(cents: 50_00)
        #expect(
            position.applying(receipt)
                == .invalid([FieldError(field: "paymentAmount", messageKey: "error.receipt.amountDiffersFromOption")]))
        let plan = F.instalmentPlan(status: .partiallyPaid, payments: [OptionPayment(iuv: F.iuv(11), receiptID: "R11")])
        #expect(
            plan.applying(F.receipt(for: plan.paymentOptions[2], id: "R11"))
                == .invalid([FieldError(field: "receiptID", messageKey: "error.receipt.receiptIDReused")]))
    }

    @Test("A receipt survives storage as JSON")
    func codable() throws {
        let receipt = F.receipt(for: F.instalmentPlan().paymentOptions[1])
        #expect(try JSONDecoder().decode(PaymentReceipt.self, from: JSONEncoder().encode(receipt)) == receipt)
    }
}
