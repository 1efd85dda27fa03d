import Foundation
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import SportelloWeb
import Testing

/// The test municipality, Comune di Prova on prova.test, stored.
func storeTestTenant(_ storage: Storage) async throws -> Tenant {
    let tenant = try TenantDraft(
        slug: "prova", name: "Comune di Prova", fiscalCode: "97735020584", ipaCode: "c_prova", hosts: ["prova.test"]
    ).validated()
    try await FluentTenantRepository(storage: storage).create(tenant)
    return tenant
}

/// A municipality with one simple procedure, to walk the whole filing flow.
func seedProcedure(opensAt: Date? = nil, closesAt: Date? = nil) -> @Sendable (Storage) async throws -> Void {
    { storage in
        let tenant = try await storeTestTenant(storage)
        let yaml = """
            code: bonus-prova
            title: {it: "Bonus di prova", en: "Test bonus"}
            description: Un contributo per provare il modulo.
            info: ["Possono chiedere il bonus i residenti."]
            archetype: economicBenefit
            office: {name: Ufficio Servizi Sociali, email: sociali@prova.it}
            maximumCompletionDays: 30
            \(opensAt.map { "opensAt: \($0.ISO8601Format())" } ?? "")
            \(closesAt.map { "closesAt: \($0.ISO8601Format())" } ?? "")
            form:
              pages:
                - id: richiedente
                  title: Richiedente
                  sections:
                    - id: dati
                      fields:
                        - {id: codiceFiscale, type: fiscalCode, label: Codice fiscale, prefill: identity.fiscalCode}
                        - {id: email, type: email, label: Email, required: true}
                        - {id: ridotto, type: yesNo, label: Chiedi la riduzione?, required: true}
                        - {id: isee, type: money, label: ISEE, required: "ridotto = true", showIf: "ridotto = true", maximum: 35000}
                - id: famiglia
                  title: Famiglia
                  sections:
                    - id: membri
                      fields:
                        - id: componenti
                          type: group
                          label: Componente
                          minimumItems: 1
                          fields:
                            - {id: nome, type: text, label: Nome, required: true}
                            - {id: reddito, type: money, label: Reddito, required: true}
                        - {id: totale, type: money, label: Reddito totale, compute: "sum(componenti, reddito)"}
                - id: dichiarazioni
                  title: Dichiarazioni
                  sections:
                    - id: firme
                      fields:
                        - {id: veridicita, type: declaration, label: Veridicità, text: Dichiaro che i dati sono veri., required: true}
            """
        let procedure = try ProcedureFile.load(yaml: yaml)
        try await FluentProcedureRepository(storage: storage).publish(procedure.definition, tenantID: tenant.id, at: Date())
    }
}

@Suite("Filing an application")
struct FilingFlowTests {
    static func filingID(_ page: TestBrowser.Page) -> String? {
        page.url.firstMatch(of: /\/pratiche\/([0-9a-f-]{36})/).map { String($0.1) }
    }

    @Test(
        "a citizen files from the service page to submission, with errors shown and typed values kept",
        arguments: TestEngine.available)
    func happyPath(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine, seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            let home = try await browser.get("/")
            #expect(home.contains("href=\"/servizi/bonus-prova\""))
            try await browser.signInAsCitizen(start: "/auth/login?next=/servizi/bonus-prova")
            let service = try await browser.get("/servizi/bonus-prova")
            #expect(service.contains("Bonus di prova"))
            #expect(service.contains("Ufficio Servizi Sociali"))
            var page = try await browser.submit("/servizi/bonus-prova/avvia", from: service, form: [])
            #expect(page.url.hasSuffix("/privacy"))
            let id = try #require(Self.filingID(page))
            page = try await browser.submit("/pratiche/\(id)/privacy", from: page, form: [])
            #expect(page.status == 422)
            page = try await browser.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
            #expect(page.url.hasSuffix("/pagine/richiedente"))
            #expect(page.contains("RSSMRA85T10A562S"), "the fiscal code is prefilled from sign-in")

            page = try await browser.submit(
                "/pratiche/\(id)/pagine/richiedente", from: page,
                form: [("a.email", "mario@"), ("a.ridotto", "yes"), ("a.isee", "40.000"), ("action", "next")])
            #expect(page.status == 422)
            #expect(page.contains("Inserisci un indirizzo email valido"))
            #expect(page.contains("Il valore non può superare 35000"))
            #expect(page.contains("value=\"mario@\""), "what was typed is kept")
            #expect(page.contains("<title>Errore:"))

            page = try await browser.submit(
                "/pratiche/\(id)/pagine/richiedente", from: page,
                form: [("a.email", "mario.rossi@example.org"), ("a.ridotto", "yes"), ("a.isee", "12.500,00"), ("action", "next")])
            #expect(page.url.hasSuffix("/pagine/famiglia"))
            page = try await browser.submit(
                "/pratiche/\(id)/pagine/famiglia", from: page,
                form: [
                    ("n.componenti", "1"), ("a.componenti.1.nome", "Mario"), ("a.componenti.1.reddito", "10000"),
                    ("action", "add:componenti"),
                ])
            #expect(page.contains("Componente n. 2"))
            page = try await browser.submit(
                "/pratiche/\(id)/pagine/famiglia", from: page,
                form: [
                    ("n.componenti", "2"), ("a.componenti.1.nome", "Mario"), ("a.componenti.1.reddito", "10000"),
                    ("a.componenti.2.nome", "Laura"),
                    ("a.componenti.2.reddito", "5.000,50"), ("action", "next"),
                ])
            #expect(page.url.hasSuffix("/pagine/dichiarazioni"))
            page = try await browser.submit("/pratiche/\(id)/pagine/dichiarazioni", from: page, form: [("action", "next")])
            #expect(page.status == 422)
            #expect(page.contains("Per continuare devi accettare questa dichiarazione."))
            page = try await browser.submit(
                "/pratiche/\(id)/pagine/dichiarazioni", from: page, form: [("a.veridicita", "yes"), ("action", "next")])
            #expect(page.url.hasSuffix("/riepilogo"))
            #expect(page.contains("valore di dichiarazione sostitutiva"))
            #expect(page.contains("€ 15.000,50"), "the computed total appears in the summary")
            #expect(page.contains("€ 12.500,00"))
            let english = try await browser.get("/pratiche/\(id)/riepilogo?lang=en")
            #expect(english.contains("Summary"))
            #expect(english.contains("sworn statement"))
            _ = try await browser.get("/pratiche/\(id)/riepilogo?lang=it")
            let confirm = try await browser.get("/pratiche/\(id)/conferma")
            let done = try await browser.submit("/pratiche/\(id)/conferma", from: confirm, form: [])
            #expect(done.url.hasSuffix("/pratiche/\(id)/esito"))
            #expect(done.contains("Domanda inviata"))
            #expect(done.contains("protocollo n. \(ProtocolEntry.format(1))") || done.contains("/0000001"))
            let area = try await browser.get("/area-personale")
            #expect(area.contains("Bonus di prova"))
            #expect(area.contains("protocollo n. "))
            #expect(
                try await browser.get("/pratiche/\(id)/pagine/richiedente").url.hasSuffix("/pratiche/\(id)/esito"),
                "a confirmed filing is locked")
        }
    }

    @Test("conditions work both ways: the ISEE field is not asked when no reduction is requested")
    func conditionBothWays() async throws {
        try await TestSite.run(seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            try await browser.signInAsCitizen(start: "/auth/login?next=/servizi/bonus-prova")
            let service = try await browser.get("/servizi/bonus-prova")
            var page = try await browser.submit("/servizi/bonus-prova/avvia", from: service, form: [])
            let id = try #require(Self.filingID(page))
            page = try await browser.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
            #expect(!page.contains("name=\"a.isee\""), "hidden until the answer asks for it")
            page = try await browser.submit(
                "/pratiche/\(id)/pagine/richiedente", from: page,
                form: [("a.email", "a@b.it"), ("a.ridotto", "no"), ("action", "next")])
            #expect(page.url.hasSuffix("/pagine/famiglia"))
        }
    }

    @Test("a draft is resumed from the personal area in a new session, and another citizen cannot open it")
    func resumeAndPrivacy() async throws {
        try await TestSite.run(seed: seedProcedure()) { site in
            let mario = site.browser(host: "prova.test")
            try await mario.signInAsCitizen(start: "/auth/login?next=/servizi/bonus-prova")
            let service = try await mario.get("/servizi/bonus-prova")
            var page = try await mario.submit("/servizi/bonus-prova/avvia", from: service, form: [])
            let id = try #require(Self.filingID(page))
            page = try await mario.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
            _ = try await mario.submit(
                "/pratiche/\(id)/pagine/richiedente", from: page,
                form: [("a.email", "ripresa@example.org"), ("a.ridotto", "no"), ("action", "save")])

            let again = site.browser(host: "prova.test")
            try await again.signInAsCitizen()
            let area = try await again.get("/area-personale")
            #expect(area.contains("/pratiche/\(id)"))
            let resumed = try await again.get("/pratiche/\(id)")
            #expect(resumed.url.hasSuffix("/pagine/richiedente"))
            #expect(resumed.contains("value=\"ripresa@example.org\""))

            let anna = site.browser(host: "prova.test")
            try await anna.signInAsCitizen("BNCNNA90C55H501L")
            let refused = try await anna.get("/pratiche/\(id)/pagine/richiedente")
            #expect(refused.status == 404)
            #expect(!refused.contains("ripresa@example.org"))
            #expect(!(try await anna.get("/area-personale")).contains(id))
            let deleteAttempt = try await anna.get("/area-personale")
            _ = try await anna.submit("/pratiche/\(id)/elimina", from: deleteAttempt, form: [])
            #expect((try await again.get("/area-personale")).contains("/pratiche/\(id)"), "another citizen cannot delete it")
        }
    }

    @Test("a draft is deleted after a confirmation page")
    func deleteDraft() async throws {
        try await TestSite.run(seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            try await browser.signInAsCitizen(start: "/auth/login?next=/servizi/bonus-prova")
            let service = try await browser.get("/servizi/bonus-prova")
            let page = try await browser.submit("/servizi/bonus-prova/avvia", from: service, form: [])
            let id = try #require(Self.filingID(page))
            let ask = try await browser.get("/pratiche/\(id)/elimina")
            #expect(ask.contains("Eliminare la bozza?"))
            let after = try await browser.submit("/pratiche/\(id)/elimina", from: ask, form: [])
            #expect(after.contains("Bozza eliminata."))
            #expect(!after.contains("/pratiche/\(id)"))
        }
    }

    @Test("a closed call refuses new filings with a clear message")
    func closedProcedure() async throws {
        try await TestSite.run(seed: seedProcedure(closesAt: Date().addingTimeInterval(-3600))) { site in
            let browser = site.browser(host: "prova.test")
            try await browser.signInAsCitizen(start: "/auth/login?next=/servizi/bonus-prova")
            let service = try await browser.get("/servizi/bonus-prova")
            #expect(service.contains("I termini per presentare la domanda sono chiusi"))
            #expect(!service.contains("id=\"start-filing\""))
            let refused = try await browser.post(
                "/servizi/bonus-prova/avvia", form: [("csrf_token", service.inputValue("csrf_token") ?? "")])
            #expect(refused.status == 403)
        }
    }
}
