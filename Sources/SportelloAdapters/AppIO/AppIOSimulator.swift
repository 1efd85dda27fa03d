public import Foundation

/// A stand-in for App IO, shipped for the demo and the tests. It answers the IO Services API over
/// ``TransportRequest``s with the real wire format: keys per service (a wrong key is 401), profiles of the
/// citizens it knows (who may have blocked a service), the same validation as IO (400 with problem+json), and
/// messages kept per citizen whose status moves from ACCEPTED to PROCESSED after `processingDelay`. It can be told
/// to fail the next calls (429 with Retry-After, 500). Like IO it does not deduplicate: ``received`` lists every
/// message accepted, so tests can prove that a retry sent nothing twice.
public actor AppIOSimulator {
    /// A message as the simulator received it.
    public struct ReceivedMessage: Equatable, Sendable {
        public var id: String
        public var serviceID: String
        public var fiscalCode: String
        public var timeToLive: Int?
        public var content: AppIOMessageContent
        public var receivedAt: Date
        /// REJECTED when the recipient is not an IO user; otherwise decided by the clock (see ``status(of:)``).
        var rejected: Bool
    }

    /// One message of a citizen's inbox, for a page that looks like the app.
    public struct InboxMessage: Equatable, Sendable {
        public var id: String
        public var serviceName: String
        public var subject: String
        public var markdown: String
        public var dueDate: Date?
        public var paymentData: AppIOPaymentData?
        public var receivedAt: Date
        public var status: AppIOMessageStatus
    }

    /// A municipality's service as IO knows it.
    public struct Service: Sendable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    private var services: [String: Service] = [:]
    private var users: [String: Set<String>] = [:]
    private var failures: [(status: Int, retryAfter: Int?)] = []
    public private(set) var received: [ReceivedMessage] = []
    let processingDelay: TimeInterval
    let now: @Sendable () -> Date

    /// `services` maps each API key to its service.
    public init(
        services: [String: Service] = [:], processingDelay: TimeInterval = 2,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.services = services
        self.processingDelay = processingDelay
        self.now = now
    }

    /// Accepts calls made with `key` on behalf of the service.
    public func addService(_ service: Service, key: String) { services[key] = service }

    /// Makes the fiscal code an IO user, who may have blocked some services (by id).
    public func addUser(_ fiscalCode: String, blockedServices: Set<String> = []) { users[fiscalCode] = blockedServices }

    /// The next `count` calls answer `status` (429 or a 5xx), with `Retry-After` when given.
    public func failNext(status: Int, count: Int = 1, retryAfterSeconds: Int? = nil) {
        failures.append(contentsOf: Array(repeating: (status, retryAfterSeconds), count: count))
    }

    /// The fiscal codes of the IO users it knows, for a page that picks whose phone to show.
    public var userFiscalCodes: [String] { users.keys.sorted() }

    /// The status IO would report now.
    public func status(of message: ReceivedMessage) -> AppIOMessageStatus {
        if message.rejected { return .rejected }
        return now().timeIntervalSince(message.receivedAt) >= processingDelay ? .processed : .accepted
    }

    /// What the citizen's app shows, newest first (rejected messages never reach an inbox).
    public func inbox(of fiscalCode: String) -> [InboxMessage] {
        received.filter { $0.fiscalCode == fiscalCode && !$0.rejected }.reversed().map { message in
            InboxMessage(
                id: message.id, serviceName: serviceName(message.serviceID), subject: message.content.subject,
                markdown: message.content.markdown, dueDate: message.content.dueDate,
                paymentData: message.content.paymentData, receivedAt: message.receivedAt, status: status(of: message))
        }
    }

    private func serviceName(_ id: String) -> String { services.values.first { $0.id == id }?.name ?? id }

    /// The HTTP exchange, so the in-process transport and a web route share it.
    public func handle(_ request: TransportRequest) -> TransportResponse {
        guard let key = request.header("Ocp-Apim-Subscription-Key"), let service = services[key] else {
            // The API gateway's own answer, not a problem+json.
            return GatewayRefusal.invalidKey
        }
        if !failures.isEmpty {
            let failure = failures.removeFirst()
            return .json(
                failure.status,
                ProblemJSON(
                    title: failure.status == 429 ? "Too many requests" : "Internal error", status: failure.status, detail: nil),
                contentType: "application/problem+json",
                headers: failure.retryAfter.map { [("Retry-After", String($0))] } ?? [])
        }
        guard let target = SimulatorRequestTarget(url: request.url, from: "api"), target.segments.count >= 3,
            target.segments[1] == "v1"
        else { return .problem(404, title: "Not found", detail: request.url) }
        let route = Array(target.segments.dropFirst(2))
        switch (request.method, route.first, route.count) {
        case ("POST", "profiles", 1):
            return profile(request, service: service)
        case ("POST", "messages", 1):
            return submit(request, service: service)
        case ("GET", "profiles", 2):
            return profile(of: route[1], service: service)
        case ("GET", "messages", 3):
            return message(fiscalCode: route[1], id: route[2], service: service)
        default:
            return .problem(404, title: "Not found", detail: request.method + " " + request.url)
        }
    }

    private func profile(_ request: TransportRequest, service: Service) -> TransportResponse {
        struct Payload: Decodable {
            var fiscalCode: String
            enum CodingKeys: String, CodingKey { case fiscalCode = "fiscal_code" }
        }
        guard let body = request.body, let payload = try? JSONDecoder().decode(Payload.self, from: body) else {
            return .problem(400, title: "Invalid payload", detail: "fiscal_code is required")
        }
        return profile(of: payload.fiscalCode, service: service)
    }

    private func profile(of fiscalCode: String, service: Service) -> TransportResponse {
        guard AppIOMessageRules.isFiscalCode(fiscalCode) else {
            return .problem(400, title: "Invalid fiscal code", detail: "not a fiscal code: \(fiscalCode)")
        }
        guard let blocked = users[fiscalCode] else {
            return .problem(404, title: "Profile not found", detail: "The profile you requested was not found in the system.")
        }
        return .json(200, AppIOProfile(senderAllowed: !blocked.contains(service.id), preferredLanguages: ["it_IT"]))
    }

    private func submit(_ request: TransportRequest, service: Service) -> TransportResponse {
        guard let body = request.body, let message = try? TimestampJSON.decoder.decode(AppIONewMessage.self, from: body)
        else { return .problem(400, title: "Invalid NewMessage", detail: "the body is not a NewMessage") }
        let problems = AppIOMessageRules.problems(in: message)
        guard problems.isEmpty else {
            return .problem(400, title: "Invalid NewMessage", detail: problems.joined(separator: "; "))
        }
        if users[message.fiscalCode]?.contains(service.id) == true {
            return .problem(403, title: "Sender not allowed", detail: "the recipient has blocked this service")
        }
        let id = Self.makeID()
        received.append(
            ReceivedMessage(
                id: id, serviceID: service.id, fiscalCode: message.fiscalCode, timeToLive: message.timeToLive,
                content: message.content, receivedAt: now(), rejected: users[message.fiscalCode] == nil))
        let location = Self.base(of: request.url) + "/api/v1/messages/\(message.fiscalCode)/\(id)"
        return .json(201, ["id": id], headers: [("Location", location)])
    }

    private func message(fiscalCode: String, id: String, service: Service) -> TransportResponse {
        guard let stored = received.first(where: { $0.id == id && $0.fiscalCode == fiscalCode && $0.serviceID == service.id })
        else { return .problem(404, title: "Message not found", detail: "no message \(id) for this fiscal code") }
        return .json(
            200,
            AppIOMessageDetails(
                message: .init(
                    id: stored.id, fiscalCode: stored.fiscalCode, timeToLive: stored.timeToLive, createdAt: stored.receivedAt,
                    content: stored.content, senderServiceID: stored.serviceID),
                status: status(of: stored)))
    }

    /// A 26-character id in the spirit of IO's ULIDs: time first, so ids sort by arrival.
    static func makeID() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var milliseconds = UInt64(Date().timeIntervalSince1970 * 1000)
        var time: [Character] = []
        for _ in 0..<10 {
            time.append(alphabet[Int(milliseconds % 32)])
            milliseconds /= 32
        }
        let random = (0..<16).map { _ in alphabet[Int.random(in: 0..<32)] }
        return String(time.reversed() + random)
    }

    /// `scheme://host[:port][prefix]` before `/api/`, so Location points where the request came in.
    static func base(of url: String) -> String {
        guard let range = url.range(of: "/api/") else { return url }
        return String(url[..<range.lowerBound])
    }

    /// A transport that hands requests straight to the simulator (tests and the demo's back channel).
    public nonisolated func loopbackTransport() -> any HTTPTransport { AppIOLoopback(simulator: self) }
}

struct AppIOLoopback: HTTPTransport {
    let simulator: AppIOSimulator
    func send(_ request: TransportRequest) async throws -> TransportResponse { await simulator.handle(request) }
}
