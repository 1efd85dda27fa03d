import Foundation
import SQLKit
import SportelloCore
import SportelloTestSupport
import Testing

@testable import SportelloStorage

@Suite("Filing fees: confirmed, paid, then registered, on every database")
struct FilingFeeStoreTests {
    static let rome = TimeZone(identifier: "Europe/Rome")!
    static let iban = "IT60X0542811101000000123456"

    static func position(for filing: Filing, tenant: Tenant, sequence: Int64, today: LocalDate) throws -> DebtPosition {
        try FilingFee.position(
            filing: filing, amount: Money(cents: 1_600), reason: "Diritti di segreteria", category: nil, dueDays: 30,
            debtor: Debtor(identifier: try DebtorIdentifier(validating: "RSSMRA85T10A562S"), fullName: "Mario Rossi"),
            creditor: tenant.fiscalCode, companyName: tenant.name,
            settings: PaymentSettings(segregationCode: 1, defaultIBAN: iban, defaultCategory: "9/0101108TS/"),
            sequenceNumber: sequence, today: today)
    }

    static func receipt(_ position: DebtPosition, id: String, outcome: PaymentOutcome, today: LocalDate) -> PaymentReceipt {
        let option = position.paymentOptions[0]
        return PaymentReceipt(
            receiptID: id, noticeNumber: option.noticeNumber, creditorFiscalCode: position.creditorFiscalCode,
            outcome: outcome, creditorReferenceID: option.iuv, paymentAmount: option.amount, description: option.description,
            companyName: position.companyName, debtor: position.debtor,
            transfers: [
                ReceiptTransfer(
                    id: 1, amount: option.amount, creditorFiscalCode: position.creditorFiscalCode, iban: iban,
                    remittanceInformation: option.description, category: "9/0101108TS/")
            ], pspID: "PSP", pspName: "Banca", channelID: "C", paymentMethod: "CP", paymentDateTime: Date(),
            applicationDate: today, transferDate: today)
    }

    @Test(
        "a fee filing waits locked with its position; a KO receipt changes nothing, the OK one releases its registration job once",
        arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, other) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let today = LocalDate(clock.now, in: Self.rome)
            let filings = FluentFilingRepository(storage: storage)
            let store = SQLSubmissionStore(storage: storage, timeZone: Self.rome, clock: clock)
            let receipts = SQLPaymentReceipts(storage: storage)
            var filing = try await SubmissionStoreTests.draft(tenant, filings, clock: clock)
            filing.confirmedAt = clock.now
            let position = try Self.position(for: filing, tenant: tenant, sequence: 1, today: today)
            #expect(position.status == .valid && position.iupd.count <= 35)
            let onPaid = NewOutboxJob(
                tenantID: tenant.id, kind: "filing.paid-registration", key: "paid:\(filing.id)", payload: "{}")
            let pending = PendingPayment(filing: filing, position: position, jobs: [], onPaid: onPaid)
            #expect(try await store.awaitPayment(pending))
            #expect(try await store.awaitPayment(pending) == false, "confirmed twice: one position")
            func status() async throws -> FilingStatus? {
                try await filings.find(id: filing.id, owner: SubmissionStoreTests.mario, tenantID: tenant.id)?.status
            }
            func released() async throws -> Int {
                try await storage.sql().raw("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'filing.paid-registration'")
                    .first()!.decode(column: "n", as: Int.self)
            }
            #expect(try await status() == .awaitingPayment)
            let positions = SQLDebtPositions(storage: storage)
            #expect(
                try await positions.invalidate(iupd: position.iupd, tenantID: tenant.id, jobs: { _ in [] }, at: clock.now)
                    == .refused("payments.invalidate.refused.filingFee"), "a filing's fee is not cancelled by the office")
            #expect(
                try await positions.invalidate(iupd: position.iupd, tenantID: other.id, jobs: { _ in [] }, at: clock.now)
                    == .notFound)
            // It is no draft: it can be neither submitted directly nor deleted.
            #expect(try await store.submit(SubmissionStoreTests.request(filing, tenant: tenant)) == .notADraft)

            #expect(
                try await receipts.record(
                    Self.receipt(position, id: "KO-1", outcome: .ko, today: today), tenantID: tenant.id, at: clock.now)
                    == .notPaid)
            #expect(try await status() == .awaitingPayment)
            #expect(try await released() == 0)
            // Another municipality's receipt for the same notice number does not touch it.
            #expect(
                try await receipts.record(
                    Self.receipt(position, id: "OK-X", outcome: .ok, today: today), tenantID: other.id, at: clock.now)
                    == .refused(.unknown))

            let paid = Self.receipt(position, id: "OK-1", outcome: .ok, today: today)
            guard case .recorded = try await receipts.record(paid, tenantID: tenant.id, at: clock.now) else {
                Issue.record("the positive receipt was not recorded")
                return
            }
            #expect(try await status() == .readyToSubmit)
            #expect(try await released() == 1)
            _ = try await receipts.record(paid, tenantID: tenant.id, at: clock.now)
            #expect(try await released() == 1, "the same receipt again releases nothing")

            // Registered as a paid filing, with the receipt among its documents; a draft request no longer fits.
            #expect(try await store.submit(SubmissionStoreTests.request(filing, tenant: tenant)) == .notADraft)
            var request = SubmissionStoreTests.request(filing, tenant: tenant)
            request.expectedStatus = .readyToSubmit
            let copy: [UInt8] = Array("%PDF-1.4 ricevuta".utf8)
            request.supporting = [
                SupportingDocument(
                    document: StoredDocument(
                        filingID: filing.id, kind: .payment, fileName: "ricevuta-pagamento.pdf", mimeType: "application/pdf",
                        sha256: String(repeating: "c", count: 64), size: copy.count, createdAt: clock.now),
                    content: copy)
            ]
            guard case .submitted(let registration, _) = try await store.submit(request) else {
                Issue.record("the paid filing was not registered")
                return
            }
            #expect(registration.number == 1)
            #expect(try await status() == .submitted)
            let entry = try #require(
                try await SQLProtocolRegister(storage: storage, timeZone: Self.rome).entry(
                    id: registration.entryID, tenantID: tenant.id))
            #expect(entry.registration.documents.map(\.fileName) == ["domanda.pdf", "isee.pdf", "ricevuta-pagamento.pdf"])
            #expect(
                try await SQLFilingDocuments(storage: storage).content(filingID: filing.id, kind: .payment, tenantID: tenant.id)
                    == copy)
            #expect(try await store.submit(request) == .notADraft, "registered once")
        }
    }
}
