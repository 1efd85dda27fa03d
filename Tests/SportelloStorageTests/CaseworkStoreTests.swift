import Foundation
import SQLKit
import SportelloCore
import SportelloTestSupport
import Testing

@testable import SportelloStorage

@Suite("Back office store on every database")
struct CaseworkStoreTests {
    static let rome = TimeZone(identifier: "Europe/Rome")!
    static let citizens = [
        ("RSSMRA85T10A562S", "Mario Rossi"), ("BNCLRA90A41H501X", "Laura Bianchi"), ("VRDGPP80C15F205Z", "Niccolò Verdi"),
    ]

    /// Submits `count` filings of `procedure` in `tenant`, spread over the citizens, one minute apart.
    static func submit(
        _ count: Int, procedure: String, tenant: Tenant, storage: Storage, clock: TestClock, dueDays: Int = 30
    ) async throws -> [Filing] {
        let filings = FluentFilingRepository(storage: storage)
        let store = SQLSubmissionStore(storage: storage, timeZone: rome, clock: clock)
        var submitted: [Filing] = []
        for index in 0..<count {
            let (code, name) = citizens[index % citizens.count]
            let owner = try CodiceFiscale(stored: code)
            let filing = Filing(
                tenantID: tenant.id, procedureCode: procedure, procedureVersion: 1, owner: owner, createdAt: clock.now,
                updatedAt: clock.now)
            try await filings.create(filing)
            let outcome = try await store.submit(
                SubmissionRequest(
                    filing: filing, register: tenant.protocolRegister, subject: "\(procedure) – \(name)",
                    sender: ProtocolParty(name: name, fiscalCode: code),
                    document: StampedDocument(fileName: "domanda.pdf", mimeType: "application/pdf") { stamp in
                        Array("%PDF \(stamp.formattedNumber)".utf8)
                    }, attachments: [], messages: [], accessCode: nil,
                    casework: CaseOpening(
                        citizenName: name, citizenEmail: "\(code.lowercased())@example.org",
                        signInMethod: index % 2 == 0 ? "spid" : "cie",
                        dueAt: CaseOpening.dueDate(submittedAt: clock.now, maximumDays: dueDays))))
            guard case .submitted = outcome else { throw CaseNotFound() }
            submitted.append(filing)
            clock.advance(by: 60)
        }
        return submitted
    }

    static func act(
        _ action: String, on filing: Filing, from status: FilingStatus, tenant: Tenant, clock: TestClock,
        text: String? = nil, supplement: SupplementChange? = nil, register: Bool = false, by actor: AuditActor? = nil
    ) throws -> CaseAct {
        let transition = try Workflow.standard(for: .economicBenefit).transition(
            action, from: status, by: actor?.kind == .citizen ? .citizen : .operator)
        var act = CaseAct(
            filingID: filing.id, tenantID: tenant.id, owner: filing.owner.value, transition: transition, expectedStatus: status,
            actor: actor ?? AuditActor(kind: .operator, id: "op-1", name: "Giulia Russo"), assignee: UUID(), text: text,
            supplement: supplement, at: clock.now)
        if register {
            act.registration = CaseRegistration(
                register: tenant.protocolRegister, direction: actor?.kind == .citizen ? .incoming : .outgoing,
                subject: action, correspondents: [ProtocolParty(name: "Mario Rossi", fiscalCode: filing.owner.value)],
                document: StampedDocument(fileName: "lettera.pdf", mimeType: "application/pdf") { stamp in
                    Array("%PDF lettera \(stamp.formattedNumber)".utf8)
                }, documentKind: .supplementRequest,
                attachments: {
                    if case .answer(_, let files) = supplement { files } else { [] }
                }())
            act.message = CitizenMessage(
                tenantID: tenant.id, recipient: filing.owner.value, filingID: filing.id, subject: action, body: "testo",
                createdAt: clock.now)
        }
        return act
    }

    @Test(
        "the inbox filters by scope, procedure, status, dates, assignment, overdue and words, and never crosses municipalities",
        arguments: TestEngine.available)
    func inboxFilters(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let bonus = try await Self.submit(6, procedure: "bonus", tenant: a, storage: storage, clock: clock, dueDays: 1)
            let start = clock.now
            _ = try await Self.submit(4, procedure: "mensa", tenant: a, storage: storage, clock: clock)
            _ = try await Self.submit(5, procedure: "bonus", tenant: b, storage: storage, clock: clock)
            let store = SQLCasework(storage: storage, timeZone: Self.rome, clock: clock)

            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil)).total == 10)
            #expect(try await store.inbox(InboxQuery(tenantID: b.id, procedureCodes: nil)).total == 5)
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: ["mensa"])).total == 4)
            #expect(
                try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: [])).total == 0, "an empty scope sees nothing")
            #expect(
                try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: ["mensa"], procedureCode: "bonus")).total == 0,
                "a procedure outside the scope stays outside")
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, submittedFrom: start)).total == 4)
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, submittedBefore: start)).total == 6)

            // Words: name without accents, fiscal code, filing code, protocol number.
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, search: "niccolo")).total == 3)
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, search: "bnclra90")).total == 3)
            #expect(
                try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, search: bonus[0].displayCode)).items.map(
                    \.filingID) == [bonus[0].id])
            let year = LocalDate(clock.now, in: Self.rome).year
            let byNumber = try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, search: "\(year)/0000007"))
            #expect(byNumber.items.map(\.registration?.number) == [7])
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, search: "100%_")).total == 0)
            #expect(
                try await store.inbox(InboxQuery(tenantID: b.id, procedureCodes: nil, search: bonus[0].displayCode)).total == 0)

            // Pages, newest first, with a stable order.
            let first = try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, page: 1, pageSize: 4))
            let third = try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, page: 3, pageSize: 4))
            #expect(first.items.count == 4 && third.items.count == 2 && first.pageCount == 3)
            #expect(first.items.map(\.submittedAt) == first.items.map(\.submittedAt).sorted(by: >))
            #expect(third.items.last?.filingID == bonus[0].id)

            // Taking one in charge: assigned to, unassigned, status.
            let operatorID = UUID()
            var take = try Self.act("take", on: bonus[1], from: .submitted, tenant: a, clock: clock)
            take.assignee = operatorID
            _ = try await store.apply(take)
            #expect(
                try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, assignment: .assigned(to: operatorID)))
                    .items.map(\.filingID) == [bonus[1].id])
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, assignment: .unassigned)).total == 9)
            #expect(try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, status: .inProgress)).total == 1)

            // Overdue: the bonus filings had one day; decided ones are never overdue.
            clock.advance(by: 2 * 86_400)
            _ = try await store.apply(try Self.act("accept", on: bonus[1], from: .inProgress, tenant: a, clock: clock))
            let overdue = try await store.inbox(InboxQuery(tenantID: a.id, procedureCodes: nil, overdueAt: clock.now))
            #expect(overdue.total == 5)

            // The export sees the same selection, in batches, every row once.
            var exported: [Filing.ID] = []
            try await store.export(InboxQuery(tenantID: a.id, procedureCodes: nil), batchSize: 3) { exported += $0.map(\.id) }
            #expect(exported.count == 10 && Set(exported).count == 10)
        }
    }

    @Test(
        "a move registers its letter, writes message, supplement and audit in one act; a stale or foreign move changes nothing",
        arguments: TestEngine.available)
    func movesAreOneAct(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let filing = try #require(
                try await Self.submit(1, procedure: "bonus", tenant: a, storage: storage, clock: clock).first)
            let store = SQLCasework(storage: storage, timeZone: Self.rome, clock: clock)
            let messages = SQLCitizenMessages(storage: storage)
            _ = try await store.apply(try Self.act("take", on: filing, from: .submitted, tenant: a, clock: clock))

            // The same move again (a second tab): refused, nothing written.
            await #expect(throws: WorkflowRefusal.changedMeanwhile) {
                try await store.apply(try Self.act("take", on: filing, from: .submitted, tenant: a, clock: clock))
            }
            // The same filing named under another municipality: not found.
            var foreign = try Self.act("accept", on: filing, from: .inProgress, tenant: a, clock: clock)
            foreign.tenantID = b.id
            await #expect(throws: CaseNotFound.self) { try await store.apply(foreign) }

            let deadline = clock.now.addingTimeInterval(10 * 86_400)
            let request = try await store.apply(
                try Self.act(
                    "requestSupplement", on: filing, from: .inProgress, tenant: a, clock: clock, text: "Manca l'ISEE",
                    supplement: .request(text: "Manca l'ISEE", deadline: deadline), register: true))
            #expect(request.status == .supplementRequested)
            let entry = try #require(request.entry)
            #expect(entry.number == 2 && entry.registration.direction == .outgoing)
            let letter = try #require(request.document)
            let content = try #require(try await store.documentContent(id: letter.id, filingID: filing.id, tenantID: a.id))
            #expect(String(decoding: content, as: UTF8.self) == "%PDF lettera 0000002")
            #expect(entry.registration.documents.first?.sha256 == letter.sha256)
            #expect(try await store.documentContent(id: letter.id, filingID: filing.id, tenantID: b.id) == nil)

            let inbox = try await messages.messages(recipient: filing.owner.value, tenantID: a.id)
            #expect(inbox.count == 1 && inbox[0].protocolReference == entry.reference && inbox[0].documentID == letter.id)
            #expect(try await messages.messages(recipient: filing.owner.value, tenantID: b.id).isEmpty)
            #expect(try await messages.messages(recipient: "BNCLRA90A41H501X", tenantID: a.id).isEmpty)

            let citizen = AuditActor(kind: .citizen, id: filing.owner.value, name: "Mario Rossi")
            let file = ProtocolDocument(
                fileName: "isee.pdf", mimeType: "application/pdf", sha256: String(repeating: "c", count: 64))
            let answer = try await store.apply(
                try Self.act(
                    "answerSupplement", on: filing, from: .supplementRequested, tenant: a, clock: clock, text: "Ecco l'ISEE",
                    supplement: .answer(text: "Ecco l'ISEE", attachments: [file]), register: true, by: citizen))
            #expect(answer.entry?.registration.direction == .incoming && answer.entry?.number == 3)
            #expect(answer.entry?.registration.documents.last == file)
            let supplements = try await store.supplements(filingID: filing.id, tenantID: a.id)
            #expect(supplements.count == 1 && supplements[0].protocolReference == entry.reference)
            #expect(
                supplements[0].answer?.attachments == [file]
                    && supplements[0].answer?.protocolReference == answer.entry?.reference)

            // Someone else's citizen cannot move the filing.
            var intruder = try Self.act("withdraw", on: filing, from: .supplementReceived, tenant: a, clock: clock, by: citizen)
            intruder.owner = "BNCLRA90A41H501X"
            await #expect(throws: CaseNotFound.self) { try await store.apply(intruder) }

            let history = try await store.history(filingID: filing.id, tenantID: a.id)
            #expect(history.map(\.action) == ["take", "requestSupplement", "answerSupplement"])
            #expect(history.map(\.toStatus) == [.inProgress, .supplementRequested, .supplementReceived])
            #expect(history[1].detail.contains("Manca l'ISEE") && history[1].detail.contains(entry.reference))
            #expect(try await store.history(filingID: filing.id, tenantID: b.id).isEmpty)

            let stored = try #require(
                try await FluentFilingRepository(storage: storage).find(id: filing.id, owner: filing.owner, tenantID: a.id))
            #expect(stored.status == .supplementReceived, "the citizen's filing shows the same state")
        }
    }

    @Test("the audit trail cannot be changed or deleted, even with SQL", arguments: TestEngine.available)
    func auditIsAppendOnly(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, _) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let filing = try #require(
                try await Self.submit(1, procedure: "bonus", tenant: a, storage: storage, clock: clock).first)
            let store = SQLCasework(storage: storage, timeZone: Self.rome, clock: clock)
            _ = try await store.apply(try Self.act("take", on: filing, from: .submitted, tenant: a, clock: clock))
            let sql = storage.sql()
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_events SET actor_name = 'qualcun altro'").run()
            }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events").run() }
            #expect(try await store.history(filingID: filing.id, tenantID: a.id).map(\.actor.name) == ["Giulia Russo"])
        }
    }

    @Test(
        "statistics count a seeded data set exactly: months, sign-ins, handling time, overdue, ratings, online share",
        arguments: TestEngine.available)
    func statistics(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let clock = TestClock(Date(timeIntervalSince1970: 1_794_000_000))  // 2026-11-06
            let bonus = try await Self.submit(6, procedure: "bonus", tenant: a, storage: storage, clock: clock, dueDays: 1)
            _ = try await Self.submit(4, procedure: "mensa", tenant: a, storage: storage, clock: clock)
            _ = try await Self.submit(3, procedure: "bonus", tenant: b, storage: storage, clock: clock)
            let store = SQLCasework(storage: storage, timeZone: Self.rome, clock: clock)
            // Two bonus filings decided: one after 2 days, one after 4 days (from their submission, one minute apart).
            clock.advance(by: 2 * 86_400)
            for filing in bonus.prefix(2) {
                _ = try await store.apply(try Self.act("take", on: filing, from: .submitted, tenant: a, clock: clock))
            }
            _ = try await store.apply(try Self.act("accept", on: bonus[0], from: .inProgress, tenant: a, clock: clock))
            clock.advance(by: 2 * 86_400)
            _ = try await store.apply(
                try Self.act("reject", on: bonus[1], from: .inProgress, tenant: a, clock: clock, text: "No"))
            let ratings = SQLRatings(storage: storage)
            for (filing, score) in [(bonus[0], 5), (bonus[1], 2), (bonus[2], 5)] {
                _ = try await ratings.rate(
                    ServiceRating(
                        filingID: filing.id, tenantID: a.id, procedureCode: "bonus", score: score, comment: nil,
                        createdAt: clock.now))
            }
            // One more incoming entry from another channel (a PEC), not a filing of the counter.
            _ = try await SQLProtocolRegister(storage: storage, timeZone: Self.rome).register(
                ProtocolRegistration(
                    direction: .incoming, subject: "PEC", correspondents: [ProtocolParty(name: "Ditta")], documents: []),
                in: a.protocolRegister, tenantID: a.id, at: clock.now)

            let bounds = CaseStatistics.monthBounds(endingAt: clock.now, count: 12, in: Self.rome)
            #expect(bounds.count == 13 && LocalDate(bounds[11], in: Self.rome).iso == "2026-11-01")
            let all = try await SQLStatistics(storage: storage).statistics(
                tenantID: a.id, procedureCodes: nil, bounds: bounds, now: clock.now)
            #expect(all.perProcedure["bonus"] == Array(repeating: 0, count: 11) + [6])
            #expect(all.perProcedure["mensa"]?.last == 4)
            #expect(all.total == 10 && all.signIns == ["spid": 5, "cie": 5] && all.strongSignInShare == 1)
            #expect(all.decided == 2)
            // Thirteen submissions one minute apart from t0, then +2 days: bonus[0] (t0) decided at t0 + 780 s + 2 days,
            // bonus[1] (t0 + 60 s) at t0 + 780 s + 4 days.
            let handling = try #require(all.averageHandlingSeconds)
            let expected: Double = (2 * 86_400 + 780 + 4 * 86_400 + 720) / 2
            #expect(abs(handling - expected) < 1, "\(handling)")
            #expect(all.overdue == 4, "the four open bonus filings, due after one day")
            #expect(all.ratings == [5: 2, 2: 1] && all.averageRating == 4)
            #expect(all.incomingEntries == 11 && all.onlineShare == 10.0 / 11.0)

            let scoped = try await SQLStatistics(storage: storage).statistics(
                tenantID: a.id, procedureCodes: ["mensa"], bounds: bounds, now: clock.now)
            #expect(scoped.total == 4 && scoped.decided == 0 && scoped.overdue == 0 && scoped.ratings.isEmpty)
            let other = try await SQLStatistics(storage: storage).statistics(
                tenantID: b.id, procedureCodes: nil, bounds: bounds, now: clock.now)
            #expect(other.total == 3 && other.ratings.isEmpty)
        }
    }

    @Test(
        "a mass communication reaches every filer of the procedure once: one protocol entry, messages, emails, audit",
        arguments: TestEngine.available)
    func massCommunication(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let bonus = try await Self.submit(7, procedure: "bonus", tenant: a, storage: storage, clock: clock)
            _ = try await Self.submit(2, procedure: "mensa", tenant: a, storage: storage, clock: clock)
            _ = try await Self.submit(2, procedure: "bonus", tenant: b, storage: storage, clock: clock)
            let cases = SQLCasework(storage: storage, timeZone: Self.rome, clock: clock)
            _ = try await cases.apply(try Self.act("take", on: bonus[0], from: .submitted, tenant: a, clock: clock))
            let store = SQLCommunications(storage: storage, timeZone: Self.rome, clock: clock)
            func act(_ status: FilingStatus?) -> MassCommunicationAct {
                MassCommunicationAct(
                    tenantID: a.id, procedureCode: "bonus", status: status, subject: "Graduatoria pubblicata",
                    body: "La graduatoria è pubblicata all'albo.", actor: AuditActor(kind: .operator, id: "1", name: "Op"),
                    register: a.protocolRegister,
                    letter: StampedDocument(fileName: "c.pdf", mimeType: "application/pdf") {
                        Array("%PDF \($0.formattedNumber)".utf8)
                    },
                    emailJob: { message, recipient in
                        NewOutboxJob(
                            tenantID: message.tenantID, kind: "email.case-message",
                            key: SQLCommunications.keyPrefix(message.communicationID!) + message.id.uuidString,
                            payload: recipient.citizenEmail ?? "")
                    }, at: clock.now)
            }
            let sent = try await store.send(act(.submitted))
            #expect(sent.recipients == 6 && sent.protocolReference?.hasSuffix("/0000010") == true)
            let everyone = try await store.send(act(nil))
            #expect(everyone.recipients == 7)
            await #expect(throws: NoRecipients.self) { try await store.send(act(.rejected)) }

            let register = SQLProtocolRegister(storage: storage, timeZone: Self.rome)
            let year = LocalDate(clock.now, in: Self.rome).year
            let entries = try await register.entries(in: a.protocolRegister, tenantID: a.id, year: year)
            #expect(entries.count == 11, "9 filings and 2 communications; the refused one took no number")
            #expect(entries.last?.registration.correspondents.count == 7)
            let report = try await store.communications(tenantID: a.id, procedureCodes: nil, limit: 10)
            #expect(report.map(\.recipients) == [7, 6] && report.first?.emails[.pending] == 7)
            #expect(try await store.communications(tenantID: a.id, procedureCodes: ["mensa"], limit: 10).isEmpty)
            #expect(try await store.communications(tenantID: b.id, procedureCodes: nil, limit: 10).isEmpty)
            let messages = SQLCitizenMessages(storage: storage)
            let mario = try await messages.messages(recipient: "RSSMRA85T10A562S", tenantID: a.id)
            #expect(mario.count == 5, "three bonus filings, each in both communications but the first in one")
            #expect(try await messages.messages(recipient: "RSSMRA85T10A562S", tenantID: b.id).isEmpty)
            #expect(
                try await cases.history(filingID: bonus[1].id, tenantID: a.id).map(\.action) == [
                    "communication", "communication",
                ])
        }
    }

    @Test(
        "IUV sequence numbers reserved concurrently never overlap, and are kept per segregation code and municipality",
        arguments: TestEngine.available)
    func paymentSequences(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let store = SQLDebtPositions(storage: storage)
            let firsts = try await withThrowingTaskGroup(of: Int64.self) { group in
                // Eight at once: enough to interleave; each is a synced transaction, and a crowded CI disk makes
                // twenty of them queue past the connection's wait limit.
                for _ in 0..<8 { group.addTask { try await store.reserveSequence(50, segregationCode: 1, tenantID: a.id) } }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(firsts.sorted() == stride(from: Int64(1), through: 351, by: 50).map { $0 })
            #expect(try await store.reserveSequence(1, segregationCode: 2, tenantID: a.id) == 1)
            #expect(try await store.reserveSequence(1, segregationCode: 1, tenantID: b.id) == 1)
            #expect(try await store.reserveSequence(1, segregationCode: 1, tenantID: a.id) == 401)
        }
    }

    @Test(
        "a receipt delivered twice is recorded once and pays its position once; an unknown notice is refused",
        arguments: TestEngine.available)
    func receiptIdempotency(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let positions = SQLDebtPositions(storage: storage)
            let today = LocalDate(Date(), in: Self.rome)
            let notice = try NoticeNumber.make(segregationCode: 1, sequenceNumber: 1)
            let debtor = Debtor(identifier: try DebtorIdentifier(validating: "RSSMRA85T10A562S"), fullName: "Mario Rossi")
            let amount = Money(cents: 12_050)
            let position = try DebtPosition(
                tenantID: a.id, iupd: "VB-1", creditorFiscalCode: a.fiscalCode, companyName: a.name, reason: "Multa",
                debtor: debtor,
                paymentOptions: [
                    PaymentOption(
                        iuv: notice.iuv, amount: amount, dueDate: today.adding(days: 30)!, description: "Multa",
                        isPartialPayment: false,
                        transfers: [
                            PaymentTransfer(
                                id: 1, amount: amount, remittanceInformation: "Multa", category: "9/0101100IM/",
                                destination: .iban("IT60X0542811101000000123456"))
                        ])
                ]
            ).applying(.publish(on: today)).applying(.dateCheck(on: today))
            _ = try await positions.store([position], jobs: { _ in [] }, at: Date())
            let receipt = PaymentReceipt(
                receiptID: "R-1", noticeNumber: notice, creditorFiscalCode: a.fiscalCode, outcome: .ok,
                creditorReferenceID: notice.iuv, paymentAmount: amount, description: "Multa", companyName: a.name,
                debtor: debtor,
                transfers: [
                    ReceiptTransfer(
                        id: 1, amount: amount, creditorFiscalCode: a.fiscalCode, iban: "IT60X0542811101000000123456",
                        remittanceInformation: "Multa", category: "9/0101100IM/")
                ], pspID: "PSP", pspName: "Banca", channelID: "C", paymentMethod: "CP", paymentDateTime: Date(),
                applicationDate: today, transferDate: today)
            let store = SQLPaymentReceipts(storage: storage)
            guard case .recorded = try await store.record(receipt, tenantID: a.id, at: Date()) else {
                Issue.record("the first delivery was not recorded")
                return
            }
            #expect(try await store.record(receipt, tenantID: a.id, at: Date()) == .alreadyRecorded(option: notice.iuv))
            #expect(try await store.receipts(debtor: "RSSMRA85T10A562S", tenantID: a.id).count == 1)
            #expect(try await positions.position(iupd: "VB-1", tenantID: a.id)?.status == .paid)
            #expect(try await store.record(receipt, tenantID: b.id, at: Date()) == .refused(.unknown))
            #expect(try await store.receipts(debtor: "RSSMRA85T10A562S", tenantID: b.id).isEmpty)
        }
    }
}
