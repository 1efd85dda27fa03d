import Configuration
import Foundation
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@testable import SportelloWeb

@Suite("Payments due created from a CSV file")
struct PaymentsDueTests {
    static let settings: [AbsoluteConfigKey: ConfigValue] = [
        "tenants.slugs": .init(.stringArray(["prova"]), isSecret: false),
        "tenants.prova.pagopa.segregationCode": .init(.int(7), isSecret: false),
        "tenants.prova.pagopa.iban": "IT60X0542811101000000123456",
        "tenants.prova.pagopa.category": "9/0101100IM/",
        "tenants.prova.pagopa.gpdURL": "simulator",
        "tenants.prova.appio.baseURL": "simulator",
    ]

    static let csv = """
        codice_fiscale;nominativo;importo;causale;scadenza;id_posizione
        RSSMRA85T10A562S;Mario Rossi;120,50;Sanzione verbale VB-1;31/12/2099;VB-1
        RSSMRA85T10A562S;Mario Rossi;80,00;TARI 2099 prima rata;2099-06-30;TARI-1
        BNCNNA90C55H501L;Anna Bianchi;35,00;Canone occupazione suolo;31/12/2099;COSAP-1
        NONVALIDO;Giuseppe Verdi;10,00;Sanzione verbale VB-2;31/12/2099;VB-2
        VRDGPP50L01F205U;Giuseppe Verdi;-5;Sanzione verbale VB-3;31/12/2099;VB-3

        """

    @Test("an office uploads a CSV: good lines become payments due, bad lines are listed; the same file again creates nothing")
    func importAndPay() async throws {
        try await TestSite.run(settings: Self.settings, seed: seedOffices()) { site in
            let office = try await CaseworkTests.signIn("sociale", site)
            let form = try await office.get("/backoffice/pagamenti")
            #expect(form.status == 200 && form.contains("Pagamenti dovuti"))
            var page = try await office.upload(
                "/backoffice/pagamenti", from: form, form: [],
                files: [("file", .init(fileName: "multe.csv", contentType: "text/csv", bytes: Array(Self.csv.utf8)))])
            #expect(page.status == 422)
            #expect(page.contains("5 righe lette: 3 posizioni create, 0 già presenti, 2 righe non importate."))
            #expect(page.contains("<td class=\"numeric\">5</td>") && page.contains("<td class=\"numeric\">6</td>"))
            #expect(page.contains("3070 0000 0000 0001 "), "segregation code 07, the first numbers of the sequence")
            page = try await office.upload(
                "/backoffice/pagamenti", from: form, form: [],
                files: [("file", .init(fileName: "multe.csv", contentType: "text/csv", bytes: Array(Self.csv.utf8)))])
            #expect(page.contains("3 posizioni create") == false && page.contains("0 posizioni create, 3 già presenti"))

            // Each new position is published on GPD (the demo's simulator) by the outbox, once.
            var states: [String] = []
            for _ in 0..<100 {
                states = try await SubmissionTests.withDatabase(site) { sql in
                    try await sql.raw("SELECT state FROM outbox_jobs WHERE kind = 'pagopa.gpd-publish'").all().map {
                        try $0.decode(column: "state", as: String.self)
                    }
                }
                if states.count == 3 && states.allSatisfy({ $0 == "delivered" }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(states == ["delivered", "delivered", "delivered"])

            // And each citizen is told on the App IO (Mario and Anna use it in the demo), with the payment data.
            for _ in 0..<100 {
                let delivered = try await SubmissionTests.withDatabase(site) { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'io.message' AND state = 'delivered'")
                        .first()?.decode(column: "n", as: Int.self)
                }
                if delivered == 3 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let phone = try await site.browser().get("/simulatori/io?cf=RSSMRA85T10A562S")
            #expect(phone.body.matches(of: /Da pagare: [0-9]+,[0-9]{2} € · codice avviso 3070/).count == 2)
            #expect(phone.contains("Nuovo avviso di pagamento – Comune di Prova"))

            // Mario sees his two payments due with their notices; not Anna's.
            let mario = site.browser(host: "prova.test")
            try await mario.signInAsCitizen()
            let area = try await mario.get("/area-personale")
            #expect(area.contains("Sanzione verbale VB-1") && area.contains("TARI 2099 prima rata"))
            #expect(!area.contains("Canone occupazione suolo"))
            let notices = area.body.matches(of: /\/pagamenti\/(3[0-9]{17})\/avviso\.pdf/).map { String($0.1) }
            #expect(Set(notices).count == 2)
            let (noticePage, pdf) = try await mario.download("/pagamenti/\(notices[0])/avviso.pdf")
            #expect(noticePage.status == 200 && pdf.starts(with: Array("%PDF".utf8)))
            if let text = try DraftPreviewTests.text(of: pdf) {
                #expect(text.contains("Mario Rossi (RSSMRA85T10A562S)") && text.contains("97735020584"))
            }
            var receiptLinkForOthers = ""
            // Mario pays the first notice at the (simulated) pagoPA checkout: the receipt comes back and is recorded.
            #expect(area.contains("/pagamenti/\(notices[0])/paga"))
            let checkout = try await mario.get("/pagamenti/\(notices[0])/paga")
            #expect(checkout.url.contains("/simulatori/pagopa/checkout") && checkout.contains(notices[0]))
            var paid = try await mario.submit(
                "/simulatori/pagopa/checkout", from: checkout,
                form: [
                    ("notice", notices[0]), ("org", "97735020584"), ("return", "/area-personale"), ("action", "pay"),
                ])
            #expect(paid.contains("Pagamento riuscito"), "\(paid.url)")
            #expect(!paid.body.contains("/pagamenti/\(notices[0])/paga"), "a paid notice is no longer due")
            #expect(paid.contains("pagato il"), "the receipt is listed in the personal area")
            receiptLinkForOthers = try #require(
                paid.body.firstMatch(of: /\/pagamenti\/ricevute\/([A-Za-z0-9%]+)/).map { String($0.0) })
            let (receiptPage, receiptPDF) = try await mario.download(receiptLinkForOthers)
            #expect(receiptPage.status == 200 && receiptPDF.starts(with: Array("%PDF".utf8)))
            if let text = try DraftPreviewTests.text(of: receiptPDF) {
                #expect(text.contains("Ricevuta di pagamento pagoPA") && text.contains("Pagamento eseguito"))
                #expect(text.contains(notices[0].dropFirst(4).prefix(4)))
            }
            // Paying the same notice again is refused by pagoPA; nothing changes.
            paid = try await mario.submit(
                "/simulatori/pagopa/checkout", from: checkout,
                form: [
                    ("notice", notices[0]), ("org", "97735020584"), ("return", "/area-personale"), ("action", "pay"),
                ])
            #expect(paid.contains("Il pagamento non è stato accettato"))
            let receipts = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT outcome FROM payment_receipts").all().map {
                    try $0.decode(column: "outcome", as: String.self)
                }
            }
            #expect(receipts == ["OK"])

            // Reconciliation: a flow with the paid notice (matched), Anna's unpaid one (receipt missing) and an IUV never
            // issued (unknown): each classified, the totals shown, the CSV downloadable.
            let paidIUV = String(notices[0].dropFirst())
            let paidAmount = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT receipt FROM payment_receipts").first().map {
                    try JSONDecoder().decode(
                        PaymentReceipt.self, from: Data(try $0.decode(column: "receipt", as: String.self).utf8)
                    ).paymentAmount
                }
            }
            let annaIUV = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw(
                    """
                    SELECT n.notice_number FROM payment_notices n JOIN debt_positions p ON p.iupd = n.iupd \
                    WHERE p.debtor_code = 'BNCNNA90C55H501L'
                    """
                ).first().map { String(try $0.decode(column: "notice_number", as: String.self).dropFirst()) }
            }
            let today = LocalDate(site.clock.now, in: DateDisplay.timeZone)
            let flow = ReconciliationFlow(
                id: "2099-01-01SIMPSP01-0001", dateTime: site.clock.now, settlementID: "IUR0001", settlementDate: today,
                sender: FlowSender(idType: .legalPerson, id: "SIMPSP01"),
                receiver: FlowReceiver(fiscalCode: try CreditorFiscalCode(validating: "97735020584")),
                payments: [
                    FlowPayment(
                        iuv: paidIUV, iur: "IUR1", transferIndex: 1, amount: try #require(paidAmount), outcome: .paid,
                        outcomeDate: today),
                    FlowPayment(
                        iuv: try #require(annaIUV), iur: "IUR2", transferIndex: 1, amount: Money(cents: 3_500),
                        outcome: .paid, outcomeDate: today),
                    FlowPayment(
                        iuv: "07999999999999999", iur: "IUR3", transferIndex: 1, amount: Money(cents: 1_000), outcome: .paid,
                        outcomeDate: today),
                ])
            let reconciliation = try await office.get("/backoffice/pagamenti/riconciliazione")
            let report = try await office.upload(
                "/backoffice/pagamenti/riconciliazione", from: reconciliation, form: [("format", "page")],
                files: [("flow", .init(fileName: "flusso.xml", contentType: "application/xml", bytes: Array(flow.xml().utf8)))])
            #expect(report.status == 200)
            #expect(report.contains("<dt>Riconciliati</dt><dd>1 · \(try #require(paidAmount).formatted)</dd>"))
            #expect(report.contains("<dt>Ricevuta mancante</dt><dd>1 · 35,00 €</dd>"))
            #expect(report.contains("<dt>IUV sconosciuto</dt><dd>1 · 10,00 €</dd>"))
            let csv = try await office.upload(
                "/backoffice/pagamenti/riconciliazione", from: reconciliation, form: [("format", "csv")],
                files: [("flow", .init(fileName: "flusso.xml", contentType: "application/xml", bytes: Array(flow.xml().utf8)))])
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
            #expect(csv.body.split(separator: "\r\n").count == 4, "a header and one line per flow payment")
            let bad = try await office.upload(
                "/backoffice/pagamenti/riconciliazione", from: reconciliation, form: [("format", "page")],
                files: [("flow", .init(fileName: "flusso.xml", contentType: "application/xml", bytes: Array("<a>".utf8)))])
            #expect(bad.status == 422)

            let anna = site.browser(host: "prova.test")
            try await anna.signInAsCitizen("BNCNNA90C55H501L")
            #expect(try await anna.get("/pagamenti/\(notices[0])/avviso.pdf").status == 404)
            #expect(try await anna.get(receiptLinkForOthers).status == 404, "another citizen's receipt is not found")
            #expect(try await anna.get("/area-personale").contains("Canone occupazione suolo"))
        }
    }

    @Test("an operator creates one position in a form (a wrong fiscal code shown at its field, the rest kept), then cancels it")
    func createOneAndCancel() async throws {
        try await TestSite.run(settings: Self.settings, seed: seedOffices()) { site in
            let office = try await CaseworkTests.signIn("sociale", site)
            let form = try await office.get("/backoffice/pagamenti")
            #expect(form.contains("id=\"new-position\"") && form.contains("name=\"entry-codice_fiscale\""))
            var entry = [
                ("entry-codice_fiscale", "RSSMRA85T10A562X"), ("entry-nominativo", "Mario Rossi"), ("entry-importo", "41,00"),
                ("entry-causale", "Sanzione verbale VB-9"), ("entry-scadenza", "2099-12-31"), ("entry-email", ""),
            ]
            var page = try await office.submit("/backoffice/pagamenti/nuova", from: form, form: entry)
            #expect(page.status == 422)
            #expect(page.contains("id=\"entry-codice_fiscale-error\""), "the error is at its field")
            #expect(page.inputValue("entry-causale") == "Sanzione verbale VB-9" && page.inputValue("entry-importo") == "41,00")
            entry[0].1 = "RSSMRA85T10A562S"
            page = try await office.submit("/backoffice/pagamenti/nuova", from: page, form: entry)
            #expect(page.url.hasSuffix("/backoffice/pagamenti?created=1") && page.contains("Posizione creata"))
            let cancel = try #require(
                page.body.firstMatch(of: /href="(\/backoffice\/pagamenti\/posizioni\/[^"]+\/annulla)"/).map { String($0.1) })
            #expect(try await FilingFeeTests.waitForJob(GPDPublication.kind, site) == ["delivered"])
            let mario = site.browser(host: "prova.test")
            try await mario.signInAsCitizen()
            let due = try await mario.get("/area-personale")
            #expect(due.contains("Sanzione verbale VB-9"))
            let notice = try #require(due.body.firstMatch(of: /\/pagamenti\/(3[0-9]{17})\/avviso\.pdf/).map { String($0.1) })

            // Cancelled after a second confirmation: gone for the citizen, cancelled on GPD, refused at the checkout.
            let confirm = try await office.get(cancel)
            #expect(confirm.contains("Annullare la posizione?") && confirm.contains("Sanzione verbale VB-9"))
            page = try await office.submit(cancel, from: confirm, form: [])
            #expect(page.url.hasSuffix("?cancelled=1") && page.contains("Posizione annullata"))
            #expect(try await FilingFeeTests.waitForJob(GPDPublication.invalidateKind, site) == ["delivered"])
            #expect(!(try await mario.get("/area-personale").contains("Sanzione verbale VB-9")))
            let checkout = try await mario.get("/simulatori/pagopa/checkout?notice=\(notice)&org=97735020584")
            let paid = try await mario.submit(
                "/simulatori/pagopa/checkout", from: checkout,
                form: [("notice", notice), ("org", "97735020584"), ("return", "/area-personale"), ("action", "pay")])
            #expect(paid.contains("Il pagamento non è stato accettato"))
            let again = try await office.submit(cancel, from: confirm, form: [])
            #expect(again.status == 409 && again.contains("non si può annullare"))
        }
    }
}
