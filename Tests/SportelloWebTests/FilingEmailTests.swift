import Configuration
import Crypto
import Foundation
import SportelloCore
import SportelloTestSupport
import Testing

@Suite("E-mail after submission, through a real SMTP server", .enabled(if: SMTPSink.isAvailable, "aiosmtpd not installed"))
struct FilingEmailTests {
    static let logo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/SportelloWeb/Resources/Demo/stemma-esempio.png").path

    @Test("both e-mails arrive: the copy and the receipt as valid PDF/A attachments, and the code that opens them")
    func bothEmailsArrive() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let settings: [AbsoluteConfigKey: ConfigValue] = [
            "mail.smtp.host": "127.0.0.1", "mail.smtp.port": .init(.int(sink.port), isSecret: false),
            "mail.smtp.security": "none", "mail.from": "protocollo@comune.prova.it",
            // The municipality's logo on its documents (the demo's coat of arms, a PNG with transparency).
            "tenants.slugs": .init(.stringArray(["prova"]), isSecret: false),
            "tenants.prova.documentLogo": .init(.string(Self.logo), isSecret: false),
        ]
        try await TestSite.run(settings: settings, seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            let (id, _) = try await SubmissionTests.submitFiling(browser)
            var mails: [ReceivedMail] = []
            for _ in 0..<100 {
                mails = try await sink.received()
                if mails.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(mails.count == 2)
            let year = LocalDate(site.clock.now, in: TimeZone(identifier: "Europe/Rome")!).year
            let code = String(id.replacingOccurrences(of: "-", with: "").prefix(8)).uppercased()
            let copy = try #require(mails.first { $0.attachments.count == 2 })
            #expect(copy.subject == "Domanda \(code) ricevuta – protocollo n. \(year)/0000001")
            #expect(copy.to.map(\.address) == ["mario.rossi@example.org"])
            #expect(copy.from.first?.name == "Comune di Prova")
            #expect(copy.from.first?.address == "protocollo@comune.prova.it")
            #expect(copy.headers["x-sportello-message-key"]?.lowercased() == "email.filing-copy:\(id)")
            #expect(copy.defects.isEmpty)
            #expect(copy.attachments.map(\.contentType) == ["application/pdf", "application/pdf"])

            // The attachments are the documents the citizen downloads, and they are valid PDF/A.
            for (slug, prefix) in [("domanda.pdf", "domanda-"), ("ricevuta.pdf", "ricevuta-")] {
                let (_, bytes) = try await browser.download("/pratiche/\(id)/documenti/\(slug)")
                let attachment = try #require(copy.attachments.first { $0.filename?.hasPrefix(prefix) == true })
                #expect(attachment.sha256 == Hex.encode(SHA256.hash(data: bytes)), "\(slug)")
                if PDFBoxPreflight.isAvailable {
                    let file = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID()).pdf")
                    try Data(bytes).write(to: file)
                    defer { try? FileManager.default.removeItem(at: file) }
                    let result = try PDFBoxPreflight.validate(file)
                    #expect(result.output.contains("is a valid PDF/A-1b file"), "\(slug): \(result.output)")
                    if ExternalTool.isAvailable("pdfimages") {
                        let images = try ExternalTool.run("pdfimages", ["-list", file.path]).output
                        #expect(images.contains(" 96   112 "), "\(slug) carries the municipality's logo: \(images)")
                    }
                }
            }

            let codeMail = try #require(mails.first { $0.attachments.isEmpty })
            #expect(codeMail.subject == "Codice di sicurezza per la pratica \(code)")
            let text = try #require(codeMail.text)
            let accessCode = try #require(
                text.firstMatch(of: /Codice di sicurezza: ([A-Z0-9]{5}-[A-Z0-9]{5})/).map { String($0.1) })
            let visitor = site.browser(host: "prova.test")
            let form = try await visitor.get("/accesso-documenti")
            let opened = try await visitor.submit(
                "/accesso-documenti", from: form, form: [("filing_code", code), ("access_code", accessCode)])
            #expect(opened.status == 200 && opened.contains("Documenti della pratica"))
            let payload = try await SubmissionTests.withDatabase(site) { sql in
                try await sql.raw("SELECT payload, state FROM outbox_jobs WHERE kind = 'email.access-code'").first().map {
                    (try $0.decode(column: "payload", as: String.self), try $0.decode(column: "state", as: String.self))
                }
            }
            #expect(payload?.1 == "delivered")
            #expect(payload?.0 == "{}", "the code is erased from the outbox once sent")
        }
    }
}
