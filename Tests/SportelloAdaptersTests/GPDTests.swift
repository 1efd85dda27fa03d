import Foundation
import SportelloCore
import Testing

@testable import SportelloAdapters

@Suite("pagoPA GPD (debt positions client and simulator)")
struct GPDTests {
    static let organization = "12345678901"
    static let start = Date.utc("2025-03-10T09:00:00Z")

    static func position(
        iupd: String = "12345678901-0001", iuv: String = "01000000000000144", validityDate: Date? = nil,
        dueDate: Date = .utc("2025-04-30T21:59:59Z"), switchToExpired: Bool = false
    ) -> GPDPaymentPosition {
        GPDPaymentPosition(
            iupd: iupd, type: .person, fiscalCode: "RSSMRA85T10A562S", fullName: "Mario Rossi",
            companyName: "Comune di Prova", officeName: "Ufficio Tributi", email: "mario.rossi@example.org",
            validityDate: validityDate, switchToExpired: switchToExpired,
            paymentOption: [
                GPDPaymentOption(
                    iuv: iuv, amount: 1500, description: "Mensa scolastica marzo 2025", dueDate: dueDate,
                    transfer: [
                        GPDTransfer(
                            idTransfer: "1", amount: 1000, remittanceInformation: "Mensa scolastica", category: "9/0101108TS/",
                            iban: "IT60X0542811101000000123456"),
                        GPDTransfer(
                            idTransfer: "2", amount: 500, remittanceInformation: "Quota provinciale",
                            category: "9/0201133IM/", iban: "IT02L1234512345123456789012",
                            organizationFiscalCode: "98765432109"),
                    ])
            ])
    }

    static func setUp(now: ManualNow = ManualNow(start)) -> (GPDSimulator, HTTPGPD) {
        let simulator = GPDSimulator(subscriptionKey: "gpd-key", now: now.closure)
        let client = HTTPGPD(
            transport: simulator.loopbackTransport(), baseURL: "http://gpd.simulator/gpd/debt-positions-service/v1/",
            subscriptionKey: "gpd-key", organizationFiscalCode: organization)
        return (simulator, client)
    }

    static func refusal(_ error: any Error, contains text: String) -> Bool {
        (error as? PermanentDeliveryError)?.description.contains(text) == true
    }

    @Test("a position is created as a draft, read, listed, published, invalidated and deleted")
    func lifecycle() async throws {
        let (_, gpd) = Self.setUp()
        guard case .created(let created) = try await gpd.create(Self.position(), publish: false) else {
            Issue.record("not created")
            return
        }
        #expect(created.status == .draft)
        #expect(created.paymentOption.first?.nav == "301000000000000144")

        let read = try #require(try await gpd.position(iupd: "12345678901-0001"))
        #expect(read.status == .draft)
        #expect(read.organizationFiscalCode == Self.organization)
        #expect(read.insertedDate == Self.start)
        #expect(read.paymentOption.first?.status == .unpaid)
        #expect(read.paymentOption.first?.transfer.map(\.amount) == [1000, 500])
        #expect(read.paymentOption.first?.dueDate == .utc("2025-04-30T21:59:59Z"))

        #expect(try await gpd.positions(GPDPositionQuery()).positions.map(\.iupd) == ["12345678901-0001"])
        #expect(try await gpd.publish(iupd: "12345678901-0001").status == .valid)
        #expect(try await gpd.invalidate(iupd: "12345678901-0001").status == .invalid)
        try await gpd.delete(iupd: "12345678901-0001")
        #expect(try await gpd.position(iupd: "12345678901-0001") == nil)
    }

    @Test("a create that already happened is a distinct result, and reading back makes it idempotent")
    func duplicateCreate() async throws {
        let (_, gpd) = Self.setUp()
        _ = try await gpd.create(Self.position(), publish: true)
        guard case .alreadyExists(let problem) = try await gpd.create(Self.position(), publish: true) else {
            Issue.record("the duplicate was created")
            return
        }
        #expect(problem.status == 409 && problem.title == "CONFLICT")
        let existing = try #require(try await gpd.position(iupd: "12345678901-0001"))
        #expect(existing.paymentOption.map(\.iuv) == Self.position().paymentOption.map(\.iuv))
        #expect(existing.status == .valid)

        // The same IUV under another IUPD is a conflict too, but reading back finds nothing: not a retry.
        guard case .alreadyExists = try await gpd.create(Self.position(iupd: "12345678901-0002"), publish: false) else {
            Issue.record("a second position took the same IUV")
            return
        }
        #expect(try await gpd.position(iupd: "12345678901-0002") == nil)
    }

    @Test("refusals carry GPD's problem+json: invalid body (400), unknown position (404), wrong state (409), bad key (401)")
    func problems() async throws {
        let (simulator, gpd) = Self.setUp()
        var broken = Self.position()
        broken.paymentOption[0].amount = 1600
        await #expect { try await gpd.create(broken, publish: false) } throws: { error in
            Self.refusal(error, contains: "HTTP 400") && Self.refusal(error, contains: "do not add up to the amount")
        }
        await #expect { try await gpd.publish(iupd: "nope") } throws: { error in
            Self.refusal(error, contains: "HTTP 404") && Self.refusal(error, contains: "no debt position nope")
        }
        _ = try await gpd.create(Self.position(), publish: true)
        await #expect { try await gpd.publish(iupd: "12345678901-0001") } throws: { error in
            Self.refusal(error, contains: "HTTP 409") && Self.refusal(error, contains: "not in publishable state")
        }
        let stranger = HTTPGPD(
            transport: simulator.loopbackTransport(), baseURL: "http://gpd.simulator", subscriptionKey: "wrong",
            organizationFiscalCode: Self.organization)
        await #expect { try await stranger.position(iupd: "12345678901-0001") } throws: { error in
            Self.refusal(error, contains: "HTTP 401")
        }

        let raw = await simulator.handle(
            TransportRequest(
                method: "POST", url: "http://gpd.simulator/organizations/\(Self.organization)/debtpositions",
                headers: [("Ocp-Apim-Subscription-Key", "gpd-key")], body: Data("{\"iupd\":1}".utf8)))
        #expect(raw.status == 400 && raw.header("Content-Type") == "application/problem+json")
        #expect(ProblemJSON(parsing: raw.body, status: raw.status).detail == "the body is not a PaymentPositionModel")
    }

    @Test("429 and 5xx are retryable, with Retry-After when given")
    func unavailable() async throws {
        let (simulator, gpd) = Self.setUp()
        await simulator.failNext(status: 503)
        await #expect(throws: GPDError.unavailable(status: 503, retryAfterSeconds: nil)) {
            try await gpd.create(Self.position(), publish: false)
        }
        guard case .created = try await gpd.create(Self.position(), publish: false) else {
            Issue.record("not created after the failure")
            return
        }
        let throttled = HTTPGPD(
            transport: StubTransport(TransportResponse(status: 429, body: Data(), headers: [("Retry-After", "30")])),
            baseURL: "http://gpd", subscriptionKey: "k", organizationFiscalCode: Self.organization)
        await #expect(throws: GPDError.unavailable(status: 429, retryAfterSeconds: 30)) {
            try await throttled.positions(GPDPositionQuery())
        }
    }

    @Test("published positions become valid at their validity date and, if they may, expire after the due date")
    func clockDrivenStates() async throws {
        let now = ManualNow(Self.start)
        let (simulator, gpd) = Self.setUp(now: now)
        _ = try await gpd.create(
            Self.position(validityDate: .utc("2025-03-11T00:00:00Z"), switchToExpired: true), publish: true)
        #expect(try await gpd.position(iupd: "12345678901-0001")?.status == .published)
        await #expect(throws: PaFault.self) {
            try await simulator.pay(noticeNumber: "301000000000000144", organization: Self.organization)
        }
        now.advance(seconds: 86_400)
        #expect(try await gpd.position(iupd: "12345678901-0001")?.status == .valid)
        now.advance(seconds: 60 * 86_400)
        #expect(try await gpd.position(iupd: "12345678901-0001")?.status == .expired)
        await #expect {
            try await simulator.pay(noticeNumber: "301000000000000144", organization: Self.organization)
        } throws: { error in
            (error as? PaFault)?.faultCode == .paymentExpired
        }
    }

    @Test("payment refusals follow the state: cancelled, unknown, duplicated; a paid position cannot change")
    func paymentStateMachine() async throws {
        let (simulator, gpd) = Self.setUp()
        func faultCode(_ notice: String) async -> PaFaultCode? {
            do {
                _ = try await simulator.pay(noticeNumber: notice, organization: Self.organization)
                return nil
            } catch { return error.faultCode }
        }
        _ = try await gpd.create(Self.position(), publish: true)
        _ = try await gpd.create(Self.position(iupd: "draft", iuv: "01000000000000240"), publish: false)
        _ = try await gpd.create(Self.position(iupd: "cancelled", iuv: "01000000000000336"), publish: true)
        _ = try await gpd.invalidate(iupd: "cancelled")

        #expect(await faultCode("301000000000000336") == .paymentCancelled)
        #expect(await faultCode("301000000000000240") == .paymentUnknown)
        #expect(await faultCode("399999999999999999") == .paymentUnknown)
        #expect(await faultCode("301000000000000144") == nil)
        #expect(await faultCode("301000000000000144") == .paymentDuplicated)

        let paid = try #require(try await gpd.position(iupd: "12345678901-0001"))
        #expect(paid.status == .paid && paid.paymentDate == Self.start)
        #expect(paid.paymentOption.first?.status == .paid)
        await #expect { try await gpd.update(Self.position(), publish: true) } throws: { Self.refusal($0, contains: "HTTP 409") }
        await #expect { try await gpd.delete(iupd: "12345678901-0001") } throws: { Self.refusal($0, contains: "HTTP 409") }
        await #expect { try await gpd.invalidate(iupd: "12345678901-0001") } throws: { Self.refusal($0, contains: "HTTP 409") }
        await simulator.markReported(organization: Self.organization, iuv: "01000000000000144")
        #expect(try await gpd.position(iupd: "12345678901-0001")?.status == .reported)
    }

    @Test("instalments make a position partially paid, then paid; the single payment is then no longer possible")
    func instalments() async throws {
        let (simulator, gpd) = Self.setUp()
        var position = Self.position()
        let whole = position.paymentOption[0]
        var first = whole
        first.iuv = "01000000000000240"
        first.isPartialPayment = true
        first.amount = 750
        first.transfer = [whole.transfer[0]]
        first.transfer[0].amount = 750
        var second = first
        second.iuv = "01000000000000336"
        position.paymentOption = [whole, first, second]
        _ = try await gpd.create(position, publish: true)

        _ = try await simulator.pay(noticeNumber: "301000000000000240", organization: Self.organization)
        #expect(try await gpd.position(iupd: position.iupd)?.status == .partiallyPaid)
        await #expect { try await simulator.pay(noticeNumber: "301000000000000144", organization: Self.organization) } throws: {
            ($0 as? PaFault)?.faultCode == .paymentDuplicated
        }
        _ = try await simulator.pay(noticeNumber: "301000000000000336", organization: Self.organization)
        #expect(try await gpd.position(iupd: position.iupd)?.status == .paid)
    }

    @Test("an update replaces an unpaid position and takes it back to draft unless published again")
    func update() async throws {
        let (_, gpd) = Self.setUp()
        _ = try await gpd.create(Self.position(), publish: true)
        var changed = Self.position()
        changed.paymentOption[0].description = "Mensa scolastica marzo 2025 (rettifica)"
        #expect(try await gpd.update(changed, publish: false).status == .draft)
        #expect(try await gpd.update(changed, publish: true).status == .valid)
        #expect(
            try await gpd.position(iupd: changed.iupd)?.paymentOption.first?.description
                == "Mensa scolastica marzo 2025 (rettifica)")
    }

    @Test("the list pages and filters by status and due date")
    func listing() async throws {
        let now = ManualNow(Self.start)
        let (_, gpd) = Self.setUp(now: now)
        let iuvs = ["01000000000000144", "01000000000000240", "01000000000000336"]
        for (index, iuv) in iuvs.enumerated() {
            _ = try await gpd.create(
                Self.position(iupd: "P\(index)", iuv: iuv, dueDate: .utc("2025-04-0\(index + 1)T10:00:00Z")),
                publish: index != 0)
            now.advance(seconds: 60)
        }
        let first = try await gpd.positions(GPDPositionQuery(page: 0, limit: 2))
        #expect(first.positions.map(\.iupd) == ["P2", "P1"])
        #expect(first.pageInfo == .init(page: 0, limit: 2, itemsFound: 2, totalPages: 2))
        #expect(try await gpd.positions(GPDPositionQuery(page: 1, limit: 2)).positions.map(\.iupd) == ["P0"])
        #expect(try await gpd.positions(GPDPositionQuery(status: .draft)).positions.map(\.iupd) == ["P0"])
        let april2 = try #require(LocalDate(iso: "2025-04-02"))
        #expect(
            try await gpd.positions(GPDPositionQuery(dueDateFrom: april2, dueDateTo: april2)).positions.map(\.iupd) == ["P1"])
        await #expect { try await gpd.positions(GPDPositionQuery(limit: 51)) } throws: { Self.refusal($0, contains: "HTTP 400") }
    }

    @Test("dates are written as UTC with milliseconds and read with or without a zone or fraction")
    func dates() throws {
        #expect(ISO8601Timestamp.utcMilliseconds(.utc("2025-03-10T09:00:00Z")) == "2025-03-10T09:00:00.000Z")
        #expect(ISO8601Timestamp.parse("2099-12-31T23:59:59.999999") != nil)
        #expect(ISO8601Timestamp.parse("2024-10-30T23:59:59") == .utc("2024-10-30T23:59:59Z"))
        #expect(ISO8601Timestamp.parse("2024-10-31T00:59:59+01:00") == .utc("2024-10-30T23:59:59Z"))
        #expect(ISO8601Timestamp.parse("2024-10-30T23:59:59.5Z") == .utc("2024-10-30T23:59:59Z").addingTimeInterval(0.5))
        #expect(ISO8601Timestamp.parse("2024-02-30T10:00:00Z") == nil)
        #expect(ISO8601Timestamp.parse("30/10/2024") == nil)
    }
}

/// A transport that always answers the same.
struct StubTransport: HTTPTransport {
    let response: TransportResponse
    init(_ response: TransportResponse) { self.response = response }
    func send(_ request: TransportRequest) async throws -> TransportResponse { response }
}
