import Foundation
import SQLKit
import SportelloCore
import SportelloTestSupport
import Testing

@testable import SportelloStorage

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Protocol register on every database")
struct ProtocolRegisterTests {
    static let rome = TimeZone(identifier: "Europe/Rome")!
    static let register = ProtocolRegisterIdentity(
        administrationName: "Comune di Prova", administrationCode: "c_a001", aooCode: "AOO1", registerCode: "PG")
    static let abcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    static func registration(_ index: Int) -> ProtocolRegistration {
        ProtocolRegistration(
            direction: .incoming, subject: "Domanda n. \(index) – contributo “affitto” & <altro>",
            correspondents: [ProtocolParty(name: "Mario Rossi", fiscalCode: "RSSMRA85T10A562S", email: "m@example.org")],
            documents: [
                ProtocolDocument(fileName: "domanda.pdf", mimeType: "application/pdf", sha256: abcDigest),
                ProtocolDocument(fileName: "contratto.pdf", mimeType: "application/pdf", sha256: abcDigest),
            ])
    }

    @Test("200 registrations at the same time get the numbers 1 to 200, each once", arguments: TestEngine.available)
    func concurrentNumbersWithoutGaps(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, other) = try await storeTwoTenants(storage)
            let register = SQLProtocolRegister(storage: storage, timeZone: Self.rome)
            let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 1...200 {
                    group.addTask {
                        try await register.register(Self.registration(index), in: Self.register, tenantID: tenant.id, at: now)
                            .number
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...200))
            let stored = try await register.entries(in: Self.register, tenantID: tenant.id, year: 2026)
            #expect(stored.map(\.number) == Array(1...200))
            #expect(stored.first?.formattedNumber == "0000001")
            #expect(stored.first?.reference == "2026/0000001")
            // Another municipality's register counts on its own.
            let first = try await register.register(Self.registration(1), in: Self.register, tenantID: other.id, at: now)
            #expect(first.number == 1)
        }
    }

    @Test("numbering restarts with the calendar year of Rome, not of the server", arguments: TestEngine.available)
    func yearRollover(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let register = SQLProtocolRegister(storage: storage, timeZone: Self.rome)
            let lateDecember = try Date("2026-12-31T22:30:00Z", strategy: .iso8601)  // 23:30 in Rome
            let newYear = try Date("2026-12-31T23:10:00Z", strategy: .iso8601)  // 00:10 on 1 January in Rome
            let last = try await register.register(Self.registration(1), in: Self.register, tenantID: tenant.id, at: lateDecember)
            _ = try await register.register(Self.registration(2), in: Self.register, tenantID: tenant.id, at: lateDecember)
            let first = try await register.register(Self.registration(3), in: Self.register, tenantID: tenant.id, at: newYear)
            #expect((last.year, last.number) == (2026, 1))
            #expect((first.year, first.number) == (2027, 1))
            #expect(first.segnatura.contains("<DataRegistrazione>2027-01-01</DataRegistrazione>"))
        }
    }

    @Test("a registration that fails leaves no gap: its number is given to the next one", arguments: TestEngine.available)
    func failureRollsBack(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let register = SQLProtocolRegister(storage: storage, timeZone: Self.rome)
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            _ = try await register.register(Self.registration(1), in: Self.register, tenantID: tenant.id, at: now)
            // Something else already holds number 2 (it cannot happen through the register; it makes the
            // next insert fail after the counter moved).
            try await storage.sql().raw(
                """
                INSERT INTO protocol_entries (id, tenant_id, administration_code, aoo_code, register_code, year, number, \
                registered_at, direction, subject, correspondents, documents, segnatura) VALUES (\(bind: UUID()), \
                \(bind: tenant.id), 'c_a001', 'AOO1', 'PG', 2026, 2, \(bind: now), 'incoming', 'x', '[]', '[]', '')
                """
            ).run()
            await #expect(throws: (any Error).self) {
                try await register.register(Self.registration(2), in: Self.register, tenantID: tenant.id, at: now)
            }
            try await storage.sql().raw("DELETE FROM protocol_entries WHERE number = 2").run()
            let next = try await register.register(Self.registration(3), in: Self.register, tenantID: tenant.id, at: now)
            #expect(next.number == 2, "the failed registration gave its number back")
        }
    }

    @Test("the segnatura names register, number, date, parties and every document's fingerprint, and is well-formed")
    func segnatura() throws {
        let date = try Date("2026-03-05T10:00:00Z", strategy: .iso8601)
        let xml = Segnatura.xml(
            register: Self.register, number: 42, registeredAt: date, timeZone: Self.rome, registration: Self.registration(7))
        #expect(xml.contains(#"<SegnaturaInformatica xmlns="http://www.agid.gov.it/protocollo/" versione="3.0.0""#))
        #expect(xml.contains("<CodiceAmministrazione>c_a001</CodiceAmministrazione><CodiceAOO>AOO1</CodiceAOO>"))
        #expect(xml.contains("<CodiceRegistro>PG</CodiceRegistro><NumeroRegistrazione>0000042</NumeroRegistrazione>"))
        #expect(xml.contains("<DataRegistrazione>2026-03-05</DataRegistrazione>"))
        #expect(xml.contains("<Oggetto>Domanda n. 7 – contributo “affitto” &amp; &lt;altro&gt;</Oggetto>"))
        #expect(xml.contains("<Mittente><Persona><Denominazione>Mario Rossi</Denominazione>"))
        #expect(xml.contains("<Destinatario><Amministrazione><Denominazione>Comune di Prova</Denominazione>"))
        #expect(xml.contains(#"<DocumentoPrimario nomeFile="domanda.pdf" mimeType="application/pdf">"#))
        #expect(xml.contains(#"<Allegato nomeFile="contratto.pdf""#))
        // SHA-256("abc") in base64, as the schema's Impronta wants it.
        #expect(xml.contains("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="))
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "the segnatura is well-formed XML")
    }
}

@Suite("Protocol annulments on every database")
struct ProtocolAnnulmentTests {
    @Test(
        "an annulment is a separate act with a reason; the entry stays readable and its number is never reused",
        arguments: TestEngine.available)
    func annulment(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, other) = try await storeTwoTenants(storage)
            let register = SQLProtocolRegister(storage: storage, timeZone: ProtocolRegisterTests.rome)
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            let first = try await register.register(
                ProtocolRegisterTests.registration(1), in: ProtocolRegisterTests.register, tenantID: tenant.id, at: now)
            await #expect(throws: ProtocolAnnulmentError.reasonRequired) {
                try await register.annul(first.id, tenantID: tenant.id, reason: "  ", by: "mrossi", at: now)
            }
            await #expect(throws: ProtocolAnnulmentError.notFound, "another municipality cannot annul it") {
                try await register.annul(first.id, tenantID: other.id, reason: "errore", by: "x", at: now)
            }
            let later = now.addingTimeInterval(3600)
            let annulment = try await register.annul(
                first.id, tenantID: tenant.id, reason: "Registrata due volte per errore", by: "mrossi", at: later)
            #expect(annulment.reason == "Registrata due volte per errore")
            await #expect(throws: ProtocolAnnulmentError.alreadyAnnulled) {
                try await register.annul(first.id, tenantID: tenant.id, reason: "di nuovo", by: "mrossi", at: later)
            }
            let read = try #require(try await register.entry(id: first.id, tenantID: tenant.id))
            #expect(read.registration == first.registration, "the annulled entry is still readable as written")
            #expect(read.segnatura == first.segnatura)
            #expect(read.annulment?.annulledBy == "mrossi")
            let next = try await register.register(
                ProtocolRegisterTests.registration(2), in: ProtocolRegisterTests.register, tenantID: tenant.id, at: later)
            #expect(next.number == 2)
            let day = try await register.activity(
                in: ProtocolRegisterTests.register, tenantID: tenant.id, from: now.addingTimeInterval(-60),
                to: now.addingTimeInterval(7200))
            #expect(day.entries.map(\.number) == [1, 2])
            #expect(day.annulments.map(\.entryID) == [first.id])
            let window = try await register.activity(
                in: ProtocolRegisterTests.register, tenantID: tenant.id, from: now.addingTimeInterval(60), to: later)
            #expect(window.entries.isEmpty && window.annulments.isEmpty, "the window excludes its end")
        }
    }
}

@Suite("Outgoing protocol entries")
struct OutgoingProtocolEntryTests {
    @Test(
        "an outgoing entry shares the numbering and names the municipality as sender and the recipients",
        arguments: TestEngine.available)
    func outgoing(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let register = SQLProtocolRegister(storage: storage, timeZone: ProtocolRegisterTests.rome)
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            _ = try await register.register(
                ProtocolRegisterTests.registration(1), in: ProtocolRegisterTests.register, tenantID: tenant.id, at: now)
            let decision = ProtocolRegistration(
                direction: .outgoing, subject: "Accoglimento della domanda",
                correspondents: [
                    ProtocolParty(name: "Mario Rossi", fiscalCode: "RSSMRA85T10A562S"),
                    ProtocolParty(name: "Anna Bianchi", email: "anna@example.org"),
                ],
                documents: [
                    ProtocolDocument(
                        fileName: "decisione.pdf", mimeType: "application/pdf", sha256: ProtocolRegisterTests.abcDigest)
                ])
            let entry = try await register.register(decision, in: ProtocolRegisterTests.register, tenantID: tenant.id, at: now)
            #expect(entry.number == 2, "one numbering for both directions")
            let read = try #require(try await register.entry(id: entry.id, tenantID: tenant.id))
            #expect(read.registration.direction == .outgoing)
            let xml = read.segnatura
            let sender = try #require(xml.range(of: "<Mittente>")).lowerBound
            let firstRecipient = try #require(xml.range(of: "<Destinatario>")).lowerBound
            #expect(xml[sender..<firstRecipient].contains("<CodiceAmministrazione>c_a001</CodiceAmministrazione>"))
            #expect(xml.components(separatedBy: "<Destinatario>").count == 3, "one element per recipient")
            #expect(xml.contains("<Denominazione>Anna Bianchi</Denominazione>"))
            #expect(xml.contains("<DocumentoPrimario nomeFile=\"decisione.pdf\""))
        }
    }
}
