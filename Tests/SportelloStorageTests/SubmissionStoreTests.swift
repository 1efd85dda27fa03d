import Crypto
import Foundation
import SQLKit
import SportelloCore
import SportelloTestSupport
import Synchronization
import Testing

@testable import SportelloStorage

@Suite("Submission and outbox on every database")
struct SubmissionStoreTests {
    static let mario = try! CodiceFiscale(validating: "RSSMRA85T10A562S")

    static func draft(_ tenant: Tenant, _ filings: FluentFilingRepository, clock: TestClock) async throws -> Filing {
        let filing = Filing(
            tenantID: tenant.id, procedureCode: "bonus", procedureVersion: 1, owner: mario, answers: ["a": .text("x")],
            createdAt: clock.now, updatedAt: clock.now)
        try await filings.create(filing)
        return filing
    }

    static func request(_ filing: Filing, tenant: Tenant, messages: Int = 2) -> SubmissionRequest {
        SubmissionRequest(
            filing: filing, register: tenant.protocolRegister, subject: "Bonus – Mario Rossi",
            sender: ProtocolParty(name: "Mario Rossi", fiscalCode: mario.value, email: "m@example.org"),
            // The stamped document names its number, so each one differs.
            document: StampedDocument(fileName: "domanda.pdf", mimeType: "application/pdf") { stamp in
                Array("%PDF-1.4 protocollo \(stamp.formattedNumber) \(filing.id)".utf8)
            },
            attachments: [
                ProtocolDocument(fileName: "isee.pdf", mimeType: "application/pdf", sha256: String(repeating: "a", count: 64))
            ],
            messages: (0..<messages).map {
                NewOutboxJob(
                    tenantID: tenant.id, kind: "email.test", key: "mail-\($0):\(filing.id)", payload: "{}", secret: $0 == 1)
            },
            accessCode: AccessCodeRecord(
                filingID: filing.id, tenantID: tenant.id, owner: mario, filingCode: filing.displayCode,
                digest: String(repeating: "b", count: 64), expiresAt: Date().addingTimeInterval(86_400)),
            casework: CaseOpening(
                citizenName: "Mario Rossi", citizenEmail: "m@example.org", signInMethod: "spid",
                dueAt: filing.createdAt.addingTimeInterval(30 * 86_400)))
    }

    @Test(
        "200 filings submitted at once get numbers 1 to 200; each registers its own document's SHA-256",
        arguments: TestEngine.available)
    func concurrentSubmissions(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let filings = FluentFilingRepository(storage: storage)
            let store = SQLSubmissionStore(storage: storage, timeZone: TimeZone(identifier: "Europe/Rome")!, clock: clock)
            var drafts: [Filing] = []
            for _ in 0..<200 { drafts.append(try await Self.draft(tenant, filings, clock: clock)) }
            let outcomes = try await withThrowingTaskGroup(of: SubmissionOutcome.self) { group in
                for filing in drafts { group.addTask { try await store.submit(Self.request(filing, tenant: tenant)) } }
                return try await group.reduce(into: [SubmissionOutcome]()) { $0.append($1) }
            }
            let numbers = outcomes.compactMap { outcome -> Int? in
                if case .submitted(let registration, _) = outcome { registration.number } else { nil }
            }
            #expect(numbers.sorted() == Array(1...200))

            let register = SQLProtocolRegister(storage: storage, timeZone: TimeZone(identifier: "Europe/Rome")!)
            let year = LocalDate(clock.now, in: TimeZone(identifier: "Europe/Rome")!).year
            let entries = try await register.entries(in: tenant.protocolRegister, tenantID: tenant.id, year: year)
            #expect(entries.map(\.number) == Array(1...200))
            let documents = SQLFilingDocuments(storage: storage)
            for filing in drafts.prefix(20) {
                let stored = try #require(try await filings.find(id: filing.id, owner: Self.mario, tenantID: tenant.id))
                #expect(stored.status == .submitted)
                let registration = try #require(stored.registration)
                let entry = try #require(try await register.entry(id: registration.entryID, tenantID: tenant.id))
                #expect(entry.number == registration.number)
                let content = try #require(try await documents.content(filingID: filing.id, kind: .filing, tenantID: tenant.id))
                #expect(String(decoding: content, as: UTF8.self).contains(ProtocolEntry.format(registration.number)))
                let digest = Hex.encode(SHA256.hash(data: content))
                #expect(entry.registration.documents.map(\.sha256) == [digest, String(repeating: "a", count: 64)])
                #expect(entry.segnatura.contains(Data(SHA256.hash(data: content)).base64EncodedString()))
                #expect(entry.registration.correspondents.first?.fiscalCode == Self.mario.value)
            }
            #expect(try await SQLOutbox(storage: storage).counts(tenantID: nil)[.pending] == 400)
        }
    }

    @Test("a filing submitted twice keeps its first number and takes no second one", arguments: TestEngine.available)
    func submittedTwice(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let filings = FluentFilingRepository(storage: storage)
            let store = SQLSubmissionStore(storage: storage, timeZone: TimeZone(identifier: "Europe/Rome")!, clock: clock)
            let filing = try await Self.draft(tenant, filings, clock: clock)
            async let first = store.submit(Self.request(filing, tenant: tenant))
            async let second = store.submit(Self.request(filing, tenant: tenant))
            let outcomes = try await [first, second]
            #expect(outcomes.filter { $0 == .notADraft }.count == 1)
            let next = try await Self.draft(tenant, filings, clock: clock)
            guard case .submitted(let registration, _) = try await store.submit(Self.request(next, tenant: tenant)) else {
                Issue.record("the next filing was not submitted")
                return
            }
            #expect(registration.number == 2, "no number was used up by the refused one")
            #expect(try await SQLOutbox(storage: storage).counts(tenantID: nil)[.pending] == 4)
        }
    }

    @Test("a submission whose document cannot be made leaves nothing behind and no gap", arguments: TestEngine.available)
    func failedSubmissionRollsBack(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let clock = TestClock()
            let filings = FluentFilingRepository(storage: storage)
            let store = SQLSubmissionStore(storage: storage, timeZone: TimeZone(identifier: "Europe/Rome")!, clock: clock)
            let broken = try await Self.draft(tenant, filings, clock: clock)
            var request = Self.request(broken, tenant: tenant)
            struct RenderFailure: Error {}
            request.document.make = { _ in throw RenderFailure() }
            await #expect(throws: RenderFailure.self) { try await store.submit(request) }
            #expect(try await filings.find(id: broken.id, owner: Self.mario, tenantID: tenant.id)?.status == .draft)
            #expect(try await SQLOutbox(storage: storage).counts(tenantID: nil).isEmpty)
            let next = try await Self.draft(tenant, filings, clock: clock)
            guard case .submitted(let registration, _) = try await store.submit(Self.request(next, tenant: tenant)) else {
                Issue.record("the next filing was not submitted")
                return
            }
            #expect(registration.number == 1)
        }
    }

    @Test(
        "the outbox leases due jobs, retries failures later, gives up dead letters and erases secrets",
        arguments: TestEngine.available)
    func outboxLifecycle(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let outbox = SQLOutbox(storage: storage)
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            try await outbox.enqueue(
                [
                    NewOutboxJob(tenantID: tenant.id, kind: "k", key: "one", payload: "{\"n\":1}"),
                    NewOutboxJob(tenantID: tenant.id, kind: "k", key: "two", payload: "{\"code\":\"SECRET\"}", secret: true),
                    NewOutboxJob(tenantID: tenant.id, kind: "k", key: "one", payload: "{\"n\":\"duplicate\"}"),
                ], at: now)
            let claimed = try await outbox.claim(limit: 10, now: now, leaseUntil: now.addingTimeInterval(300))
            #expect(claimed.map(\.key).sorted() == ["one", "two"], "a key enqueued twice is one job")
            #expect(try await outbox.claim(limit: 10, now: now, leaseUntil: now.addingTimeInterval(300)).isEmpty, "leased")
            let one = try #require(claimed.first { $0.key == "one" })
            let two = try #require(claimed.first { $0.key == "two" })
            try await outbox.markFailed(one.id, error: "451 try later", retryAt: now.addingTimeInterval(60), at: now)
            try await outbox.markDelivered([two.id], at: now)
            #expect(try await outbox.claim(limit: 10, now: now.addingTimeInterval(30), leaseUntil: now).isEmpty)
            let again = try await outbox.claim(
                limit: 10, now: now.addingTimeInterval(61), leaseUntil: now.addingTimeInterval(400))
            #expect(again.map(\.key) == ["one"])
            #expect(again.first?.attempts == 1)
            #expect(again.first?.lastError == "451 try later")
            try await outbox.markFailed(one.id, error: "550 no such user", retryAt: nil, at: now.addingTimeInterval(62))
            let dead = try await outbox.jobs(in: .dead, tenantID: tenant.id, limit: 10)
            #expect(dead.map(\.key) == ["one"])
            #expect(
                try await outbox.jobs(in: .delivered, tenantID: tenant.id, limit: 10).first?.payload == "{}",
                "a secret is erased once sent")
            #expect(try await outbox.retry(one.id, tenantID: tenant.id, at: now.addingTimeInterval(100)))
            #expect(try await outbox.claim(limit: 10, now: now.addingTimeInterval(100), leaseUntil: now).map(\.key) == ["one"])
            // A worker that died leaves its lease to run out; then the job is claimed again.
            let expired = try await outbox.claim(
                limit: 10, now: now.addingTimeInterval(100 + 301), leaseUntil: now.addingTimeInterval(1000))
            #expect(expired.map(\.key) == ["one"])
        }
    }

    @Test("workers claiming at the same time never get the same job", arguments: TestEngine.available)
    func concurrentClaims(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (tenant, _) = try await storeTwoTenants(storage)
            let outbox = SQLOutbox(storage: storage)
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            try await outbox.enqueue(
                (0..<300).map { NewOutboxJob(tenantID: tenant.id, kind: "k", key: "job-\($0)", payload: "{}") }, at: now)
            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let batch = try await outbox.claim(limit: 7, now: now, leaseUntil: now.addingTimeInterval(300))
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [[UUID]]()) { $0.append($1) }
            }
            let all = claims.flatMap { $0 }
            #expect(all.count == 300)
            #expect(Set(all).count == 300)
        }
    }
}
