import Foundation
import SportelloAdapters
import SportelloCore
import SportelloTestSupport
import Synchronization
import Testing

@testable import SportelloWeb

/// Keeps what is queued; nothing else is needed by the handlers under test.
final class RecordingOutbox: OutboxStore {
    let queued = Mutex<[NewOutboxJob]>([])
    func enqueue(_ jobs: [NewOutboxJob], at date: Date) async throws { queued.withLock { $0 += jobs } }
    func claim(limit: Int, now: Date, leaseUntil: Date) async throws -> [OutboxJob] { [] }
    func markDelivered(_ ids: [UUID], at date: Date) async throws {}
    func markFailed(_ id: UUID, error: String, retryAt: Date?, at date: Date) async throws {}
    func jobs(in state: OutboxJobState, tenantID: Tenant.ID, limit: Int) async throws -> [OutboxJob] { [] }
    func retry(_ id: UUID, tenantID: Tenant.ID, at date: Date) async throws -> Bool { false }
    func counts(tenantID: Tenant.ID?) async throws -> [OutboxJobState: Int] { [:] }
}

@Suite("App IO follow-ups: status polls")
struct AppIOFollowUpTests {
    static let tenantID = UUID()

    static func job(_ new: NewOutboxJob) -> OutboxJob {
        OutboxJob(
            id: UUID(), tenantID: new.tenantID, kind: new.kind, key: new.key, payload: new.payload, state: .pending,
            attempts: 0, lastError: nil, createdAt: Date(), nextAttemptAt: Date())
    }

    @Test("a sent message is polled until IO processed it; a message IO rejects ends as a dead job; skipped ones are not polled")
    func statusPoll() async throws {
        let clock = TestClock()
        let simulator = AppIOSimulator(
            services: [
                "k-domande": .init(id: "domande", name: "Domande"), "k-pagamenti": .init(id: "pagamenti", name: "Pagamenti"),
            ],
            processingDelay: 5, now: { clock.now })
        await simulator.addUser("RSSMRA85T10A562S")
        let endpoints = [
            "prova": AppIOEndpoint(
                transport: simulator.loopbackTransport(), baseURL: "http://io.simulator", filingsKey: "k-domande",
                paymentsKey: "k-pagamenti")
        ]
        let outbox = RecordingOutbox()
        let notifications = AppIONotifications(endpoints: endpoints, outbox: outbox, clock: clock)
        let poll = AppIOStatusPoll(endpoints: endpoints)
        let t = Texts(localizer: try Localizer.bundled(), language: .italian)
        func message(to fiscalCode: String) throws -> AppIONewMessage {
            try AppIONotifications.filingReceipt(
                fiscalCode: fiscalCode, filingCode: "ABCD1234", procedureTitle: "Bonus di prova",
                registration: FilingRegistration(entryID: UUID(), year: 2026, number: 42, registeredAt: clock.now),
                municipality: "Comune di Prova", t: t)
        }

        try await notifications.deliver(
            Self.job(
                try AppIONotifications.job(
                    tenantID: Self.tenantID, tenantSlug: "prova", service: .filings, key: "1",
                    message: try message(to: "RSSMRA85T10A562S"))))
        let polls = outbox.queued.withLock { $0 }
        #expect(polls.map(\.kind) == [AppIOStatusPoll.kind])
        #expect(polls[0].notBefore == clock.now.addingTimeInterval(AppIOStatusPoll.firstPollDelay), "polled when IO had time")
        await #expect(throws: AppIOStatusPoll.NotProcessedYet.self) { try await poll.deliver(Self.job(polls[0])) }
        clock.advance(by: 6)
        try await poll.deliver(Self.job(polls[0]))

        // Not an IO user: skipped, nothing to poll.
        try await notifications.deliver(
            Self.job(
                try AppIONotifications.job(
                    tenantID: Self.tenantID, tenantSlug: "prova", service: .filings, key: "2",
                    message: try message(to: "BNCNNA90C55H501L"))))
        #expect(outbox.queued.withLock { $0.count } == 1)

        // A message IO accepted but then rejected (sent without the profile check) is reported, not retried.
        let rejected = try await endpoints["prova"]!.service(.filings).submit(try message(to: "VRDGPP50L01F205U"))
        try await AppIOStatusPoll.follow(
            .sent(rejected), of: try message(to: "VRDGPP50L01F205U"), tenantID: Self.tenantID, tenantSlug: "prova",
            service: .filings, outbox: outbox, at: clock.now)
        let last = try #require(outbox.queued.withLock { $0.last })
        await #expect(throws: PermanentDeliveryError.self) { try await poll.deliver(Self.job(last)) }
    }
}
