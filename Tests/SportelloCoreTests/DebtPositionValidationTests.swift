import Foundation
import SportelloCore
import Testing

@Suite("Debt position validation")
struct DebtPositionValidationTests {
    typealias F = PaymentFixtures

    @Test("A single payment and an instalment plan are valid")
    func validPositions() throws {
        #expect(F.singlePayment().validationErrors(today: F.today).isEmpty)
        #expect(F.instalmentPlan().validationErrors(today: F.today).isEmpty)
        try F.instalmentPlan().validate(today: F.today)
    }

    @Test("A transfer may be a revenue stamp or go to another creditor")
    func stampsAndOtherCreditors() {
        let stamp = PaymentTransfer(
            id: 2, amount: Money(cents: 16_00), remittanceInformation: "Marca da bollo", category: "9/0301116TS/",
            destination: .stamp(
                RevenueStamp(
                    documentHash: "wHpFSLCGZjIvNSXxqtGbLJM6p/uHyGkkQk9JB5K3d1E=", stampType: "01", provincialResidence: "RM")))
        var other = F.transfer(3, cents: 4_00)
        other.creditorFiscalCode = F.otherCreditor
        let option = F.option(1, cents: 120_00, transfers: [F.transfer(1, cents: 100_00), stamp, other])
        #expect(F.position(options: [option]).validationErrors(today: F.today).isEmpty)
    }

    @Test("Every problem is reported at once")
    func everyProblemAtOnce() {
        let tooLong = String(repeating: "x", count: 141)
        var position = F.position(
            options: [
                F.option(
                    1, cents: 100_00, due: "2025-02-28",
                    transfers: [
                        F.transfer(1, cents: 60_00),
                        PaymentTransfer(
                            id: 1, amount: Money(cents: 30_00), remittanceInformation: tooLong, category: "0101100IM",
                            destination: .iban("IT60X0542811101000000123457")),
                        PaymentTransfer(
                            id: 6, amount: Money(cents: 0), remittanceInformation: " ", category: "9/0101100IM/",
                            destination: .stamp(RevenueStamp(documentHash: "", stampType: "A", provincialResidence: "rm"))),
                    ]),
                F.option(1, cents: 0, due: "2025-05-01"),
            ], validityDate: F.date("2025-02-01"))
        position.iupd = ""
        position.companyName = tooLong
        position.reason = "  "
        position.debtor.fullName = String(repeating: "y", count: 71)
        position.debtor.email = "not an email"
        position.paymentOptions[1].description = ""
        let errors = position.validationErrors(today: F.today)
        let expected = [
            ("iupd", "iupdMissing"),
            ("companyName", "companyNameTooLong"),
            ("reason", "reasonMissing"),
            ("debtor.fullName", "fullNameTooLong"),
            ("debtor.email", "invalidEmail"),
            ("validityDate", "validityDateInPast"),
            ("paymentOptions", "moreThanOneSinglePayment"),
            ("paymentOptions[1].iuv", "duplicateIUV"),
            ("paymentOptions[0].dueDate", "dueDateInPast"),
            ("paymentOptions[0].transfers", "transfersSumMismatch"),
            ("paymentOptions[0].transfers[1].id", "duplicateTransferID"),
            ("paymentOptions[0].transfers[1].remittanceInformation", "remittanceInformationTooLong"),
            ("paymentOptions[0].transfers[1].category", "invalidCategory"),
            ("paymentOptions[0].transfers[1].iban", "invalidIBAN"),
            ("paymentOptions[0].transfers[2].id", "transferIDOutOfRange"),
            ("paymentOptions[0].transfers[2].amount", "amountNotPositive"),
            ("paymentOptions[0].transfers[2].remittanceInformation", "remittanceInformationMissing"),
            ("paymentOptions[0].transfers[2].stamp", "invalidStamp"),
            ("paymentOptions[1].amount", "amountNotPositive"),
            ("paymentOptions[1].description", "descriptionMissing"),
            ("paymentOptions[1].transfers[0].amount", "amountNotPositive"),
        ].map { FieldError(field: $0.0, messageKey: "error.debtPosition." + $0.1) }
        #expect(errors == expected)
        #expect(throws: ValidationFailure(expected)) { try position.validate(today: F.today) }
    }

    @Test("Instalments must be more than one, in due-date order, and add up to the single payment")
    func instalmentPlans() {
        var plan = F.instalmentPlan()
        plan.paymentOptions[3].dueDate = F.date("2025-04-30")
        plan.paymentOptions[1].amount = Money(cents: 99_00)
        plan.paymentOptions[1].transfers[0].amount = Money(cents: 99_00)
        #expect(
            plan.validationErrors(today: F.today) == [
                FieldError(field: "paymentOptions[3].dueDate", messageKey: "error.debtPosition.instalmentsOutOfOrder"),
                FieldError(field: "paymentOptions", messageKey: "error.debtPosition.instalmentsSumMismatch"),
            ])
        let lone = F.position(options: [F.option(1, cents: 100_00), F.option(2, cents: 100_00, partial: true)])
        #expect(
            lone.validationErrors(today: F.today) == [
                FieldError(field: "paymentOptions[1]", messageKey: "error.debtPosition.singleInstalment")
            ])
        // Instalments alone (no single payment) need no total to match.
        let onlyInstalments = F.position(options: Array(F.instalmentPlan().paymentOptions.dropFirst()))
        #expect(onlyInstalments.validationErrors(today: F.today).isEmpty)
    }

    @Test("A position needs options, each with one to five transfers, due on or after the validity date")
    func optionsAndTransfersCount() {
        #expect(
            F.position(options: []).validationErrors(today: F.today) == [
                FieldError(field: "paymentOptions", messageKey: "error.debtPosition.noPaymentOptions")
            ])
        let six = (1...6).map { F.transfer($0, cents: 1_00) }
        let position = F.position(
            options: [F.option(1, cents: 6_00, due: "2025-03-15", transfers: six), F.option(2, cents: 1_00, transfers: [])]
                .map {
                    var option = $0; option.isPartialPayment = true; return option
                },
            validityDate: F.date("2025-03-20"))
        #expect(
            position.validationErrors(today: F.today) == [
                FieldError(field: "paymentOptions[0].dueDate", messageKey: "error.debtPosition.dueDateBeforeValidityDate"),
                FieldError(field: "paymentOptions[0].transfers", messageKey: "error.debtPosition.tooManyTransfers"),
                FieldError(field: "paymentOptions[0].transfers[5].id", messageKey: "error.debtPosition.transferIDOutOfRange"),
                FieldError(field: "paymentOptions[1].transfers", messageKey: "error.debtPosition.noTransfers"),
            ])
    }

    @Test("A due date today is accepted, yesterday is not")
    func dueDateBoundary() {
        let due = F.position(options: [F.option(1, cents: 100_00, due: "2025-03-01")])
        #expect(due.validationErrors(today: F.today).isEmpty)
        #expect(
            due.validationErrors(today: F.date("2025-03-02")) == [
                FieldError(field: "paymentOptions[0].dueDate", messageKey: "error.debtPosition.dueDateInPast")
            ])
    }

    @Test(
        "Taxonomy codes have the kind of body and the revenue code, each closed by a slash",
        arguments: [
            ("9/0101100IM/", true), ("10/0301116TS/", true), ("9/0101100IM", false), ("/0101100IM/", false),
            ("123/0101100IM/", false), ("9//", false), ("9/0101100im/", false), ("9/0101100IM/x", false), ("", false),
        ])
    func taxonomyCodes(code: String, valid: Bool) {
        #expect(DebtPosition.isTaxonomyCode(code) == valid)
    }

    @Test("Debtors are people with a codice fiscale or organisations with an 11-digit code")
    func debtors() throws {
        #expect(try DebtorIdentifier(validating: "RSSMRA85T10A562S").type == .person)
        #expect(try DebtorIdentifier(validating: "97735020584") == .organisation(F.creditor))
        #expect(throws: DebtorIdentifierError.organisation(.wrongCheckDigit(expected: 3))) {
            try DebtorIdentifier(validating: "12345678901")
        }
        #expect(throws: DebtorIdentifierError.person(.wrongCheckCharacter(expected: "S"))) {
            try DebtorIdentifier(validating: "RSSMRA85T10A562T")
        }
        let data = try JSONEncoder().encode(F.debtor.identifier)
        #expect(String(decoding: data, as: UTF8.self).contains(#""type":"F""#))
        #expect(try JSONDecoder().decode(DebtorIdentifier.self, from: data) == F.debtor.identifier)
    }

    @Test("A position survives storage as JSON")
    func codableRoundTrip() throws {
        let position = F.instalmentPlan(status: .partiallyPaid, payments: [OptionPayment(iuv: F.iuv(11), receiptID: "R1")])
        let data = try JSONEncoder().encode(position)
        #expect(try JSONDecoder().decode(DebtPosition.self, from: data) == position)
        #expect(String(decoding: data, as: UTF8.self).contains(#""status":"PARTIALLY_PAID""#))
    }
}
