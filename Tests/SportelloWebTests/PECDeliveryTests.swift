import Configuration
import Foundation
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@testable import SportelloWeb

/// The back office's municipality with a procedure that asks for the citizen's PEC address (domicilio digitale).
func seedPECProcedure() -> @Sendable (Storage) async throws -> Void {
    { storage in
        try await seedOffices()(storage)
        let tenant = try #require(try await FluentTenantRepository(storage: storage).find(slug: "prova"))
        let yaml = """
            code: accesso-atti
            title: Accesso agli atti
            description: Richiesta di accesso ai documenti amministrativi.
            info: ["Chiunque abbia un interesse può chiedere di vedere gli atti."]
            archetype: permitsAndDocuments
            office: {name: Ufficio Servizi Sociali}
            maximumCompletionDays: 30
            form:
              pages:
                - id: richiesta
                  title: Richiesta
                  sections:
                    - id: dati
                      fields:
                        - {id: atto, type: text, label: Atto, required: true}
                        - {id: email, type: email, label: Email, required: true}
                        - {id: domicilio, type: email, label: PEC, pec: true}
            """
        let procedure = try ProcedureFile.load(yaml: yaml)
        try await FluentProcedureRepository(storage: storage).publish(procedure.definition, tenantID: tenant.id, at: Date())
    }
}

@Suite("Registered letters by PEC", .enabled(if: SMTPSink.isAvailable, "aiosmtpd not installed"))
struct PECDeliveryTests {
    @Test("a decision reaches the citizen's PEC address from the municipality's PEC mailbox, with the registered letter")
    func decisionByPEC() async throws {
        let pec = try await SMTPSink()
        defer { pec.stop() }
        let settings: [AbsoluteConfigKey: ConfigValue] = [
            "tenants.slugs": .init(.stringArray(["prova"]), isSecret: false),
            "tenants.prova.pec.smtp.host": "127.0.0.1", "tenants.prova.pec.smtp.port": .init(.int(pec.port), isSecret: false),
            "tenants.prova.pec.smtp.security": "none", "tenants.prova.pec.from": "protocollo@pec.prova.it",
            "tenants.prova.pec.fromName": "Comune di Prova",
        ]
        try await TestSite.run(settings: settings, seed: seedPECProcedure()) { site in
            let mario = site.browser(host: "prova.test")
            try await mario.signInAsCitizen(start: "/auth/login?next=/servizi/accesso-atti")
            let service = try await mario.get("/servizi/accesso-atti")
            var page = try await mario.submit("/servizi/accesso-atti/avvia", from: service, form: [])
            let id = try #require(FilingFlowTests.filingID(page))
            page = try await mario.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
            page = try await mario.submit(
                "/pratiche/\(id)/pagine/richiesta", from: page,
                form: [
                    ("a.atto", "Delibera 12/2026"), ("a.email", "mario.rossi@example.org"),
                    ("a.domicilio", "mario.rossi@pec.example.org"), ("action", "next"),
                ])
            let confirm = try await mario.get("/pratiche/\(id)/conferma")
            page = try await mario.submit("/pratiche/\(id)/conferma", from: confirm, form: [])
            #expect(page.contains("protocol-number"))
            #expect(page.contains("mario.rossi@example.org"), "the receipt goes to the e-mail, not to the PEC address")

            let office = try await CaseworkTests.signIn("capo", site)
            _ = try await CaseworkTests.act(office, id, "take")
            _ = try await CaseworkTests.act(office, id, "accept", [("text", "Gli atti sono consultabili.")])
            // Acts of one filing are stamped a millisecond apart; the test clock stands still.
            site.clock.advance(by: 1)
            var mails: [ReceivedMail] = []
            for _ in 0..<100 {
                mails = try await pec.received()
                if !mails.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(mails.count == 1, "only the registered letter goes by PEC (taking the filing sends nothing)")
            let mail = try #require(mails.first)
            #expect(mail.to.map(\.address) == ["mario.rossi@pec.example.org"])
            #expect(mail.from.first?.address == "protocollo@pec.prova.it")
            #expect(mail.attachments.count == 1 && mail.attachments.first?.contentType == "application/pdf")
            #expect(mail.headers["x-sportello-message-key"]?.hasPrefix("pec.case-message:") == true)
        }
    }
}
