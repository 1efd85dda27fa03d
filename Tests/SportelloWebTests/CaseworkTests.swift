import Configuration
import Crypto
import Foundation
import SQLKit
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@testable import SportelloWeb

/// The test municipality with two offices: social services own the bonus, the school office owns nothing of it.
func seedOffices() -> @Sendable (Storage) async throws -> Void {
    { storage in
        try await seedProcedure()(storage)
        let tenant = try #require(try await FluentTenantRepository(storage: storage).find(slug: "prova"))
        let operators = FluentOperatorRepository(storage: storage)
        let social = Office(tenantID: tenant.id, name: "Ufficio Servizi Sociali", email: "sociali@prova.it")
        let school = Office(tenantID: tenant.id, name: "Ufficio Scuola", email: "scuola@prova.it")
        try await operators.createOffice(social)
        try await operators.createOffice(school)
        let hash = BcryptPasswordHasher().hash("password-prova")
        for (username, name, office, role) in [
            ("sociale", "Giulia Russo", social, Role.operator), ("scuola", "Marco Neri", school, .operator),
            ("capo", "Anna Capo", social, .admin),
        ] {
            try await operators.create(
                Operator(
                    tenantID: tenant.id, username: username, displayName: name, email: "\(username)@prova.it",
                    passwordHash: hash, totpSecret: "JBSWY3DPEHPK3PXP",
                    memberships: [OfficeMembership(officeID: office.id, role: role)]))
        }
        try await SQLProcedureOwnership(storage: storage).assign(
            procedureCode: "bonus-prova", to: social.id, tenantID: tenant.id)
    }
}

@Suite("Handling filings in the back office")
struct CaseworkTests {
    static func signIn(_ username: String, _ site: TestSite) async throws -> TestBrowser {
        let browser = site.browser(host: "prova.test")
        let inbox = try await browser.signInAsOperator(username, "password-prova", site: site)
        #expect(inbox.url.hasSuffix("/backoffice"), "\(username) reaches the inbox")
        return browser
    }

    /// Posts an action from the filing's page, as its form does.
    static func act(
        _ browser: TestBrowser, _ id: String, _ action: String, _ fields: [(String, String)] = []
    ) async throws -> TestBrowser.Page {
        let page = try await browser.get("/backoffice/pratiche/\(id)")
        let expected = try #require(page.inputValue("expected"))
        return try await browser.submit(
            "/backoffice/pratiche/\(id)/azioni/\(action)", from: page, form: [("expected", expected)] + fields)
    }

    static func isoDay(_ date: Date) -> String { LocalDate(date, in: DateDisplay.timeZone).iso }

    @Test(
        "an operator takes a filing, asks for a document, the citizen answers with a file, the operator accepts: each step registered",
        arguments: TestEngine.available)
    func roundTrip(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine, seed: seedOffices()) { site in
            let citizen = site.browser(host: "prova.test")
            let (id, _) = try await SubmissionTests.submitFiling(citizen)
            let year = LocalDate(site.clock.now, in: DateDisplay.timeZone).year
            let office = try await Self.signIn("sociale", site)

            var inbox = try await office.get("/backoffice")
            #expect(inbox.contains("href=\"/backoffice/pratiche/\(id)\""))
            #expect(inbox.contains("\(year)/0000001") && inbox.contains("Mario Rossi"))
            inbox = try await office.get("/backoffice?status=submitted&assigned=none&q=rossi")
            #expect(inbox.contains("Pratiche (1)"))

            var detail = try await Self.act(office, id, "take")
            #expect(detail.contains("Pratica presa in carico."))
            #expect(detail.contains("In lavorazione") && detail.contains("Giulia Russo"))
            #expect(try await office.get("/backoffice?assigned=me").contains("Pratiche (1)"))

            // Asking without a deadline: refused, the text kept.
            detail = try await Self.act(office, id, "requestSupplement", [("text", "Serve l'attestazione ISEE 2026.")])
            #expect(detail.status == 422)
            #expect(detail.contains("Indica il termine") && detail.contains("Serve l&#39;attestazione ISEE 2026."))
            let deadline = Self.isoDay(site.clock.now.addingTimeInterval(15 * 86_400))
            detail = try await Self.act(
                office, id, "requestSupplement",
                [("text", "Serve l'attestazione ISEE 2026."), ("deadline-requestSupplement", deadline)])
            #expect(detail.contains("Richiesta di integrazione protocollata"))
            #expect(detail.contains("\(year)/0000002"))

            // The citizen: a new message, its letter, the answer with a file.
            var area = try await citizen.get("/area-personale")
            #expect(area.contains("Richiesta di integrazione documentale – Bonus di prova") && area.contains(">nuovo<"))
            let messageID = try #require(
                area.body.firstMatch(of: /\/area-personale\/messaggi\/([0-9a-f-]{36})/).map { String($0.1) })
            let message = try await citizen.get("/area-personale/messaggi/\(messageID)")
            #expect(message.contains("Serve l&#39;attestazione ISEE 2026.") && message.contains("\(year)/0000002"))
            let (letterPage, letter) = try await citizen.download("/area-personale/messaggi/\(messageID)/documento.pdf")
            #expect(letterPage.status == 200 && letter.starts(with: Array("%PDF".utf8)))
            if let text = try DraftPreviewTests.text(of: letter) {
                #expect(text.contains("0000002") && text.contains("Serve l'attestazione ISEE 2026."))
            }
            area = try await citizen.get("/area-personale")
            #expect(!area.contains(">nuovo<"), "opened, the message is read")

            let outcome = try await citizen.get("/pratiche/\(id)/esito")
            #expect(outcome.contains("Integrazione richiesta") && outcome.contains("/pratiche/\(id)/integrazione"))
            let form = try await citizen.get("/pratiche/\(id)/integrazione")
            #expect(form.contains("Serve l&#39;attestazione ISEE 2026."))
            // A file of the wrong kind: refused, the text kept.
            var answered = try await citizen.upload(
                "/pratiche/\(id)/integrazione", from: form, form: [("text", "Ecco l'ISEE.")],
                files: [("files", .init(fileName: "isee.exe", bytes: Array("MZ not a pdf".utf8)))])
            #expect(answered.status == 422 && answered.contains("Ecco l&#39;ISEE."))
            let isee = Array("%PDF-1.4\nISEE 2026 di Mario Rossi\n%%EOF\n".utf8)
            answered = try await citizen.upload(
                "/pratiche/\(id)/integrazione", from: form, form: [("text", "Ecco l'ISEE.")],
                files: [("files", .init(fileName: "isee-2026.pdf", contentType: "application/pdf", bytes: isee))])
            #expect(answered.url.hasSuffix("/pratiche/\(id)/esito") && answered.contains("Integrazione ricevuta"))

            // The office sees the answer with its incoming number and the file, then decides.
            detail = try await office.get("/backoffice/pratiche/\(id)")
            #expect(detail.contains("Ecco l&#39;ISEE.") && detail.contains("\(year)/0000003") && detail.contains("isee-2026.pdf"))
            let sha = Hex.encode(SHA256.hash(data: isee))
            let (filePage, file) = try await office.download("/backoffice/pratiche/\(id)/allegati/\(sha)")
            #expect(filePage.status == 200 && file == isee)
            _ = try await Self.act(office, id, "take")
            // The decision goes with a PDF of the office (determina); anything but a PDF is refused.
            let taken = try await office.get("/backoffice/pratiche/\(id)")
            detail = try await office.upload(
                "/backoffice/pratiche/\(id)/azioni/accept", from: taken,
                form: [("expected", "inProgress"), ("text", "Contributo di 500 euro.")],
                files: [("files-accept", .init(fileName: "determina.png", bytes: Array("not an image".utf8)))])
            #expect(detail.status == 422 && detail.contains("Contributo di 500 euro."))
            let determina = Array("%PDF-1.4\nDetermina n. 12\n%%EOF\n".utf8)
            detail = try await office.upload(
                "/backoffice/pratiche/\(id)/azioni/accept", from: taken,
                form: [("expected", "inProgress"), ("text", "Contributo di 500 euro.")],
                files: [("files-accept", .init(fileName: "determina.pdf", contentType: "application/pdf", bytes: determina))])
            #expect(detail.contains("Accolta") && detail.contains("\(year)/0000004") && detail.contains("determina.pdf"))
            #expect(try await Self.act(office, id, "close").contains("Chiusa"))

            let entries = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT number, direction, subject FROM protocol_entries ORDER BY number").all().map {
                    (
                        try $0.decode(column: "number", as: Int.self), try $0.decode(column: "direction", as: String.self),
                        try $0.decode(column: "subject", as: String.self)
                    )
                }
            }
            #expect(entries.map(\.0) == [1, 2, 3, 4])
            #expect(entries.map(\.1) == ["incoming", "outgoing", "incoming", "outgoing"])
            #expect(entries[3].2 == "Provvedimento di accoglimento – Bonus di prova – Mario Rossi")

            let audit = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT action, actor_name FROM audit_events ORDER BY created_at").all().map {
                    "\(try $0.decode(column: "action", as: String.self)):\(try $0.decode(column: "actor_name", as: String.self))"
                }
            }
            #expect(
                audit == [
                    "take:Giulia Russo", "requestSupplement:Giulia Russo", "answerSupplement:Mario Rossi", "take:Giulia Russo",
                    "accept:Giulia Russo", "close:Giulia Russo",
                ])
            let mails = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'email.case-message'").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(mails == 2, "the request and the decision are mailed")
            area = try await citizen.get("/area-personale")
            #expect(area.contains("Provvedimento di accoglimento – Bonus di prova"))
            let decisionID = try #require(
                area.body.matches(of: /\/area-personale\/messaggi\/([0-9a-f-]{36})/).map { String($0.1) }.first {
                    $0 != messageID
                })
            let decision = try await citizen.get("/area-personale/messaggi/\(decisionID)")
            let determinaSHA = Hex.encode(SHA256.hash(data: determina))
            #expect(decision.contains("determina.pdf"))
            let (determinaPage, determinaBytes) = try await citizen.download(
                "/area-personale/messaggi/\(decisionID)/allegati/\(determinaSHA)")
            #expect(determinaPage.status == 200 && determinaBytes == determina)
            let laura = site.browser(host: "prova.test")
            try await laura.signInAsCitizen("BNCNNA90C55H501L")
            #expect(try await laura.get("/area-personale/messaggi/\(decisionID)").status == 404)
            #expect(
                try await laura.download("/area-personale/messaggi/\(decisionID)/allegati/\(determinaSHA)").page.status == 404)
            #expect(area.contains("Protocollo n. \(year)/0000001 · Chiusa"))
        }
    }

    @Test("moves outside the workflow are refused with a message; a page left open behind another operator's move is told so")
    func refusedMoves() async throws {
        try await TestSite.run(seed: seedOffices()) { site in
            let (id, _) = try await SubmissionTests.submitFiling(site.browser(host: "prova.test"))
            let office = try await Self.signIn("sociale", site)
            var page = try await Self.act(office, id, "accept")
            #expect(page.status == 422 && page.contains("non è possibile nello stato attuale"))
            page = try await Self.act(office, id, "approve")
            #expect(page.status == 422 && page.contains("Azione sconosciuta"))
            page = try await Self.act(office, id, "answerSupplement")
            #expect(page.status == 422)

            let stale = try await office.get("/backoffice/pratiche/\(id)")
            _ = try await Self.act(try await Self.signIn("capo", site), id, "take")
            page = try await office.submit(
                "/backoffice/pratiche/\(id)/azioni/take", from: stale, form: [("expected", "submitted")])
            #expect(page.status == 409 && page.contains("Un&#39;altra persona ha modificato la pratica"))
            #expect(page.contains("Anna Capo"), "the page shows who has it now")

            page = try await Self.act(office, id, "reject", [("text", "   ")])
            #expect(page.status == 422 && page.contains("Scrivi il testo"))
            let history = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self)
            }
            #expect(history == 1, "only the one move that happened is recorded")
        }
    }

    @Test("operators reach only their offices' filings; another municipality's staff and other citizens find nothing")
    func scoping() async throws {
        try await TestSite.run(seed: seedOffices()) { site in
            let mario = site.browser(host: "prova.test")
            let (id, _) = try await SubmissionTests.submitFiling(mario)
            let school = try await Self.signIn("scuola", site)
            #expect(try await school.get("/backoffice").contains("Pratiche (0)"))
            #expect(try await school.get("/backoffice/pratiche/\(id)").status == 404)
            let csrf = try await school.get("/backoffice")
            #expect(
                try await school.submit(
                    "/backoffice/pratiche/\(id)/azioni/take", from: csrf, form: [("expected", "submitted")]
                ).status == 404)
            #expect(try await school.download("/backoffice/pratiche/\(id)/documenti/domanda.pdf").page.status == 404)
            let (export, csv) = try await school.download("/backoffice/pratiche.csv")
            #expect(export.status == 200 && String(decoding: csv, as: UTF8.self).split(separator: "\r\n").count == 1)

            // The admin of the municipality sees everything; the CSV lists the filing.
            let admin = try await Self.signIn("capo", site)
            #expect(try await admin.get("/backoffice").contains("Pratiche (1)"))
            let (_, all) = try await admin.download("/backoffice/pratiche.csv?q=rossi")
            let lines = String(decoding: all, as: UTF8.self).split(separator: "\r\n")
            #expect(lines.count == 2 && lines[0].hasPrefix("\u{FEFF}codice;procedimento;richiedente"))
            #expect(lines[1].contains("Bonus di prova;Mario Rossi;RSSMRA85T10A562S"))

            // The demo municipality's operator, on its own host, does not reach this one's filing.
            let demo = site.browser()
            _ = try await demo.signInAsOperator("operatore", "esempio-operatore", site: site)
            #expect(try await demo.get("/backoffice/pratiche/\(id)").status == 404)
            #expect(!(try await demo.get("/backoffice").contains(id)))

            // Another citizen: no supplement page, no withdrawal, no messages.
            let laura = site.browser(host: "prova.test")
            try await laura.signInAsCitizen("BNCNNA90C55H501L")
            #expect(try await laura.get("/pratiche/\(id)/integrazione").status == 404)
            #expect(try await laura.get("/pratiche/\(id)/rinuncia").status == 404)

            // The citizen withdraws before a decision; the office can then only close it.
            let confirm = try await mario.get("/pratiche/\(id)/rinuncia")
            #expect(confirm.contains("Confermo: ritiro la domanda"))
            let withdrawn = try await mario.submit("/pratiche/\(id)/rinuncia", from: confirm, form: [("text", "Non serve più.")])
            #expect(withdrawn.contains("Ritirata"))
            let office = try await Self.signIn("sociale", site)
            let detail = try await office.get("/backoffice/pratiche/\(id)")
            #expect(detail.contains("id=\"action-close\"") && !detail.contains("id=\"action-take\""))
        }
    }
}

/// The offices' municipality with `count` filings of the bonus already submitted (names and addresses vary).
func seedFilers(_ count: Int) -> @Sendable (Storage) async throws -> Void {
    { storage in
        try await seedOffices()(storage)
        let tenant = try #require(try await FluentTenantRepository(storage: storage).find(slug: "prova"))
        let filings = FluentFilingRepository(storage: storage)
        let store = SQLSubmissionStore(storage: storage, timeZone: DateDisplay.timeZone, clock: SystemClock())
        let owner = try CodiceFiscale(validating: "RSSMRA85T10A562S")
        let now = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let filing = Filing(
                        tenantID: tenant.id, procedureCode: "bonus-prova", procedureVersion: 1, owner: owner, createdAt: now,
                        updatedAt: now)
                    try await filings.create(filing)
                    _ = try await store.submit(
                        SubmissionRequest(
                            filing: filing, register: tenant.protocolRegister, subject: "Bonus",
                            sender: ProtocolParty(name: "Richiedente \(index)"),
                            document: StampedDocument(fileName: "d.pdf", mimeType: "application/pdf") { _ in [] },
                            attachments: [], messages: [], accessCode: nil,
                            casework: CaseOpening(
                                citizenName: "Richiedente \(index)", citizenEmail: "richiedente\(index)@example.org",
                                signInMethod: "spid", dueAt: now.addingTimeInterval(30 * 86_400))))
                }
                if index % 50 == 49 { try await group.waitForAll() }
            }
            try await group.waitForAll()
        }
    }
}

@Suite("Mass communications, through a real SMTP server", .enabled(if: SMTPSink.isAvailable, "aiosmtpd not installed"))
struct MassCommunicationTests {
    @Test("a communication to 1,000 filers is registered once and every one of them gets one email through the outbox")
    func thousandFilers() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let settings: [AbsoluteConfigKey: ConfigValue] = [
            "mail.smtp.host": "127.0.0.1", "mail.smtp.port": .init(.int(sink.port), isSecret: false),
            "mail.smtp.security": "none", "mail.from": "protocollo@comune.prova.it",
        ]
        try await TestSite.run(settings: settings, seed: seedFilers(1000)) { site in
            let office = try await CaseworkTests.signIn("sociale", site)
            let form = try await office.get("/backoffice/comunicazioni")
            #expect(form.contains("Comunicazioni massive"))
            // Too short: refused, the text kept.
            var page = try await office.submit(
                "/backoffice/comunicazioni", from: form,
                form: [("procedure", "bonus-prova"), ("status", ""), ("subject", "Breve"), ("body", "Testo troppo corto")])
            #expect(page.status == 422 && page.contains("Testo troppo corto"))
            page = try await office.submit(
                "/backoffice/comunicazioni", from: form,
                form: [
                    ("procedure", "bonus-prova"), ("status", "submitted"), ("subject", "Graduatoria del bonus pubblicata"),
                    ("body", "La graduatoria provvisoria del bonus è pubblicata all'albo pretorio online."),
                ])
            #expect(page.contains("Comunicazione protocollata e inviata a 1000 richiedenti."))
            for _ in 0..<1200 where sink.count() < 1000 { try await Task.sleep(for: .milliseconds(100)) }
            let received = try await sink.received()
            #expect(received.count == 1000)
            #expect(Set(received.flatMap { $0.to.map(\.address) }).count == 1000, "each filer once")
            #expect(received.allSatisfy { $0.subject == "Comune di Prova: Graduatoria del bonus pubblicata" })
            page = try await office.get("/backoffice/comunicazioni")
            #expect(page.contains("1000 destinatari · email consegnate 1000, in attesa 0, non consegnate 0"))
            let entries = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM protocol_entries WHERE direction = 'outgoing'").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(entries == 1)
        }
    }
}

@Suite("Statistics and transparency pages")
struct StatisticsPageTests {
    @Test("the office sees its statistics; the public transparency page shows the year's figures; both download as CSV")
    func pages() async throws {
        try await TestSite.run(seed: seedFilers(12)) { site in
            let office = try await CaseworkTests.signIn("sociale", site)
            let page = try await office.get("/backoffice/statistiche")
            #expect(page.status == 200 && page.contains("Pratiche per procedimento e mese"))
            #expect(page.contains("<th scope=\"row\">Bonus di prova</th>"))
            #expect(page.contains("<dt>Con SPID, CIE o CNS</dt><dd>100,0 %</dd>"))
            let (csvPage, csv) = try await office.download("/backoffice/statistiche.csv")
            #expect(csvPage.status == 200 && String(decoding: csv, as: UTF8.self).contains("Bonus di prova;"))
            let school = try await CaseworkTests.signIn("scuola", site)
            #expect(try await school.get("/backoffice/statistiche").contains("<dt>Pratiche</dt><dd>0</dd>"))

            let visitor = site.browser(host: "prova.test")
            let transparency = try await visitor.get("/trasparenza")
            let year = LocalDate(site.clock.now, in: DateDisplay.timeZone).year
            #expect(transparency.status == 200 && transparency.contains("Anno \(year)"))
            #expect(transparency.contains("<dt>Pratiche</dt><dd>12</dd>"))
            #expect(transparency.contains("<dt>Procedimenti disponibili online</dt><dd>1</dd>"))
            let (_, open) = try await visitor.download("/trasparenza.csv")
            #expect(String(decoding: open, as: UTF8.self).contains("\(year);Pratiche;12"))
        }
    }
}
