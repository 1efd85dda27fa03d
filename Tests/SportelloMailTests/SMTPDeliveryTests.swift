import Foundation
import Logging
import SportelloTestSupport
import Testing

@testable import SportelloMail

/// Sends to a real SMTP server (aiosmtpd, `Tests/Support/smtp_sink.py`) and reads what arrived with Python's
/// `email` package, as a mail client would.
@Suite("SMTP delivery", .enabled(if: SMTPSink.isAvailable, "aiosmtpd not installed (scripts/test installs it)"))
struct SMTPDeliveryTests {
    static let credentials = (username: "sportello", password: "segreto–è")

    private func expectError(
        _ kind: MailError.Kind, transient: Bool, code: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("expected \(kind)", sourceLocation: sourceLocation)
        } catch let error as MailError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.isTransient == transient, "\(error)", sourceLocation: sourceLocation)
            if let code { #expect(error.reply?.code == code, "\(error)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aReceiptWithAccentsDottedLinesAndTwoPDFsArrivesIntact() async throws {
        let sink = try await SMTPSink()
        let message = Fixtures.receipt()
        let mailer = try SMTPMailer(configuration: sink.configuration())
        try await mailer.send(message)
        await mailer.shutdown()

        let received = try await sink.received()
        try #require(received.count == 1)
        let mail = received[0]
        #expect(mail.subject == "Ricevuta – Comune di Città")
        #expect(mail.from == [.init(name: "Comune di Città", address: "protocollo@comune-di-citta.example.it")])
        #expect(mail.to == [.init(name: "Pratica n° 42 – José Müller", address: "jose.muller@example.org")])
        #expect(mail.cc == [.init(name: "Ufficio tributi", address: "ufficio.tributi@comune-di-citta.example.it")])
        #expect(mail.replyTo == [.init(name: "URP – Relazioni con il pubblico", address: "urp@comune-di-citta.example.it")])
        #expect(mail.messageID == "<\(message.messageID)>")
        #expect(mail.date == "Tue, 24 Nov 2026 14:05:09 +0100")
        #expect(mail.headers["auto-submitted"] == "auto-generated")
        #expect(mail.headers["x-sportello-message-key"] == "filing-42/receipt")
        #expect(mail.headers["mime-version"] == "1.0")
        #expect(mail.text == Fixtures.receiptText)
        #expect(mail.structure == ["multipart/mixed", "text/plain", "application/pdf", "application/pdf"])
        #expect(
            mail.attachments
                == message.attachments.map {
                    .init(
                        filename: $0.fileName, contentType: "application/pdf", size: $0.content.count,
                        sha256: Fixtures.sha256($0.content))
                })
        #expect(mail.attachments.first?.filename == "Ricevuta n° 42 – José Müller.pdf")
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.allCRLF)
        #expect(mail.maxLineLength <= 78)
        #expect(mail.envelope.mailFrom == "protocollo@comune-di-citta.example.it")
        #expect(mail.envelope.rcptTos == ["jose.muller@example.org", "ufficio.tributi@comune-di-citta.example.it"])
    }

    @Test func anHTMLAlternativeArrivesWithTheText() async throws {
        let sink = try await SMTPSink()
        var message = Fixtures.receipt()
        message.htmlBody =
            "<!doctype html>\n<p>Gentile <b>José Müller</b>,</p>\n<p>la pratica n° 42 è registrata – grazie.</p>\n.\n"
        let alternativeOnly = MailMessage(
            from: message.from, to: message.to, subject: "Solo HTML e testo", textBody: "Testo semplice: è così.",
            htmlBody: "<p>Testo <i>ricco</i>: è così.</p>", date: Fixtures.date)
        let client = try await SMTPClient.connect(sink.configuration())
        try await client.send(message)
        try await client.send(alternativeOnly)
        await client.quit()

        let received = try await sink.received()
        try #require(received.count == 2)
        #expect(
            received[0].structure == [
                "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf", "application/pdf",
            ])
        #expect(received[0].text == Fixtures.receiptText)
        #expect(received[0].html == message.htmlBody)
        #expect(received[0].attachments.count == 2)
        #expect(received[1].structure == ["multipart/alternative", "text/plain", "text/html"])
        #expect(received[1].text == "Testo semplice: è così.")
        #expect(received[1].html == "<p>Testo <i>ricco</i>: è così.</p>")
        #expect(received.allSatisfy { $0.defects.isEmpty })
    }

    @Test func aSingleTextPartGainsOnlyAFinalLineBreak() async throws {
        let sink = try await SMTPSink()
        let client = try await SMTPClient.connect(sink.configuration())
        let text = ".\n..\nRiga con un punto solo sopra e due sotto.\nFine"
        try await client.send(
            MailMessage(from: Fixtures.sender, to: [MailAddress("a@example.org")], subject: "Punti", textBody: text))
        await client.quit()
        let mail = try #require(try await sink.received().first)
        #expect(mail.structure == ["text/plain"])
        #expect(mail.text == text + "\n")
    }

    @Test func headerInjectionIsNeutralised() async throws {
        let sink = try await SMTPSink()
        let message = MailMessage(
            from: MailAddress("protocollo@comune-di-citta.example.it", name: "Comune\r\nBcc: spia@example.org"),
            to: [MailAddress("jose.muller@example.org", name: "José\nX-Injected: yes")],
            subject: "Ciao\r\nBcc: intruso@example.org\r\n\r\nCorpo falso", textBody: "Vero corpo.",
            headers: [MailHeader(name: "X-Sportello-Message-Key", value: "k\r\nX-Evil: 1")])
        let mailer = try SMTPMailer(configuration: sink.configuration())
        try await mailer.send(message)
        await mailer.shutdown()

        let mail = try #require(try await sink.received().first)
        #expect(mail.subject == "Ciao  Bcc: intruso@example.org    Corpo falso")
        // (Python shows the encoded name with its two spaces as one.)
        #expect(mail.from.first?.name.replacingOccurrences(of: "  ", with: " ") == "Comune Bcc: spia@example.org")
        #expect(mail.to.first?.name == "José X-Injected: yes")
        #expect(mail.headers["x-sportello-message-key"] == "k  X-Evil: 1")
        for name in ["bcc", "x-injected", "x-evil"] { #expect(mail.headers[name] == nil) }
        #expect(mail.text == "Vero corpo.\n")
        #expect(mail.envelope.rcptTos == ["jose.muller@example.org"])

        // An address is never cleaned up: it is refused before anything is sent.
        let bad = MailMessage(
            from: Fixtures.sender, to: [MailAddress("a@example.org>\r\nRCPT TO:<b@example.org")], subject: "s", textBody: "t")
        await expectError(.invalidMessage, transient: false) {
            try await SMTPMailer(configuration: sink.configuration()).send(bad)
        }
        #expect(try await sink.received().count == 1)
    }

    @Test func startTLSWithAuthPlain() async throws {
        let sink = try await SMTPSink(.init(startTLS: true, credentials: Self.credentials, mechanisms: ["PLAIN"]))
        let configuration = sink.configuration(
            security: .startTLS, username: Self.credentials.username, password: Self.credentials.password)
        let client = try await SMTPClient.connect(configuration)
        #expect(client.isEncrypted)
        #expect(client.capabilities.authenticationMechanisms == ["PLAIN"])
        try await client.send(Fixtures.receipt())
        await client.quit()
        let mail = try #require(try await sink.received().first)
        #expect(mail.envelope.tls == true && mail.envelope.authenticated == true)
        #expect(mail.attachments.count == 2)
    }

    @Test func startTLSWithAuthLogin() async throws {
        let sink = try await SMTPSink(.init(startTLS: true, credentials: Self.credentials, mechanisms: ["LOGIN"]))
        let mailer = try SMTPMailer(
            configuration: sink.configuration(
                security: .startTLS, username: Self.credentials.username, password: Self.credentials.password))
        try await mailer.send(Fixtures.receipt())
        await mailer.shutdown()
        let mail = try #require(try await sink.received().first)
        #expect(mail.envelope.tls == true && mail.envelope.authenticated == true)
    }

    @Test func implicitTLSAsPECProvidersUse() async throws {
        let sink = try await SMTPSink(.init(implicitTLS: true, credentials: Self.credentials))
        let client = try await SMTPClient.connect(
            sink.configuration(security: .tls, username: Self.credentials.username, password: Self.credentials.password))
        #expect(client.isEncrypted)
        try await client.send(Fixtures.receipt())
        await client.quit()
        #expect(try await sink.received().first?.envelope.authenticated == true)
    }

    @Test func aWrongPasswordIsPermanent() async throws {
        let sink = try await SMTPSink(.init(startTLS: true, credentials: Self.credentials))
        let configuration = sink.configuration(security: .startTLS, username: Self.credentials.username, password: "sbagliata")
        await expectError(.authenticationFailed, transient: false, code: 535) { _ = try await SMTPClient.connect(configuration) }
        let mailer = try SMTPMailer(configuration: configuration)
        await expectError(.authenticationFailed, transient: false, code: 535) { try await mailer.send(Fixtures.receipt()) }
        #expect(try await sink.received().isEmpty)
    }

    @Test func anUntrustedCertificateFailsTheHandshake() async throws {
        let sink = try await SMTPSink(.init(startTLS: true))
        await expectError(.tlsHandshakeFailed, transient: true) {
            _ = try await SMTPClient.connect(sink.configuration(security: .startTLS, trustingCertificate: false))
        }
        // Trusted, and checked against the host name (SNI) rather than the address.
        var configuration = sink.configuration(security: .startTLS)
        configuration.host = "localhost"
        let client = try await SMTPClient.connect(configuration)
        #expect(client.isEncrypted)
        await client.quit()
    }

    @Test func requiredSTARTTLSThatIsNotOfferedIsPermanent() async throws {
        let sink = try await SMTPSink()
        await expectError(.tlsNotOffered, transient: false) {
            _ = try await SMTPClient.connect(sink.configuration(security: .startTLS, trustingCertificate: false))
        }
    }

    @Test func credentialsAreNeverSentWithoutTLS() async throws {
        let sink = try await SMTPSink(.init(credentials: Self.credentials))
        await expectError(.authenticationNotSupported, transient: false) {
            _ = try await SMTPClient.connect(sink.configuration(username: "u", password: "p"))
        }
    }

    @Test func anUnknownRecipientIsPermanentAndTheConnectionStaysUsable() async throws {
        let sink = try await SMTPSink(.init(rejected: ["nessuno@example.org"]))
        let client = try await SMTPClient.connect(sink.configuration())
        var message = Fixtures.receipt()
        message.bcc = [MailAddress("nessuno@example.org")]
        await expectError(.rejected, transient: false, code: 550) { try await client.send(message) }
        try await client.send(Fixtures.receipt())
        await client.quit()
        let received = try await sink.received()
        #expect(received.count == 1)
        #expect(received.first?.envelope.rcptTos?.contains("nessuno@example.org") == false)
    }

    @Test func aTemporaryRefusalIsTransient() async throws {
        let sink = try await SMTPSink(.init(deferred: ["piena@example.org"]))
        let mailer = try SMTPMailer(configuration: sink.configuration())
        await expectError(.rejected, transient: true, code: 451) {
            try await mailer.send(Fixtures.receipt(to: MailAddress("piena@example.org")))
        }
        try await mailer.send(Fixtures.receipt())
        await mailer.shutdown()
        #expect(try await sink.received().count == 1)
    }

    @Test func aServerThatIsNotListeningIsTransient() async throws {
        let port = try await SMTPSink().port  // the sink stops when it goes away, freeing its port
        let configuration = SMTPConfiguration(
            host: "127.0.0.1", port: port, security: .none, heloName: "sportello.test", connectTimeout: .seconds(2))
        await expectError(.connectionFailed, transient: true) { _ = try await SMTPClient.connect(configuration) }
        await expectError(.connectionFailed, transient: true) {
            try await SMTPMailer(configuration: configuration).send(Fixtures.receipt())
        }
    }

    @Test func anOldServerWithoutEHLOGetsHELO() async throws {
        let sink = try await SMTPSink(.init(withoutEHLO: true))
        let client = try await SMTPClient.connect(sink.configuration())
        #expect(client.capabilities.extensions.isEmpty)
        try await client.send(Fixtures.receipt())
        await client.quit()
        #expect(try await sink.received().count == 1)
    }

    @Test func manyMessagesGoOverOneConnection() async throws {
        let sink = try await SMTPSink()
        let client = try await SMTPClient.connect(sink.configuration())
        for number in 1...25 {
            var message = Fixtures.receipt()
            message.subject = "Ricevuta n° \(number)"
            try await client.send(message)
        }
        try await client.reset()
        try await client.noop()
        await client.quit()
        let received = try await sink.received()
        #expect(received.map(\.subject) == (1...25).map { "Ricevuta n° \($0)" })
        #expect(Set(received.compactMap(\.envelope.clientPort)).count == 1)
    }

    @Test func theMailerSendsInParallelOverItsPoolOfConnections() async throws {
        let sink = try await SMTPSink()
        let mailer = try SMTPMailer(configuration: sink.configuration(connections: 3))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 1...30 {
                group.addTask {
                    var message = Fixtures.receipt()
                    message.subject = "Ricevuta n° \(number)"
                    try await mailer.send(message)
                }
            }
            try await group.waitForAll()
        }
        await mailer.shutdown()
        let received = try await sink.received()
        #expect(Set(received.compactMap(\.subject)) == Set((1...30).map { "Ricevuta n° \($0)" }))
        let connections = Set(received.compactMap(\.envelope.clientPort)).count
        #expect(connections >= 1 && connections <= 3)
        await expectError(.connectionClosed, transient: true) { try await mailer.send(Fixtures.receipt()) }
    }

    @Test func theMailerReconnectsAfterTheServerClosedAnIdleConnection() async throws {
        // The server drops the connection after the first message (no timers: on a busy machine a short idle
        // timeout also cut the new connection before it could greet).
        let sink = try await SMTPSink(.init(closeAfterMessage: true))
        let mailer = try SMTPMailer(configuration: sink.configuration(connections: 1))
        try await mailer.send(Fixtures.receipt())
        try await Task.sleep(for: .milliseconds(500))
        try await mailer.send(Fixtures.receipt())
        await mailer.shutdown()
        let received = try await sink.received()
        #expect(received.count == 2)
        #expect(Set(received.compactMap(\.envelope.clientPort)).count == 2)
    }
}
