import Foundation
import Testing

@testable import SportelloCore

@Suite("Procedure fees")
struct ProcedureFeeTests {
    let today = LocalDate(year: 2026, month: 11, day: 24)!

    func evaluation(_ fee: ProcedureFee, _ answers: Answers = [:]) throws -> FormEvaluation {
        var definition = sampleProcedure()
        definition.fee = fee
        return FormEvaluation(procedure: try CompiledProcedure(definition), answers: answers, prefill: [:], today: today)
    }

    @Test("a fixed fee is the amount in cents; a fee read from a computed field follows the answers, empty is an exemption")
    func amounts() throws {
        #expect(try evaluation(ProcedureFee(amount: 16, reason: "Diritti")).fee == Money(cents: 1_600))
        #expect(try evaluation(ProcedureFee(amount: 0.5, reason: "Diritti")).fee == Money(cents: 50))
        let byIncome = ProcedureFee(field: "totalIncome", reason: "Quota")
        let household: Answer = .items([["income": .text("12,345")], ["income": .text("0,5")]])
        #expect(try evaluation(byIncome, ["household": household]).fee == Money(cents: 1_285), "12.845 € rounded to the cent")
        #expect(try evaluation(byIncome).fee == .zero, "nothing computed: nothing to pay")
        #expect(try evaluation(byIncome, ["household": .items([["income": .text("0")]])]).fee == .zero)
        #expect(
            FormEvaluation(procedure: try CompiledProcedure(sampleProcedure()), answers: [:], prefill: [:], today: today).fee
                == nil)
    }

    @Test("a wrong fee is refused with the procedure file, every problem named")
    func problems() {
        func problems(_ fee: ProcedureFee) -> [String] {
            var definition = sampleProcedure()
            definition.fee = fee
            do {
                _ = try CompiledProcedure(definition)
                return []
            } catch { return error.problems }
        }
        #expect(problems(ProcedureFee(amount: 10, field: "totalIncome", reason: "x")) == ["fee: give either amount or field"])
        #expect(problems(ProcedureFee(reason: "x")) == ["fee: give either amount or field"])
        #expect(problems(ProcedureFee(amount: 1.005, reason: "x")) == ["fee: amount must be above 0 with at most two decimals"])
        #expect(problems(ProcedureFee(field: "missing", reason: "x")) == ["fee: 'missing' is not a top-level field of this form"])
        #expect(problems(ProcedureFee(field: "email", reason: "x")) == ["fee: field 'email' must be a number or money field"])
        #expect(
            problems(ProcedureFee(amount: 5, reason: LocalizedText(String(repeating: "a", count: 141)), dueDays: 0)) == [
                "fee: reason must have 1 to 140 characters", "fee: dueDays must be between 1 and 365",
            ])
        #expect(problems(ProcedureFee(amount: 5, reason: "Diritti", category: "9/0101108TS/", dueDays: 30)).isEmpty)
    }

    @Test("a filing's fee position: identifier from the filing, IUV from the sequence, published and payable, due in N days")
    func position() throws {
        let filing = Filing(
            tenantID: PaymentFixtures.tenantID, procedureCode: "cdu", procedureVersion: 1,
            owner: try CodiceFiscale(validating: "RSSMRA85T10A562S"), answers: [:], createdAt: Date(), updatedAt: Date())
        let position = try FilingFee.position(
            filing: filing, amount: Money(cents: 3_500), reason: String(repeating: "Diritti ", count: 30), category: nil,
            dueDays: 30, debtor: PaymentFixtures.debtor, creditor: PaymentFixtures.creditor, companyName: "Comune di Prova",
            settings: PaymentSettings(
                segregationCode: 1, defaultIBAN: PaymentFixtures.iban, defaultCategory: PaymentFixtures.category),
            sequenceNumber: 1, today: today)
        #expect(position.iupd == FilingFee.iupd(for: filing.id) && position.iupd.count == 35 && position.iupd.hasPrefix("DOM-"))
        #expect(position.paymentOptions.map(\.noticeNumber.value) == ["301000000000000144"])
        #expect(position.paymentOptions[0].dueDate == LocalDate(year: 2026, month: 12, day: 24)!)
        #expect(position.paymentOptions[0].transfers.map(\.category) == [PaymentFixtures.category])
        #expect(position.reason.count == 140, "the reason is cut to what a notice holds")
        #expect(position.status == .valid)
        // Without an account to credit, no position is made.
        #expect(throws: FilingFee.Problem.self) {
            try FilingFee.position(
                filing: filing, amount: Money(cents: 3_500), reason: "Diritti", category: nil, dueDays: 30,
                debtor: PaymentFixtures.debtor, creditor: PaymentFixtures.creditor, companyName: "Comune di Prova",
                settings: PaymentSettings(segregationCode: 1), sequenceNumber: 2, today: today)
        }
    }
}
