import Foundation
import SportelloCore
import Testing

@testable import SportelloAdapters

@Suite("pagoPA receipts (paSendRT envelopes and the simulator's payments)")
struct PagoPAReceiptTests {
    static let sample = """
        <soapenv:Envelope xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"
            xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
          <soapenv:Body>
            <pafn:paSendRTReq>
              <idPA>12345678901</idPA>
              <idBrokerPA>15376371009</idBrokerPA>
              <idStation>15376371009_01</idStation>
              <receipt>
                <receiptId>c110729d258c4ab1b765fe902aae41d6</receiptId>
                <noticeNumber>301000000000000144</noticeNumber>
                <fiscalCode>12345678901</fiscalCode>
                <outcome>OK</outcome>
                <creditorReferenceId>01000000000000144</creditorReferenceId>
                <paymentAmount>15.00</paymentAmount>
                <description>Mensa scolastica marzo 2025</description>
                <companyName>Comune di Prova</companyName>
                <debtor>
                  <uniqueIdentifier>
                    <entityUniqueIdentifierType>F</entityUniqueIdentifierType>
                    <entityUniqueIdentifierValue>RSSMRA85T10A562S</entityUniqueIdentifierValue>
                  </uniqueIdentifier>
                  <fullName>Mario Rossi &amp; figli</fullName>
                  <e-mail>mario.rossi@example.org</e-mail>
                </debtor>
                <transferList>
                  <transfer>
                    <idTransfer>1</idTransfer>
                    <transferAmount>10.00</transferAmount>
                    <fiscalCodePA>12345678901</fiscalCodePA>
                    <IBAN>IT60X0542811101000000123456</IBAN>
                    <remittanceInformation>Mensa scolastica</remittanceInformation>
                    <transferCategory>9/0101108TS/</transferCategory>
                  </transfer>
                  <transfer>
                    <idTransfer>2</idTransfer>
                    <transferAmount>5.00</transferAmount>
                    <fiscalCodePA>98765432109</fiscalCodePA>
                    <IBAN>IT02L1234512345123456789012</IBAN>
                    <remittanceInformation>Quota provinciale</remittanceInformation>
                    <transferCategory>9/0201133IM/</transferCategory>
                  </transfer>
                </transferList>
                <idPSP>BCITITMM</idPSP>
                <PSPCompanyName>Intesa Sanpaolo</PSPCompanyName>
                <idChannel>00799960158_01</idChannel>
                <channelDescription>app</channelDescription>
                <paymentMethod>creditCard</paymentMethod>
                <fee>1.50</fee>
                <paymentDateTime>2025-03-10T10:15:30</paymentDateTime>
                <applicationDate>2025-03-10</applicationDate>
                <transferDate>2025-03-11</transferDate>
                <metadata><mapEntry><key>k</key><value>v</value></mapEntry></metadata>
              </receipt>
              <standin>false</standin>
            </pafn:paSendRTReq>
          </soapenv:Body>
        </soapenv:Envelope>
        """

    static func paidSimulator(outcome: PaOutcome = .ok) async throws -> (GPDSimulator, PaSendRTReceipt) {
        let (simulator, gpd) = GPDTests.setUp(now: ManualNow(.utc("2025-03-10T23:30:00.750Z")))
        _ = try await gpd.create(GPDTests.position(), publish: true)
        let payer = PaSubject(type: .person, identifier: "BNCLRA90A41H501X", fullName: "Laura Bianchi")
        let receipt = try await simulator.pay(
            noticeNumber: "301000000000000144", organization: GPDTests.organization, outcome: outcome, payer: payer, fee: 150)
        return (simulator, receipt)
    }

    @Test("a payment produces the receipt of the option: amounts, transfers, debtor, PSP, dates in Rome")
    func receiptFromPayment() async throws {
        let (_, receipt) = try await Self.paidSimulator()
        #expect(receipt.outcome == .ok)
        #expect(receipt.noticeNumber == "301000000000000144" && receipt.creditorReferenceId == "01000000000000144")
        #expect(receipt.fiscalCode == GPDTests.organization)
        #expect(receipt.paymentAmount == 1500 && receipt.fee == 150)
        #expect(receipt.transferList.map(\.transferAmount) == [1000, 500])
        #expect(receipt.transferList.map(\.fiscalCodePA) == [GPDTests.organization, "98765432109"])
        #expect(receipt.debtor.identifier == "RSSMRA85T10A562S" && receipt.debtor.email == "mario.rossi@example.org")
        #expect(receipt.payer?.fullName == "Laura Bianchi")
        #expect(receipt.paymentDateTime == .utc("2025-03-10T23:30:00Z"), "to the second")
        #expect(receipt.applicationDate == LocalDate(iso: "2025-03-11"), "already the 11th in Rome")
    }

    @Test("the paSendRT envelope written from a receipt parses back to the same request")
    func envelopeRoundTrip() async throws {
        let (simulator, receipt) = try await Self.paidSimulator()
        let request = simulator.sendRTRequest(for: receipt, idBrokerPA: "15376371009", idStation: "15376371009_01")
        let xml = PaSendRTEnvelope.write(request)
        #expect(xml.contains("<pafn:paSendRTReq>"))
        #expect(xml.contains("<paymentAmount>15.00</paymentAmount>"))
        #expect(xml.contains("<transferAmount>5.00</transferAmount>"))
        #expect(xml.contains("<paymentDateTime>2025-03-11T00:30:00</paymentDateTime>"))
        #expect(try PaSendRTEnvelope.parseRequest(Data(xml.utf8)) == request)

        var awkward = request
        awkward.receipt.description = "Tassa <rifiuti> & \"servizi\" d'igiene"
        awkward.receipt.officeName = nil
        awkward.receipt.payer = nil
        awkward.standin = true
        #expect(try PaSendRTEnvelope.parseRequest(Data(PaSendRTEnvelope.write(awkward).utf8)) == awkward)
    }

    @Test("a hand-written paSendRT envelope parses, other prefixes and unknown elements included")
    func sampleEnvelope() throws {
        let request = try PaSendRTEnvelope.parseRequest(Data(Self.sample.utf8))
        #expect(request.idPA == "12345678901" && request.idStation == "15376371009_01" && request.standin == false)
        let receipt = request.receipt
        #expect(receipt.receiptId == "c110729d258c4ab1b765fe902aae41d6")
        #expect(receipt.paymentAmount == 1500 && receipt.fee == 150)
        #expect(receipt.debtor.fullName == "Mario Rossi & figli" && receipt.debtor.type == .person)
        #expect(receipt.transferList.map(\.idTransfer) == [1, 2])
        #expect(receipt.transferList[1].iban == "IT02L1234512345123456789012")
        #expect(receipt.pspCompanyName == "Intesa Sanpaolo" && receipt.officeName == nil && receipt.payer == nil)
        #expect(receipt.paymentDateTime == .utc("2025-03-10T09:15:30Z"), "local time in Rome (CET)")
        #expect(receipt.transferDate == LocalDate(iso: "2025-03-11"))
    }

    @Test(
        "a malformed envelope is refused with what is wrong",
        arguments: [
            ("<paymentAmount>15.00</paymentAmount>", "<paymentAmount>15</paymentAmount>", "paymentAmount"),
            ("<outcome>OK</outcome>", "<outcome>MAYBE</outcome>", "outcome"),
            ("<idPA>12345678901</idPA>", "", "idPA"),
            (
                "<entityUniqueIdentifierType>F</entityUniqueIdentifierType>",
                "<entityUniqueIdentifierType>X</entityUniqueIdentifierType>", "F or G"
            ),
            ("</soapenv:Envelope>", "", "not well-formed"),
        ])
    func malformed(original: String, replacement: String, complaint: String) {
        let broken = Self.sample.replacingOccurrences(of: original, with: replacement)
        #expect {
            try PaSendRTEnvelope.parseRequest(Data(broken.utf8))
        } throws: { error in
            (error as? PaXMLError)?.description.contains(complaint) == true
        }
    }

    @Test("paSendRTRes OK and KO (with its fault bean) round trip")
    func responses() throws {
        #expect(try PaSendRTEnvelope.parseResponse(Data(PaSendRTEnvelope.write(.ok).utf8)) == .ok)
        for code in [PaFaultCode.paymentUnknown, .paymentDuplicated, .paymentExpired, .paymentCancelled, .systemError] {
            let answer = PaSendRTResponse.ko(
                PaFault(code, faultString: "receipt refused", id: GPDTests.organization, detail: "IUV 01000000000000144"))
            #expect(try PaSendRTEnvelope.parseResponse(Data(PaSendRTEnvelope.write(answer).utf8)) == answer)
        }
        let handWritten = """
            <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
              <S:Body>
                <ns2:paSendRTRes xmlns:ns2="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">
                  <outcome>KO</outcome>
                  <fault>
                    <faultCode>PAA_PAGAMENTO_DUPLICATO</faultCode>
                    <faultString>Pagamento duplicato</faultString>
                    <id>12345678901</id>
                    <description>receipt already received</description>
                  </fault>
                </ns2:paSendRTRes>
              </S:Body>
            </S:Envelope>
            """
        let parsed = try PaSendRTEnvelope.parseResponse(Data(handWritten.utf8))
        #expect(parsed.outcome == .ko && parsed.fault?.faultCode == .paymentDuplicated)
        #expect(parsed.fault?.detail == "receipt already received")
        #expect(throws: PaXMLError.self) {
            try PaSendRTEnvelope.parseResponse(
                Data(
                    handWritten.replacingOccurrences(of: "<fault>", with: "<ignored>")
                        .replacingOccurrences(of: "</fault>", with: "</ignored>").utf8))
        }
    }

    @Test("the settled payments of a day list each transfer with its IUR; KO payments change nothing")
    func settlements() async throws {
        let (simulator, receipt) = try await Self.paidSimulator()
        let day = try #require(LocalDate(iso: "2025-03-11"))
        #expect(
            await simulator.settledPayments(on: day) == [
                GPDSettledPayment(
                    organizationFiscalCode: GPDTests.organization, iuv: "01000000000000144", transferIndex: 1, amount: 1000,
                    iur: receipt.receiptId, outcomeDate: day),
                GPDSettledPayment(
                    organizationFiscalCode: GPDTests.organization, iuv: "01000000000000144", transferIndex: 2, amount: 500,
                    iur: receipt.receiptId, outcomeDate: day),
            ])
        #expect(await simulator.settledPayments(on: try #require(day.adding(days: -1))).isEmpty)

        let (failed, koReceipt) = try await Self.paidSimulator(outcome: .ko)
        #expect(koReceipt.outcome == .ko)
        #expect(await failed.settledPayments(on: day).isEmpty)
        #expect(await failed.position(organization: GPDTests.organization, iupd: "12345678901-0001")?.status == .valid)
        #expect(await failed.receipts.count == 1)
    }

    @Test("a receipt is delivered to the creditor's station as a SOAP call and its answer is read")
    func delivery() async throws {
        let (simulator, receipt) = try await Self.paidSimulator()
        let station = RecordingStation(
            answer: PaSendRTResponse.ko(PaFault(.paymentDuplicated, faultString: "duplicate", id: GPDTests.organization)))
        let delivery = PaSendRTDelivery(transport: station, url: "http://sportello.local/pagopa/paForNode")
        let answer = try await delivery.send(simulator.sendRTRequest(for: receipt))
        #expect(answer.fault?.faultCode == .paymentDuplicated)
        let sent = try #require(station.requests.first)
        #expect(sent.header("SOAPAction") == "paSendRT")
        #expect(try PaSendRTEnvelope.parseRequest(sent.body ?? Data()).receipt == receipt)

        let down = PaSendRTDelivery(
            transport: StubTransport(TransportResponse(status: 502, body: Data("Bad gateway".utf8))), url: "x")
        await #expect(throws: GPDError.unavailable(status: 502, retryAfterSeconds: nil)) {
            try await down.send(simulator.sendRTRequest(for: receipt))
        }
    }
}

/// A creditor's station that records what it receives and answers as told.
final class RecordingStation: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var received: [TransportRequest] = []
    let answer: PaSendRTResponse

    init(answer: PaSendRTResponse) { self.answer = answer }

    var requests: [TransportRequest] { lock.withLock { received } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        lock.withLock { received.append(request) }
        return TransportResponse(status: 200, body: Data(PaSendRTEnvelope.write(answer).utf8))
    }
}
