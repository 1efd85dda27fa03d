import Configuration
import Crypto
import Foundation
import Logging
import SQLKit
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@testable import SportelloWeb

@Suite("Submitting a filing")
struct SubmissionTests {
    /// Signs Mario in, fills the test procedure and confirms it; returns the filing id and the confirmation page.
    static func submitFiling(_ browser: TestBrowser) async throws -> (id: String, page: TestBrowser.Page) {
        try await browser.signInAsCitizen(start: "/auth/login?next=/servizi/bonus-prova")
        let service = try await browser.get("/servizi/bonus-prova")
        var page = try await browser.submit("/servizi/bonus-prova/avvia", from: service, form: [])
        let id = try #require(FilingFlowTests.filingID(page))
        page = try await browser.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
        page = try await browser.submit(
            "/pratiche/\(id)/pagine/richiedente", from: page,
            form: [("a.email", "mario.rossi@example.org"), ("a.ridotto", "yes"), ("a.isee", "12.500,00"), ("action", "next")])
        page = try await browser.submit(
            "/pratiche/\(id)/pagine/famiglia", from: page,
            form: [
                ("n.componenti", "1"), ("a.componenti.1.nome", "Mario"), ("a.componenti.1.reddito", "10000"), ("action", "next"),
            ])
        page = try await browser.submit(
            "/pratiche/\(id)/pagine/dichiarazioni", from: page, form: [("a.veridicita", "yes"), ("action", "next")])
        let confirm = try await browser.get("/pratiche/\(id)/conferma")
        return (id, try await browser.submit("/pratiche/\(id)/conferma", from: confirm, form: []))
    }

    /// Runs `body` with the site's database open beside the server.
    static func withDatabase<T: Sendable>(
        _ site: TestSite, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let storage = try Storage(
            location: DatabaseLocation(url: site.databaseURL), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let pool = Task { try await storage.runPoolForTests() }
        defer { pool.cancel() }
        let result = try await body(storage.sql())
        await storage.shutdown()
        return result
    }

    @Test(
        "the confirmation shows the protocol number; the registered PDF/A copy carries it and every answer, and its SHA-256 is the one registered",
        arguments: TestEngine.available)
    func registeredCopy(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine, seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            let (id, page) = try await Self.submitFiling(browser)
            let year = LocalDate(site.clock.now, in: TimeZone(identifier: "Europe/Rome")!).year
            #expect(page.url.hasSuffix("/pratiche/\(id)/esito"))
            #expect(page.contains("<dd id=\"protocol-number\">\(year)/0000001</dd>"))
            #expect(page.contains("<dd id=\"receipt-email\">mario.rossi@example.org</dd>"))
            #expect(page.contains("Quanto è stato facile usare questo servizio?"))

            let (download, pdf) = try await browser.download("/pratiche/\(id)/documenti/domanda.pdf")
            #expect(download.status == 200)
            #expect(download.header("Content-Type") == "application/pdf")
            if let text = try DraftPreviewTests.text(of: pdf) {
                #expect(text.contains("0000001"))
                #expect(text.contains("c_prova – AOO01 – PG"))
                #expect(text.contains("mario.rossi@example.org"))
                #expect(text.contains("€ 12.500,00"))
                #expect(text.contains("RSSMRA85T10A562S"))
            }
            let digest = Hex.encode(SHA256.hash(data: pdf))
            let registered = try await Self.withDatabase(site) { sql in
                try await sql.raw("SELECT documents, segnatura, subject FROM protocol_entries").all().map {
                    (
                        try $0.decode(column: "documents", as: String.self), try $0.decode(column: "segnatura", as: String.self),
                        try $0.decode(column: "subject", as: String.self)
                    )
                }
            }
            #expect(registered.count == 1)
            #expect(registered.first?.0.contains(digest) == true, "the downloaded copy is the registered document")
            #expect(registered.first?.1.contains("<NumeroRegistrazione>0000001</NumeroRegistrazione>") == true)
            #expect(registered.first?.2 == "Bonus di prova – Mario Rossi")

            let (receiptPage, receipt) = try await browser.download("/pratiche/\(id)/documenti/ricevuta.pdf")
            #expect(receiptPage.status == 200)
            if let text = try DraftPreviewTests.text(of: receipt) {
                #expect(text.contains("Ricevuta di avvio del procedimento"))
                #expect(text.contains("\(year)/0000001"))
                #expect(text.contains("Ufficio Servizi Sociali"))
                #expect(text.contains("30 giorni dalla presentazione"))
            }
            #expect(
                try await browser.download("/pratiche/\(id)/documenti/ricevuta.pdf").bytes == receipt,
                "made again, the same bytes")

            let area = try await browser.get("/area-personale")
            #expect(area.contains("protocollo n. \(year)/0000001"))
            #expect(area.contains("href=\"/pratiche/\(id)/documenti/ricevuta.pdf\""))
            // Confirming again changes nothing: still one entry.
            let again = try await browser.post(
                "/pratiche/\(id)/conferma", form: [("csrf_token", page.inputValue("csrf_token") ?? "")])
            #expect(again.url.hasSuffix("/esito"))
            #expect(try await Self.withDatabase(site) { try await $0.raw("SELECT id FROM protocol_entries").all().count } == 1)
        }
    }

    @Test("another citizen, or the same citizen on another municipality's site, finds neither the filing nor its documents")
    func documentsStayPrivate() async throws {
        try await TestSite.run(seed: seedProcedure()) { site in
            let (id, _) = try await Self.submitFiling(site.browser(host: "prova.test"))
            let stranger = site.browser(host: "prova.test")
            try await stranger.signInAsCitizen("BNCNNA90C55H501L")
            for path in ["esito", "documenti/domanda.pdf", "documenti/ricevuta.pdf"] {
                #expect(try await stranger.download("/pratiche/\(id)/\(path)").page.status == 404, "\(path)")
            }
            let elsewhere = site.browser(host: "localhost")
            try await elsewhere.signInAsCitizen()
            #expect(try await elsewhere.download("/pratiche/\(id)/documenti/domanda.pdf").page.status == 404)
            let anonymous = try await site.browser(host: "prova.test").get("/pratiche/\(id)/esito", follow: false)
            #expect(anonymous.location?.hasPrefix("/auth/login") == true)
        }
    }

    @Test("the mailed access code opens the documents without signing in; wrong codes are refused, then locked out")
    func accessCode() async throws {
        // Without the worker the email waits in the outbox with its code (delivery erases it).
        try await TestSite.run(settings: ["worker.inProcess": false], seed: seedProcedure()) { site in
            let (id, _) = try await Self.submitFiling(site.browser(host: "prova.test"))
            let payload = try await Self.withDatabase(site) { sql in
                try await sql.raw("SELECT payload FROM outbox_jobs WHERE kind = 'email.access-code'").first()?
                    .decode(column: "payload", as: String.self)
            }
            let code = try #require(
                payload.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }?["code"])
            let digests = try await Self.withDatabase(site) { sql in
                try await sql.raw("SELECT digest FROM filing_access_codes").all().map {
                    try $0.decode(column: "digest", as: String.self)
                }
            }
            #expect(digests.count == 1)
            #expect(digests.first?.contains(code) == false, "only a digest is stored")
            let filingCode = String(id.replacingOccurrences(of: "-", with: "").prefix(8)).uppercased()

            let visitor = site.browser(host: "prova.test")
            #expect(try await visitor.get("/accesso-documenti/documenti/domanda.pdf").url.hasSuffix("/accesso-documenti"))
            var form = try await visitor.get("/accesso-documenti")
            form = try await visitor.submit(
                "/accesso-documenti", from: form, form: [("filing_code", filingCode), ("access_code", "AAAAA-BBBBB")])
            #expect(form.status == 422)
            #expect(form.contains("non è corretto"))
            #expect(form.contains("value=\"\(filingCode)\""), "what was typed is kept")
            let opened = try await visitor.submit(
                "/accesso-documenti", from: form,
                form: [
                    ("filing_code", filingCode.lowercased()),
                    ("access_code", code.lowercased().replacingOccurrences(of: "-", with: " ")),
                ])
            #expect(opened.status == 200)
            #expect(opened.contains("Bonus di prova"))
            let (file, bytes) = try await visitor.download("/accesso-documenti/documenti/domanda.pdf")
            #expect(file.status == 200)
            #expect(bytes.starts(with: Array("%PDF-".utf8)))

            let attacker = site.browser(host: "prova.test")
            var attempt = try await attacker.get("/accesso-documenti")
            for _ in 0..<AccessCodes.maximumAttempts {
                attempt = try await attacker.submit(
                    "/accesso-documenti", from: attempt, form: [("filing_code", filingCode), ("access_code", "AAAAA-BBBBB")])
            }
            attempt = try await attacker.submit(
                "/accesso-documenti", from: attempt, form: [("filing_code", filingCode), ("access_code", code)])
            #expect(attempt.status == 429, "locked even with the right code")
            site.clock.advance(by: 16 * 60)
            attempt = try await attacker.submit(
                "/accesso-documenti", from: attempt, form: [("filing_code", filingCode), ("access_code", code)])
            #expect(attempt.status == 200)
        }
    }

    @Test("the citizen rates the service once, from 1 to 5, with an optional comment")
    func rating() async throws {
        try await TestSite.run(seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            let (id, page) = try await Self.submitFiling(browser)
            let refused = try await browser.submit("/pratiche/\(id)/valutazione", from: page, form: [("comment", "Comodo")])
            #expect(refused.status == 422)
            #expect(refused.contains("Scegli da 1 a 5 stelle"))
            #expect(refused.contains(">Comodo</textarea>"), "the comment typed is kept")
            let rated = try await browser.submit(
                "/pratiche/\(id)/valutazione", from: refused, form: [("score", "4"), ("comment", "Comodo")])
            #expect(rated.contains("Grazie per la valutazione (4 su 5)"))
            _ = try await browser.post(
                "/pratiche/\(id)/valutazione", form: [("csrf_token", page.inputValue("csrf_token") ?? ""), ("score", "1")])
            let stored = try await Self.withDatabase(site) { sql in
                try await sql.raw("SELECT score, comment FROM service_ratings").all().map {
                    (try $0.decode(column: "score", as: Int.self), try $0.decode(column: "comment", as: String?.self))
                }
            }
            #expect(stored.count == 1)
            #expect(stored.first?.0 == 4)
            #expect(stored.first?.1 == "Comodo")
        }
    }
}

@Suite("Submitting to a municipality's own protocol system")
struct RemoteSubmissionTests {
    @Test(
        "the filing waits for its number, the outbox registers it in the simulator, then it is submitted with that number",
        arguments: TestEngine.available)
    func remoteRegistration(engine: TestEngine) async throws {
        let settings: [AbsoluteConfigKey: ConfigValue] = [
            "tenants.slugs": .init(.stringArray(["prova"]), isSecret: false),
            "tenants.prova.protocol.remoteURL": "simulator",
        ]
        try await TestSite.run(engine: engine, settings: settings, seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            let (id, _) = try await SubmissionTests.submitFiling(browser)
            var page = try await browser.get("/pratiche/\(id)/esito")
            for _ in 0..<100 where !page.contains("Domanda inviata") {
                try await Task.sleep(for: .milliseconds(100))
                page = try await browser.get("/pratiche/\(id)/esito")
            }
            let year = LocalDate(site.clock.now, in: TimeZone(identifier: "Europe/Rome")!).year
            #expect(page.contains("<dd id=\"protocol-number\">\(year)/0000001</dd>"), "the number the protocol system gave")
            let (_, pdf) = try await browser.download("/pratiche/\(id)/documenti/domanda.pdf")
            if let text = try DraftPreviewTests.text(of: pdf) {
                #expect(
                    text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(
                        "assegnati dal sistema di protocollo"))
            }
            let rows = try await SubmissionTests.withDatabase(site) { sql in
                (
                    try await sql.raw("SELECT documents, segnatura FROM protocol_entries").all().map {
                        (try $0.decode(column: "documents", as: String.self), try $0.decode(column: "segnatura", as: String.self))
                    },
                    try await sql.raw("SELECT kind, state, last_error FROM outbox_jobs ORDER BY kind").all().map {
                        "\(try $0.decode(column: "kind", as: String.self))=\(try $0.decode(column: "state", as: String.self))"
                            + (try $0.decode(column: "last_error", as: String?.self).map { " (\($0))" } ?? "")
                    }
                )
            }
            #expect(rows.0.count == 1)
            #expect(
                rows.0.first?.0.contains(Hex.encode(SHA256.hash(data: pdf))) == true, "the stored copy is what was registered")
            #expect(rows.0.first?.1.contains("<NumeroRegistrazione>0000001</NumeroRegistrazione>") == true)
            #expect(rows.1.contains("protocol.remote-registration=delivered"), "\(rows.1)")
            #expect(rows.1.filter { $0.hasPrefix("email.") }.count == 2, "the two emails follow the registration")
        }
    }
}
