import Foundation
import SportelloCore
import Testing

@Suite("Reconciliation flow XML")
struct ReconciliationFlowXMLTests {
    typealias F = PaymentFixtures

    /// Written by hand after pagoPA's FlussoRiversamento schema and its published examples: a namespace,
    /// elements the reader does not use, a name with an escaped ampersand, a payment without transfer
    /// index and a date with a time-zone suffix.
    static let sample = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <FlussoRiversamento xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">
            <versioneOggetto>1.0</versioneOggetto>
            <identificativoFlusso>2025-03-07ABI03069-S0000001</identificativoFlusso>
            <revisioneFlusso>1</revisioneFlusso>
            <dataOraFlusso>2025-03-07T06:30:00</dataOraFlusso>
            <identificativoUnivocoRegolamento>Bonifico SEPA-03069-A1B2C</identificativoUnivocoRegolamento>
            <dataRegolamento>2025-03-07</dataRegolamento>
            <istitutoMittente>
                <identificativoUnivocoMittente>
                    <tipoIdentificativoUnivoco>B</tipoIdentificativoUnivoco>
                    <codiceIdentificativoUnivoco>ABI03069</codiceIdentificativoUnivoco>
                </identificativoUnivocoMittente>
                <denominazioneMittente>Banca Esempio &amp; C.</denominazioneMittente>
            </istitutoMittente>
            <istitutoRicevente>
                <identificativoUnivocoRicevente>
                    <tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco>
                    <codiceIdentificativoUnivoco>97735020584</codiceIdentificativoUnivoco>
                </identificativoUnivocoRicevente>
                <denominazioneRicevente>Comune di Esempio</denominazioneRicevente>
            </istitutoRicevente>
            <numeroTotalePagamenti>3</numeroTotalePagamenti>
            <importoTotalePagamenti>216.50</importoTotalePagamenti>
            <datiSingoliPagamenti>
                <identificativoUnivocoVersamento>01000000000000144</identificativoUnivocoVersamento>
                <identificativoUnivocoRiscossione>IUR-0001</identificativoUnivocoRiscossione>
                <indiceDatiSingoloPagamento>1</indiceDatiSingoloPagamento>
                <singoloImportoPagato>100.00</singoloImportoPagato>
                <codiceEsitoSingoloPagamento>0</codiceEsitoSingoloPagamento>
                <dataEsitoSingoloPagamento>2025-03-06</dataEsitoSingoloPagamento>
            </datiSingoliPagamenti>
            <datiSingoliPagamenti>
                <identificativoUnivocoVersamento>01000000000000245</identificativoUnivocoVersamento>
                <identificativoUnivocoRiscossione>IUR-0002</identificativoUnivocoRiscossione>
                <indiceDatiSingoloPagamento>2</indiceDatiSingoloPagamento>
                <singoloImportoPagato>16.5</singoloImportoPagato>
                <codiceEsitoSingoloPagamento>9</codiceEsitoSingoloPagamento>
                <dataEsitoSingoloPagamento>2025-03-06</dataEsitoSingoloPagamento>
            </datiSingoliPagamenti>
            <datiSingoliPagamenti>
                <identificativoUnivocoVersamento>01000000000000346</identificativoUnivocoVersamento>
                <identificativoUnivocoRiscossione>IUR-0003</identificativoUnivocoRiscossione>
                <singoloImportoPagato>100.00</singoloImportoPagato>
                <codiceEsitoSingoloPagamento>3</codiceEsitoSingoloPagamento>
                <dataEsitoSingoloPagamento>2025-03-05+01:00</dataEsitoSingoloPagamento>
            </datiSingoliPagamenti>
        </FlussoRiversamento>
        """

    static func romeTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Rome")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    static func flow(_ text: String) throws(ReconciliationFlowError) -> ReconciliationFlow {
        try ReconciliationFlow(xml: Data(text.utf8))
    }

    @Test("The hand-written sample is read in full")
    func sampleIsRead() throws {
        let flow = try Self.flow(Self.sample)
        #expect(flow.id == "2025-03-07ABI03069-S0000001")
        #expect(flow.dateTime == Self.romeTime(2025, 3, 7, 6, 30))
        #expect(flow.dateTime == Date(timeIntervalSince1970: 1_741_325_400))  // 05:30 UTC
        #expect(flow.settlementID == "Bonifico SEPA-03069-A1B2C")
        #expect(flow.settlementDate == F.date("2025-03-07"))
        #expect(flow.sender == FlowSender(idType: .bic, id: "ABI03069", name: "Banca Esempio & C."))
        #expect(flow.receiver == FlowReceiver(fiscalCode: F.creditor, name: "Comune di Esempio"))
        #expect(flow.settlementBankBIC == nil)
        #expect(flow.totalCount == 3)
        #expect(flow.totalAmount == Money(cents: 216_50))
        #expect(
            flow.payments == [
                FlowPayment(
                    iuv: "01000000000000144", iur: "IUR-0001", transferIndex: 1, amount: Money(cents: 100_00), outcome: .paid,
                    outcomeDate: F.date("2025-03-06")),
                FlowPayment(
                    iuv: "01000000000000245", iur: "IUR-0002", transferIndex: 2, amount: Money(cents: 16_50),
                    outcome: .paidWithoutRPT, outcomeDate: F.date("2025-03-06")),
                FlowPayment(
                    iuv: "01000000000000346", iur: "IUR-0003", transferIndex: 1, amount: Money(cents: 100_00), outcome: .revoked,
                    outcomeDate: F.date("2025-03-05")),
            ])
    }

    @Test("Writing a flow and reading it back gives the same flow, summer time and special characters included")
    func roundTrip() throws {
        let flow = ReconciliationFlow(
            id: "2025-07-01ABI03069-<&>\"'", dateTime: Self.romeTime(2025, 7, 1, 12, 0), settlementID: "Bonifico SEPA-1",
            settlementDate: F.date("2025-07-01"), sender: FlowSender(idType: .abi, id: "03069"), settlementBankBIC: "BCITITMM",
            receiver: FlowReceiver(fiscalCode: F.creditor),
            payments: FlowPaymentOutcome.allCases.enumerated().map { index, outcome in
                FlowPayment(
                    iuv: F.iuv(Int64(index)).value, iur: "IUR-\(index)", transferIndex: index % 5 + 1,
                    amount: Money(cents: Int64(index) * 1_001 + 1), outcome: outcome, outcomeDate: F.date("2025-06-30"))
            })
        let xml = flow.xml()
        #expect(xml.contains("<dataOraFlusso>2025-07-01T12:00:00</dataOraFlusso>"))
        #expect(xml.contains("<importoTotalePagamenti>100.15</importoTotalePagamenti>"))
        #expect(xml.contains("<identificativoFlusso>2025-07-01ABI03069-&lt;&amp;&gt;&quot;&apos;</identificativoFlusso>"))
        #expect(try Self.flow(xml) == flow)
        #expect(try Self.flow(Self.sample).xml() == (try Self.flow(Self.flow(Self.sample).xml()).xml()))
    }

    @Test("Times may carry fractions of a second and an offset")
    func offsets() throws {
        let text = Self.sample.replacingOccurrences(of: "2025-03-07T06:30:00<", with: "2025-03-07T06:30:00.250Z<")
        #expect(try Self.flow(text).dateTime == Date(timeIntervalSince1970: 1_741_329_000.25))
        let plusTwo = Self.sample.replacingOccurrences(of: "2025-03-07T06:30:00<", with: "2025-03-07T07:30:00+02:00<")
        #expect(try Self.flow(plusTwo).dateTime == Date(timeIntervalSince1970: 1_741_325_400))
    }

    @Test("A flow whose header totals differ from its payments is refused")
    func totalsMismatch() {
        let count = Self.sample.replacingOccurrences(of: "<numeroTotalePagamenti>3<", with: "<numeroTotalePagamenti>4<")
        #expect(
            throws: ReconciliationFlowError.totalsMismatch(
                declaredCount: 4, actualCount: 3, declaredAmount: Money(cents: 216_50), actualAmount: Money(cents: 216_50))
        ) { try Self.flow(count) }
        let amount = Self.sample.replacingOccurrences(of: ">216.50<", with: ">216.49<")
        #expect(
            throws: ReconciliationFlowError.totalsMismatch(
                declaredCount: 3, actualCount: 3, declaredAmount: Money(cents: 216_49), actualAmount: Money(cents: 216_50))
        ) { try Self.flow(amount) }
        #expect(
            ReconciliationFlowError.totalsMismatch(declaredCount: 0, actualCount: 0, declaredAmount: .zero, actualAmount: .zero)
                .messageKey == "error.reconciliationFlow.totalsMismatch")
    }

    @Test(
        "Missing and malformed values are named",
        arguments: [
            (
                "<identificativoFlusso>2025-03-07ABI03069-S0000001</identificativoFlusso>", "",
                ReconciliationFlowError.missingElement("identificativoFlusso")
            ),
            (
                "<dataOraFlusso>2025-03-07T06:30:00<", "<dataOraFlusso>07/03/2025 06:30<",
                .invalidValue(element: "dataOraFlusso", value: "07/03/2025 06:30")
            ),
            (
                "<dataRegolamento>2025-03-07<", "<dataRegolamento>2025-02-30<",
                .invalidValue(element: "dataRegolamento", value: "2025-02-30")
            ),
            (
                "<tipoIdentificativoUnivoco>B<", "<tipoIdentificativoUnivoco>X<",
                .invalidValue(element: "istitutoMittente/identificativoUnivocoMittente/tipoIdentificativoUnivoco", value: "X")
            ),
            (
                "<codiceIdentificativoUnivoco>97735020584<", "<codiceIdentificativoUnivoco>97735020585<",
                .invalidValue(
                    element: "istitutoRicevente/identificativoUnivocoRicevente/codiceIdentificativoUnivoco", value: "97735020585")
            ),
            (
                "<numeroTotalePagamenti>3<", "<numeroTotalePagamenti>tre<",
                .invalidValue(element: "numeroTotalePagamenti", value: "tre")
            ),
            (
                "<importoTotalePagamenti>216.50<", "<importoTotalePagamenti>216,50<",
                .invalidValue(element: "importoTotalePagamenti", value: "216,50")
            ),
            (
                "<codiceEsitoSingoloPagamento>9<", "<codiceEsitoSingoloPagamento>7<",
                .invalidValue(element: "datiSingoliPagamenti[2]/codiceEsitoSingoloPagamento", value: "7")
            ),
            (
                "<singoloImportoPagato>16.5<", "<singoloImportoPagato>16.505<",
                .invalidValue(element: "datiSingoliPagamenti[2]/singoloImportoPagato", value: "16.505")
            ),
            (
                "<singoloImportoPagato>16.5<", "<singoloImportoPagato>1000000000.00<",
                .invalidValue(element: "datiSingoliPagamenti[2]/singoloImportoPagato", value: "1000000000.00")
            ),
            (
                "<indiceDatiSingoloPagamento>2<", "<indiceDatiSingoloPagamento>6<",
                .invalidValue(element: "datiSingoliPagamenti[2]/indiceDatiSingoloPagamento", value: "6")
            ),
            (
                "<identificativoUnivocoRiscossione>IUR-0003</identificativoUnivocoRiscossione>", "",
                .missingElement("datiSingoliPagamenti[3]/identificativoUnivocoRiscossione")
            ),
            (
                "<dataEsitoSingoloPagamento>2025-03-05+01:00<", "<dataEsitoSingoloPagamento>2025-03-05 ora<",
                .invalidValue(element: "datiSingoliPagamenti[3]/dataEsitoSingoloPagamento", value: "2025-03-05 ora")
            ),
        ])
    func malformedValues(find: String, replace: String, error: ReconciliationFlowError) {
        let text = Self.sample.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.sample)
        #expect(throws: error) { try Self.flow(text) }
    }

    @Test("Broken XML, another document and an empty flow are refused")
    func notAFlow() throws {
        let broken = Self.sample.replacingOccurrences(of: "</istitutoMittente>", with: "")
        #expect {
            try Self.flow(broken)
        } throws: { error in
            guard case .malformedXML(let line, _) = error as? ReconciliationFlowError else { return false }
            return line > 1
        }
        let unfinished = String(Self.sample[..<Self.sample.range(of: "</FlussoRiversamento>")!.lowerBound])
        let trailing = Self.sample + "<altro/>"
        for text in [unfinished, trailing, "", "FlussoRiversamento"] {
            #expect(throws: ReconciliationFlowError.self) { try Self.flow(text) }
            #expect {
                try Self.flow(text)
            } throws: { error in
                if case .malformedXML = error as? ReconciliationFlowError { true } else { false }
            }
        }
        #expect(throws: ReconciliationFlowError.notAFlow(root: "Segnatura")) { try Self.flow("<Segnatura/>") }
        let otherNamespace = Self.sample.replacingOccurrences(of: "digitpa.gov.it", with: "example.org")
        #expect(throws: ReconciliationFlowError.notAFlow(root: "FlussoRiversamento")) { try Self.flow(otherNamespace) }
        let start = Self.sample.range(of: "<datiSingoliPagamenti>")!.lowerBound
        let end = Self.sample.range(of: "</FlussoRiversamento>")!.lowerBound
        let empty =
            String(Self.sample[..<start]).replacingOccurrences(of: ">3<", with: ">0<")
            .replacingOccurrences(of: ">216.50<", with: ">0.00<") + Self.sample[end...]
        #expect(throws: ReconciliationFlowError.noPayments) { try Self.flow(empty) }
    }

    @Test("External entities are not read")
    func externalEntities() {
        let text = Self.sample.replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
            with: "<?xml version=\"1.0\"?><!DOCTYPE f [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
        ).replacingOccurrences(of: "Comune di Esempio", with: "&x;")
        let name = (try? Self.flow(text))?.receiver.name ?? ""
        #expect(!name.contains(where: \.isLetter) || name == "&x;")
    }
}
