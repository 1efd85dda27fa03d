import Configuration
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import SportelloAdapters
import SportelloCore
import SportelloTestSupport
import Testing

@testable import SportelloWeb

@Suite("The pagoPA node's receipts endpoint (paSendRT)")
struct PagoPANodeTests {
    static let settings = FilingFeeTests.settings.merging(["pagopa.nodeKey": .init(.string("node-secret"), isSecret: true)]) {
        $1
    }

    static func post(_ site: TestSite, _ xml: String, key: String?) async throws -> (status: Int, body: String) {
        var headers: HTTPFields = [.connection: "close", .contentType: "text/xml; charset=utf-8"]
        if let key { headers[HTTPField.Name("Ocp-Apim-Subscription-Key")!] = key }
        let client = TestClient(host: "127.0.0.1", port: site.port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        let response = try await client.execute(
            TestClient.Request(
                "/pagopa/paSendRT", method: .post, authority: "localhost", headers: headers, body: ByteBuffer(string: xml)))
        try await client.shutdown()
        return (Int(response.status.code), response.body.map { String(buffer: $0) } ?? "")
    }

    static func envelope(notice: String, amount: Int, receiptID: String, idPA: String = "97735020584") -> String {
        let iuv = String(notice.dropFirst())
        return PaSendRTEnvelope.write(
            PaSendRTRequest(
                idPA: idPA, idBrokerPA: "97735020584", idStation: "97735020584_01",
                receipt: PaSendRTReceipt(
                    receiptId: receiptID, noticeNumber: notice, fiscalCode: "97735020584", outcome: .ok,
                    creditorReferenceId: iuv, paymentAmount: amount, description: "Diritti di copia",
                    companyName: "Comune di Prova",
                    debtor: PaSubject(type: .person, identifier: "RSSMRA85T10A562S", fullName: "Mario Rossi"),
                    transferList: [
                        PaReceiptTransfer(
                            idTransfer: 1, transferAmount: amount, fiscalCodePA: "97735020584",
                            iban: "IT60X0542811101000000123456", remittanceInformation: "Diritti di copia",
                            transferCategory: "9/0101108TS/")
                    ], idPSP: "BCITITMM", pspCompanyName: "Banca di prova", idChannel: "BCITITMM_01",
                    channelDescription: "app", paymentMethod: "CP", fee: 100, paymentDateTime: Date(),
                    applicationDate: LocalDate(Date(), in: DateDisplay.timeZone),
                    transferDate: LocalDate(Date(), in: DateDisplay.timeZone))))
    }

    @Test(
        "only the node with the key gets in; a receipt pays its notice and registers the fee's filing, once; wrong ones get the fault the node expects"
    )
    func receipts() async throws {
        try await TestSite.run(settings: Self.settings, seed: seedFeeProcedure()) { site in
            let (id, page) = try await FilingFeeTests.confirm(site.browser(host: "prova.test"), copies: 3, exempt: false)
            let notice = try #require(page.body.firstMatch(of: /\/pagamenti\/(3[0-9]{17})\/avviso\.pdf/).map { String($0.1) })
            let xml = Self.envelope(notice: notice, amount: 1_600, receiptID: "RCPT-1")
            #expect(try await Self.post(site, xml, key: nil).status == 401)
            #expect(try await Self.post(site, xml, key: "wrong").status == 401)

            let first = try await Self.post(site, xml, key: "node-secret")
            #expect(first.status == 200 && first.body.contains("paSendRTRes"))
            #expect(try PaSendRTEnvelope.parseResponse(Data(first.body.utf8)) == .ok)
            // The node retries until it hears OK: the same receipt again is OK and records nothing new.
            #expect(try PaSendRTEnvelope.parseResponse(Data(try await Self.post(site, xml, key: "node-secret").body.utf8)) == .ok)
            #expect(try await FilingFeeTests.waitForJob(PaidFilingRegistration.kind, site) == ["delivered"])
            let (receipts, status) = try await SubmissionTests.withDatabase(site) { sql in
                (
                    try await sql.raw("SELECT COUNT(*) AS n FROM payment_receipts").first()!.decode(column: "n", as: Int.self),
                    try await sql.raw("SELECT status FROM filings WHERE id = \(bind: UUID(uuidString: id)!)").first()!
                        .decode(column: "status", as: String.self)
                )
            }
            #expect(receipts == 1 && status == FilingStatus.submitted.rawValue)

            // A notice nobody issued, and a request for another creditor: the faults the node knows.
            let unknown = try PaSendRTEnvelope.parseResponse(
                Data(
                    try await Self.post(
                        site,
                        Self.envelope(
                            notice: try NoticeNumber.make(segregationCode: 7, sequenceNumber: 999_999).value, amount: 100,
                            receiptID: "RCPT-2"), key: "node-secret"
                    ).body.utf8))
            #expect(unknown.outcome == .ko && unknown.fault?.faultCode == .paymentUnknown)
            let elsewhere = try PaSendRTEnvelope.parseResponse(
                Data(
                    try await Self.post(
                        site, Self.envelope(notice: notice, amount: 1_600, receiptID: "RCPT-3", idPA: "00085240950"),
                        key: "node-secret"
                    ).body.utf8))
            #expect(elsewhere.outcome == .ko && elsewhere.fault?.faultCode == .wrongDomain)
            let garbage = try PaSendRTEnvelope.parseResponse(
                Data(try await Self.post(site, "<not-soap/>", key: "node-secret").body.utf8))
            #expect(garbage.fault?.faultCode == .systemError)
        }
    }

    @Test("without a configured key the endpoint is closed")
    func closedByDefault() async throws {
        try await TestSite.run(settings: FilingFeeTests.settings, seed: seedFeeProcedure()) { site in
            let answer = try await Self.post(site, "<x/>", key: "anything")
            #expect(answer.status == 404 || answer.status == 403, "no such route (a post without a form token is refused first)")
        }
    }
}
