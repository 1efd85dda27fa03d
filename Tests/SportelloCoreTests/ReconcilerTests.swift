import Foundation
import SportelloCore
import Testing

@Suite("Reconciliation of flows with receipts")
struct ReconcilerTests {
    typealias F = PaymentFixtures

    static let psp = "ABI03069"
    static let period = F.date("2025-03-06")...F.date("2025-03-06")

    static func receipt(
        _ id: String, _ sequence: Int64, index: Int = 1, cents: Int64, day: String = "2025-03-06", psp: String = psp,
        creditor: CreditorFiscalCode = F.creditor
    ) -> ReconciliationReceipt {
        ReconciliationReceipt(
            receiptID: id, creditorFiscalCode: creditor, iuv: F.iuv(sequence), transferIndex: index, amount: Money(cents: cents),
            pspID: psp, paymentDate: F.date(day))
    }

    static func line(_ iuv: String, index: Int = 1, cents: Int64, outcome: FlowPaymentOutcome = .paid) -> FlowPayment {
        FlowPayment(
            iuv: iuv, iur: "IUR-\(iuv.suffix(4))-\(index)", transferIndex: index, amount: Money(cents: cents), outcome: outcome,
            outcomeDate: F.date("2025-03-06"))
    }

    static func flow(_ payments: [FlowPayment]) -> ReconciliationFlow {
        ReconciliationFlow(
            id: "2025-03-07ABI03069-S0000001", dateTime: Date(timeIntervalSince1970: 1_741_325_400),
            settlementID: "Bonifico SEPA-03069-A1B2C", settlementDate: F.date("2025-03-07"),
            sender: FlowSender(idType: .bic, id: psp), receiver: FlowReceiver(fiscalCode: F.creditor), payments: payments)
    }

    /// A flow with one line of every kind, and receipts some of which it does not mention.
    static let seededReceipts = [
        receipt("R1", 1, cents: 100_00),
        receipt("R2", 2, index: 1, cents: 50_00),
        receipt("R2", 2, index: 2, cents: 20_00),
        receipt("R3", 3, cents: 10_00),
        receipt("R4", 4, cents: 30_00),  // paid in the period, not in the flow
        receipt("R5", 5, cents: 40_00, day: "2025-03-01"),  // outside the period
        receipt("R6", 6, cents: 10_00, psp: "BCITITMM"),  // another PSP's flow will report it
        receipt("R9", 9, cents: 5_00, creditor: F.otherCreditor),  // another creditor's transfer
    ]
    static let seededFlow = flow([
        line(F.iuv(1).value, cents: 100_00),
        line(F.iuv(2).value, index: 1, cents: 50_00),
        line(F.iuv(2).value, index: 2, cents: 25_00),
        line(F.iuv(3).value, cents: 10_00, outcome: .revoked),
        line(F.iuv(7).value, cents: 70_00, outcome: .paidInStandIn),
        line("01000000000099999", cents: 1_00),
        line(F.iuv(1).value, cents: 100_00),
        line(F.iuv(9).value, cents: 5_00),
    ])

    @Test("Each line of a seeded flow gets its class, with counts and amounts per class")
    func seededFlow() {
        let report = Reconciler.reconcile(
            Self.seededFlow, receipts: Self.seededReceipts, issuedIUVs: [F.iuv(7), F.iuv(9)], period: Self.period)
        #expect(
            report.lines.map(\.status) == [
                .matched, .matched, .amountMismatch, .revoked, .missingReceipt, .unknownIUV, .duplicateInFlow, .missingReceipt,
                .notInFlow,
            ])
        #expect(report.total(.matched) == ReconciliationTotal(count: 2, amount: Money(cents: 150_00)))
        #expect(report.total(.amountMismatch) == ReconciliationTotal(count: 1, amount: Money(cents: 25_00)))
        #expect(report.total(.revoked) == ReconciliationTotal(count: 1, amount: Money(cents: 10_00)))
        #expect(report.total(.missingReceipt) == ReconciliationTotal(count: 2, amount: Money(cents: 75_00)))
        #expect(report.total(.unknownIUV) == ReconciliationTotal(count: 1, amount: Money(cents: 1_00)))
        #expect(report.total(.duplicateInFlow) == ReconciliationTotal(count: 1, amount: Money(cents: 100_00)))
        #expect(report.total(.notInFlow) == ReconciliationTotal(count: 1, amount: Money(cents: 30_00)))
        #expect(report.totals.values.map(\.count).reduce(0, +) == 9)
        #expect(!report.isClean)

        let mismatch = report.lines[2]
        #expect(mismatch.payment?.amount == Money(cents: 25_00))
        #expect(mismatch.receipt?.amount == Money(cents: 20_00))
        #expect(report.lines[8].receipt?.receiptID == "R4")
        #expect(report.lines[8].payment == nil)
    }

    @Test("A flow that agrees with the receipts is clean")
    func cleanFlow() {
        let flow = Self.flow([Self.line(F.iuv(1).value, cents: 100_00)])
        let report = Reconciler.reconcile(flow, receipts: [Self.receipt("R1", 1, cents: 100_00)], period: Self.period)
        #expect(report.isClean)
        #expect(report.totals == [.matched: ReconciliationTotal(count: 1, amount: Money(cents: 100_00))])
        #expect(report.total(.unknownIUV) == ReconciliationTotal())
    }

    @Test("Receipts become reconciliation entries, one per transfer, and failed ones none")
    func entriesFromReceipts() {
        let option = F.option(1, cents: 100_00, transfers: [F.transfer(1, cents: 80_00), F.transfer(2, cents: 20_00)])
        let entries = F.receipt(for: option).reconciliationEntries()
        #expect(entries.map(\.transferIndex) == [1, 2])
        #expect(entries.map(\.amount) == [Money(cents: 80_00), Money(cents: 20_00)])
        #expect(entries.allSatisfy { $0.paymentDate == F.date("2025-03-06") && $0.iuv == F.iuv(1) && $0.pspID == "ABI03069" })
        #expect(F.receipt(for: option, outcome: .ko).reconciliationEntries().isEmpty)
    }

    @Test("The CSV report has Italian headers, Italian amounts and dates, a BOM and CRLF")
    func csvReport() throws {
        let report = Reconciler.reconcile(
            Self.seededFlow, receipts: Self.seededReceipts, issuedIUVs: [F.iuv(7), F.iuv(9)], period: Self.period)
        let data = report.csv()
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows.count == 11)  // header, 9 lines, the empty text after the last CRLF
        #expect(
            rows[0]
                == "Identificativo flusso;Esito riconciliazione;IUV;IUR;Indice trasferimento;Importo flusso;Importo ricevuta;"
                + "Codice esito;Data esito;Identificativo ricevuta;Data pagamento")
        #expect(
            rows[3]
                == "2025-03-07ABI03069-S0000001;Importo diverso;01000000000000245;IUR-0245-2;2;25,00;20,00;0;06/03/2025;R2;06/03/2025"
        )
        #expect(rows[9] == "2025-03-07ABI03069-S0000001;Non rendicontato;01000000000000447;;1;;30,00;;;R4;06/03/2025")
        let summary = String(decoding: report.summaryCSV().dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(summary[0] == "Identificativo flusso;Esito riconciliazione;Numero;Importo")
        #expect(summary[1] == "2025-03-07ABI03069-S0000001;Riconciliato;2;150,00")
        #expect(summary.count == ReconciliationStatus.allCases.count + 2)
    }

    @Test("A value from a flow cannot smuggle a formula or break the row")
    func csvInjection() {
        let evil = Self.flow([Self.line("=HYPERLINK(\"http://x\";\"y\")", cents: 1_00)])
        let text = String(decoding: Reconciler.reconcile(evil, receipts: [], period: Self.period).csv(), as: UTF8.self)
        #expect(text.contains(";IUV sconosciuto;\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";"))
    }

    @Test(
        "Cells are escaped against formulas and quoted where needed",
        arguments: [
            ("12,50", "12,50"), ("=1+2", "'=1+2"), ("+39 06 1234", "'+39 06 1234"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"), ("a;b", "\"a;b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
            ("=a;b", "\"'=a;b\""), ("", ""), ("a=b", "a=b"), ("café", "café"),
        ])
    func cellEscaping(text: String, written: String) {
        #expect(CSVWriter.cell(text) == written)
    }

    @Test("A document is a BOM, the rows joined with the separator, and CRLF after each row")
    func csvDocument() {
        let data = CSVWriter.document(header: ["a", "b"], rows: [["1", "x,y"]], separator: ",")
        #expect(data == Data([0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,\"x,y\"\r\n".utf8)))
    }
}
