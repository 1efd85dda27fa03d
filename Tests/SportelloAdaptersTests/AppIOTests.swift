import Foundation
import SportelloCore
import Testing

@testable import SportelloAdapters

@Suite("App IO (IO Services API client and simulator)")
struct AppIOTests {
    static let citizen = "RSSMRA85T10A562S"
    static let blocking = "BNCLRA90A41H501X"
    static let stranger = "VRDGPP70C12F205W"
    static let domande = AppIOSimulator.Service(id: "svc-domande", name: "Comune di Prova – Domande")
    static let pagamenti = AppIOSimulator.Service(id: "svc-pagamenti", name: "Comune di Prova – Pagamenti")
    static let markdown = String(
        repeating: "La sua domanda di contributo è stata registrata e sarà esaminata dall'ufficio. ", count: 2)

    static func setUp(now: ManualNow = ManualNow(.utc("2025-03-10T09:00:00Z"))) async -> AppIOSimulator {
        let simulator = AppIOSimulator(
            services: ["key-domande": domande, "key-pagamenti": pagamenti], processingDelay: 5, now: now.closure)
        await simulator.addUser(citizen)
        await simulator.addUser(blocking, blockedServices: [pagamenti.id])
        return simulator
    }

    static func client(_ simulator: AppIOSimulator, key: String = "key-domande") -> HTTPAppIO {
        HTTPAppIO(transport: simulator.loopbackTransport(), baseURL: "http://io.simulator/", apiKey: key)
    }

    static func message(to fiscalCode: String = citizen, payment: AppIOPaymentData? = nil) throws -> AppIONewMessage {
        try AppIONewMessage.validated(
            fiscalCode: fiscalCode, subject: "Domanda di contributo registrata", markdown: markdown,
            dueDate: payment == nil ? nil : .utc("2025-04-30T21:59:59Z"), paymentData: payment, timeToLive: 3600)
    }

    @Test("a profile is found (with sender_allowed per service), or is not an IO user (404)")
    func profiles() async throws {
        let simulator = await Self.setUp()
        let domande = Self.client(simulator)
        let pagamenti = Self.client(simulator, key: "key-pagamenti")
        #expect(try await domande.profile(fiscalCode: Self.citizen)?.senderAllowed == true)
        #expect(try await domande.profile(fiscalCode: Self.blocking)?.senderAllowed == true)
        #expect(try await pagamenti.profile(fiscalCode: Self.blocking)?.senderAllowed == false)
        #expect(try await domande.profile(fiscalCode: Self.stranger) == nil)
    }

    @Test("a message is sent (201, id and Location) and its status moves from ACCEPTED to PROCESSED")
    func sendAndPoll() async throws {
        let now = ManualNow(.utc("2025-03-10T09:00:00Z"))
        let simulator = await Self.setUp(now: now)
        let client = Self.client(simulator)
        guard case .sent(let submission) = try await client.deliver(try Self.message()) else {
            Issue.record("not sent")
            return
        }
        #expect(submission.id.count == 26)
        #expect(submission.location == "http://io.simulator/api/v1/messages/\(Self.citizen)/\(submission.id)")
        let first = try await client.message(fiscalCode: Self.citizen, id: submission.id)
        #expect(first.status == .accepted)
        #expect(first.message.content.subject == "Domanda di contributo registrata")
        #expect(first.message.senderServiceID == Self.domande.id)
        now.advance(seconds: 5)
        #expect(try await client.message(fiscalCode: Self.citizen, id: submission.id).status == .processed)
        let inbox = await simulator.inbox(of: Self.citizen)
        #expect(inbox.map(\.id) == [submission.id])
        #expect(inbox.first?.serviceName == Self.domande.name)
        #expect(inbox.first?.receivedAt == .utc("2025-03-10T09:00:00Z"))
    }

    @Test("a citizen who is not on IO, or who blocked the service, is skipped without sending anything")
    func skips() async throws {
        let simulator = await Self.setUp()
        #expect(try await Self.client(simulator).deliver(try Self.message(to: Self.stranger)) == .skipped(.notAnIOUser))
        #expect(
            try await Self.client(simulator, key: "key-pagamenti").deliver(try Self.message(to: Self.blocking))
                == .skipped(.senderNotAllowed))
        #expect(await simulator.received.isEmpty)
    }

    @Test("sent without the profile check, a message to a blocked service is 403 and one to a non-user is REJECTED")
    func directSubmission() async throws {
        let simulator = await Self.setUp()
        let pagamenti = Self.client(simulator, key: "key-pagamenti")
        await #expect(throws: PermanentDeliveryError.self) { try await pagamenti.submit(try Self.message(to: Self.blocking)) }
        let submission = try await pagamenti.submit(try Self.message(to: Self.stranger))
        #expect(try await pagamenti.message(fiscalCode: Self.stranger, id: submission.id).status == .rejected)
        #expect(await simulator.inbox(of: Self.stranger).isEmpty)
    }

    @Test(
        "the builder refuses text out of bounds instead of cutting or padding it",
        arguments: [(9, 80), (121, 80), (10, 79), (10, 10001)])
    func bounds(subjectLength: Int, markdownLength: Int) throws {
        #expect(throws: PermanentDeliveryError.self) {
            try AppIONewMessage.validated(
                fiscalCode: Self.citizen, subject: String(repeating: "s", count: subjectLength),
                markdown: String(repeating: "m", count: markdownLength))
        }
    }

    @Test("the limits are inclusive and count what IO counts")
    func inclusiveBounds() throws {
        _ = try AppIONewMessage.validated(
            fiscalCode: Self.citizen, subject: String(repeating: "s", count: 10), markdown: String(repeating: "m", count: 80))
        _ = try AppIONewMessage.validated(
            fiscalCode: Self.citizen, subject: String(repeating: "è", count: 120), markdown: String(repeating: "m", count: 10000))
        #expect(throws: PermanentDeliveryError.self) {
            // An emoji is two UTF-16 units for IO: 120 characters, 121 units.
            try AppIONewMessage.validated(
                fiscalCode: Self.citizen, subject: String(repeating: "s", count: 119) + "🙂", markdown: Self.markdown)
        }
    }

    @Test("a message out of bounds is refused by the client before sending, and by the simulator with 400 if sent anyway")
    func badLengths() async throws {
        let simulator = await Self.setUp()
        var message = try Self.message()
        message.content.subject = "Breve"
        await #expect(throws: PermanentDeliveryError.self) { try await Self.client(simulator).submit(message) }
        #expect(await simulator.received.isEmpty)

        let raw = await simulator.handle(
            TransportRequest(
                method: "POST", url: "http://io.simulator/api/v1/messages",
                headers: [("Ocp-Apim-Subscription-Key", "key-domande"), ("Content-Type", "application/json")],
                body: try TimestampJSON.encoder.encode(message)))
        #expect(raw.status == 400)
        #expect(raw.header("Content-Type") == "application/problem+json")
        let problem = ProblemJSON(parsing: raw.body, status: raw.status)
        #expect(problem.detail?.contains("subject has 5 characters") == true)
        #expect(await simulator.received.isEmpty)
    }

    @Test(
        "a notice number that does not match the pattern is refused",
        arguments: ["401000000000000144", "30100000000000014", "30100000000000014X"])
    func noticeNumberPattern(notice: String) throws {
        #expect(throws: PermanentDeliveryError.self) {
            try Self.message(payment: AppIOPaymentData(amount: 1500, noticeNumber: notice))
        }
    }

    @Test("a wrong key is refused for good (401)")
    func badKey() async throws {
        let simulator = await Self.setUp()
        let client = Self.client(simulator, key: "wrong")
        await #expect {
            try await client.profile(fiscalCode: Self.citizen)
        } throws: { error in
            (error as? PermanentDeliveryError)?.description.contains("HTTP 401") == true
        }
    }

    @Test("429 is retryable and carries Retry-After; the retry sends the message once")
    func throttled() async throws {
        let simulator = await Self.setUp()
        let client = Self.client(simulator)
        let message = try Self.message()
        await simulator.failNext(status: 429, count: 1, retryAfterSeconds: 7)
        await #expect(throws: AppIOError.unavailable(status: 429, retryAfterSeconds: 7)) {
            try await client.submit(message)
        }
        _ = try await client.submit(message)
        #expect(await simulator.received.count == 1)
    }

    @Test("500 is retryable and nothing was stored by the failed call")
    func serverError() async throws {
        let simulator = await Self.setUp()
        let client = Self.client(simulator)
        await simulator.failNext(status: 500, count: 2)
        await #expect(throws: AppIOError.unavailable(status: 500, retryAfterSeconds: nil)) {
            try await client.deliver(try Self.message())
        }
        await #expect(throws: AppIOError.unavailable(status: 500, retryAfterSeconds: nil)) {
            try await client.deliver(try Self.message())
        }
        #expect(await simulator.received.isEmpty)
        guard case .sent = try await client.deliver(try Self.message()) else {
            Issue.record("not sent")
            return
        }
    }

    @Test("payment data travels to the citizen's inbox as sent")
    func paymentDataRoundTrip() async throws {
        let simulator = await Self.setUp()
        let client = Self.client(simulator, key: "key-pagamenti")
        let payment = AppIOPaymentData(
            amount: 12_345, noticeNumber: "301000000000000144", invalidAfterDueDate: true,
            payee: AppIOPayee(fiscalCode: "00000000000"))
        guard case .sent(let submission) = try await client.deliver(try Self.message(payment: payment)) else {
            Issue.record("not sent")
            return
        }
        let stored = try await client.message(fiscalCode: Self.citizen, id: submission.id)
        #expect(stored.message.content.paymentData == payment)
        #expect(stored.message.content.dueDate == .utc("2025-04-30T21:59:59Z"))
        #expect(await simulator.inbox(of: Self.citizen).first?.paymentData == payment)
    }

    @Test("the wire format uses IO's field names")
    func wireFormat() throws {
        let message = try Self.message(
            payment: AppIOPaymentData(
                amount: 100, noticeNumber: "301000000000000144", payee: AppIOPayee(fiscalCode: "00000000000")))
        let json = String(decoding: try TimestampJSON.encoder.encode(message), as: UTF8.self)
        #expect(json.contains("\"fiscal_code\":\"RSSMRA85T10A562S\""))
        #expect(json.contains("\"time_to_live\":3600"))
        #expect(json.contains("\"due_date\":\"2025-04-30T21:59:59.000Z\""))
        #expect(
            json.contains(
                "\"payment_data\":{\"amount\":100,\"invalid_after_due_date\":false,\"notice_number\":\"301000000000000144\",\"payee\":{\"fiscal_code\":\"00000000000\"}}"
            ))
    }
}
