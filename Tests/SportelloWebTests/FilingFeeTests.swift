import Configuration
import Crypto
import Foundation
import SQLKit
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@testable import SportelloWeb

/// A municipality collecting through pagoPA (the demo's simulator) with one procedure whose fee depends on the answers:
/// 10 € plus 2 € a copy, nothing for an exempt use.
func seedFeeProcedure() -> @Sendable (Storage) async throws -> Void {
    { storage in
        let tenant = try await storeTestTenant(storage)
        let yaml = """
            code: copie-atti
            title: Copie di atti
            description: Copie conformi di atti del Comune.
            info: ["Chiunque abbia un interesse può chiedere copia degli atti."]
            archetype: permitsAndDocuments
            office: {name: Ufficio Protocollo, email: protocollo@prova.it}
            maximumCompletionDays: 30
            fee:
              field: diritti
              reason: {it: Diritti di copia, en: Copy fee}
              category: 9/0101108TS/
            form:
              pages:
                - id: richiesta
                  title: Richiesta
                  sections:
                    - id: atti
                      fields:
                        - {id: atto, type: text, label: Atto, required: true}
                        - {id: copie, type: number, label: Copie, required: true, minimum: 1, maximum: 50}
                        - {id: esente, type: yesNo, label: Uso esente, required: true}
                - id: costi
                  title: Costi
                  sections:
                    - id: diritti
                      fields:
                        - {id: diritti, type: money, label: Diritti, compute: "if(esente, 0, 10 + copie * 2)"}
            """
        let procedure = try ProcedureFile.load(yaml: yaml)
        try await FluentProcedureRepository(storage: storage).publish(procedure.definition, tenantID: tenant.id, at: Date())
    }
}

@Suite("Procedures with a fee: paid through pagoPA, then registered")
struct FilingFeeTests {
    /// The municipality collects on the demo's pagoPA simulator and uses the App IO simulator.
    static let settings = PaymentsDueTests.settings

    /// Signs the citizen in, fills the procedure and confirms it; returns the filing id and the page after confirming.
    static func confirm(
        _ browser: TestBrowser, citizen: String = "RSSMRA85T10A562S", copies: Int, exempt: Bool
    ) async throws -> (id: String, page: TestBrowser.Page) {
        try await browser.signInAsCitizen(citizen, start: "/auth/login?next=/servizi/copie-atti")
        let service = try await browser.get("/servizi/copie-atti")
        var page = try await browser.submit("/servizi/copie-atti/avvia", from: service, form: [])
        let id = try #require(FilingFlowTests.filingID(page))
        page = try await browser.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
        page = try await browser.submit(
            "/pratiche/\(id)/pagine/richiesta", from: page,
            form: [
                ("a.atto", "Delibera 12/2026"), ("a.copie", "\(copies)"), ("a.esente", exempt ? "yes" : "no"), ("action", "next"),
            ])
        page = try await browser.submit("/pratiche/\(id)/pagine/costi", from: page, form: [("action", "next")])
        let confirm = try await browser.get("/pratiche/\(id)/conferma")
        return (id, try await browser.submit("/pratiche/\(id)/conferma", from: confirm, form: []))
    }

    static func waitForJob(_ kind: String, _ site: TestSite) async throws -> [String] {
        var states: [String] = []
        for _ in 0..<100 {
            states = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT state FROM outbox_jobs WHERE kind = \(bind: kind)").all().map {
                    try $0.decode(column: "state", as: String.self)
                }
            }
            if !states.isEmpty && states.allSatisfy({ $0 == "delivered" || $0 == "dead" }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return states
    }

    @Test(
        "confirming asks for the fee; a failed payment leaves the filing waiting; the paid one is registered with its receipt",
        arguments: TestEngine.available)
    func payThenRegister(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine, settings: Self.settings, seed: seedFeeProcedure()) { site in
            let mario = site.browser(host: "prova.test")
            let (id, page) = try await Self.confirm(mario, copies: 3, exempt: false)
            #expect(page.url.hasSuffix("/pratiche/\(id)/esito"))
            #expect(page.contains("Paga i diritti") && page.contains("<dd id=\"fee-amount\">16,00 €</dd>"))
            #expect(!page.contains("protocol-number"))
            let notice = try #require(page.body.firstMatch(of: /\/pagamenti\/(3[0-9]{17})\/avviso\.pdf/).map { String($0.1) })
            #expect(notice.hasPrefix("307"), "the municipality's segregation code")
            let registered = { @Sendable () async throws -> Int in
                try await SubmissionTests.withDatabase(site) { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM protocol_entries").first()!.decode(column: "n", as: Int.self)
                }
            }
            #expect(try await registered() == 0, "nothing is registered before the payment")
            let area = try await mario.get("/area-personale")
            #expect(area.contains("Confermata, da pagare") && area.contains("Diritti di copia"))
            // Nobody else reaches the filing or its notice.
            let anna = site.browser(host: "prova.test")
            try await anna.signInAsCitizen("BNCNNA90C55H501L")
            #expect(try await anna.get("/pratiche/\(id)/esito").status == 404)
            #expect(try await anna.get("/pagamenti/\(notice)/avviso.pdf").status == 404)
            // Confirming again changes nothing: one position, one notice.
            let again = try await mario.post("/pratiche/\(id)/conferma", form: [("_csrf", page.inputValue("_csrf") ?? "")])
            #expect(again.status == 200 || again.status == 403)
            let positions = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM debt_positions").first()!.decode(column: "n", as: Int.self)
            }
            #expect(positions == 1, "confirmed twice, one position")
            #expect(try await Self.waitForJob(GPDPublication.kind, site) == ["delivered"])

            // The payment fails at the checkout: a negative receipt is kept, the filing still waits.
            let pay = try await mario.get("/pagamenti/\(notice)/paga?return=/pratiche/\(id)/esito")
            #expect(pay.url.contains("/simulatori/pagopa/checkout"))
            var back = try await mario.submit(
                "/simulatori/pagopa/checkout", from: pay,
                form: [("notice", notice), ("org", "97735020584"), ("return", "/pratiche/\(id)/esito"), ("action", "fail")])
            #expect(back.url.hasSuffix("/pratiche/\(id)/esito?payment=failed"))
            #expect(back.contains("non è andato a buon fine") && back.contains("Paga i diritti"))
            #expect(try await registered() == 0)
            #expect(
                try await mario.get("/area-personale").contains("pagamento non riuscito"),
                "the negative receipt is listed as such")

            // Paid: the receipt releases the registration, which the outbox carries out.
            back = try await mario.submit(
                "/simulatori/pagopa/checkout", from: pay,
                form: [("notice", notice), ("org", "97735020584"), ("return", "/pratiche/\(id)/esito"), ("action", "pay")])
            #expect(back.status == 200)
            #expect(try await Self.waitForJob(PaidFilingRegistration.kind, site) == ["delivered"])
            let outcome = try await mario.get("/pratiche/\(id)/esito")
            let year = LocalDate(site.clock.now, in: DateDisplay.timeZone).year
            #expect(outcome.contains("<dd id=\"protocol-number\">\(year)/0000001</dd>"))
            #expect(outcome.contains("/pratiche/\(id)/documenti/pagamento.pdf"))
            let (_, receiptPDF) = try await mario.download("/pratiche/\(id)/documenti/pagamento.pdf")
            let (_, filingPDF) = try await mario.download("/pratiche/\(id)/documenti/domanda.pdf")
            let documents = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT documents FROM protocol_entries").first()!.decode(column: "documents", as: String.self)
            }
            #expect(documents.contains(Hex.encode(SHA256.hash(data: filingPDF))))
            #expect(documents.contains(Hex.encode(SHA256.hash(data: receiptPDF))), "the receipt is registered with the filing")
            if let text = try DraftPreviewTests.text(of: receiptPDF) {
                #expect(text.contains("Pagamento eseguito") && text.contains("16,00"))
            }
            if let text = try DraftPreviewTests.text(of: filingPDF) {
                #expect(text.contains("Pagamento dei diritti") && text.contains("Diritti di copia"))
            }
            #expect(try await anna.get("/pratiche/\(id)/documenti/pagamento.pdf").status == 404)
            let paidArea = try await mario.get("/area-personale")
            #expect(paidArea.contains("protocollo n. \(year)/0000001"))
            #expect(!paidArea.contains("/pagamenti/\(notice)/paga"), "a paid fee is no longer due")
            // The receipt and access-code emails follow the registration, as for any filing, and the App IO message.
            #expect(try await Self.waitForJob(Submissions.filingCopyKind, site) == ["delivered"])
            #expect(try await Self.waitForJob(FilingReceiptIO.kind, site) == ["delivered"])
            let phone = try await site.browser().get("/simulatori/io?cf=RSSMRA85T10A562S")
            #expect(phone.contains("ricevuta dal Comune") && phone.contains("protocollo con il numero \(year)/0000001"))
        }
    }

    @Test("an exempt use costs nothing: the filing is registered at once, with no position")
    func exemption() async throws {
        try await TestSite.run(settings: Self.settings, seed: seedFeeProcedure()) { site in
            let (_, page) = try await Self.confirm(site.browser(host: "prova.test"), copies: 2, exempt: true)
            #expect(page.contains("protocol-number") && !page.contains("Paga i diritti"))
            let positions = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM debt_positions").first()!.decode(column: "n", as: Int.self)
            }
            #expect(positions == 0)
        }
    }
}
