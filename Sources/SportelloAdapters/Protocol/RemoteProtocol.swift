import Crypto
public import Foundation
public import SportelloCore

/// What is sent to a municipality's own protocol system to register a document
/// ("registrazione tramite web service"). The main document travels with its content; attachments by
/// fingerprint. The idempotency key makes a retried call return the first registration, never a second one.
public struct RemoteRegistrationRequest: Codable, Equatable, Sendable {
    public struct Document: Codable, Equatable, Sendable {
        public var fileName: String
        public var mimeType: String
        public var sha256: String
        /// Base64 of the content (the main document only).
        public var content: String?

        public init(fileName: String, mimeType: String, sha256: String, content: String?) {
            self.fileName = fileName
            self.mimeType = mimeType
            self.sha256 = sha256
            self.content = content
        }
    }

    public var administrationCode: String
    public var aooCode: String
    public var registerCode: String
    public var direction: ProtocolDirection
    public var subject: String
    public var correspondents: [ProtocolParty]
    public var documents: [Document]
    public var idempotencyKey: String

    public init(
        administrationCode: String, aooCode: String, registerCode: String, direction: ProtocolDirection, subject: String,
        correspondents: [ProtocolParty], documents: [Document], idempotencyKey: String
    ) {
        self.administrationCode = administrationCode
        self.aooCode = aooCode
        self.registerCode = registerCode
        self.direction = direction
        self.subject = subject
        self.correspondents = correspondents
        self.documents = documents
        self.idempotencyKey = idempotencyKey
    }
}

/// What the protocol system answers: the number, the year, the time and the segnatura it wrote.
public struct RemoteRegistration: Codable, Equatable, Sendable {
    public var year: Int
    public var number: Int
    public var registeredAt: Date
    public var segnatura: String

    public init(year: Int, number: Int, registeredAt: Date, segnatura: String) {
        self.year = year
        self.number = number
        self.registeredAt = registeredAt
        self.segnatura = segnatura
    }
}

/// A municipality's own protocol system.
public protocol RemoteProtocolService: Sendable {
    func register(_ request: RemoteRegistrationRequest) async throws -> RemoteRegistration
}

/// The protocol system reached over HTTP: `POST <baseURL>/registrazioni` with a JSON body and a bearer token.
/// 2xx carries the registration; 4xx other than 408 and 429 is a permanent refusal (the outbox gives the job up);
/// anything else, and any network failure, is tried again later.
public struct HTTPRemoteProtocol: RemoteProtocolService {
    let transport: any HTTPTransport
    let baseURL: String
    let token: String

    public init(transport: any HTTPTransport, baseURL: String, token: String) {
        self.transport = transport
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
    }

    public func register(_ request: RemoteRegistrationRequest) async throws -> RemoteRegistration {
        let response = try await transport.send(
            TransportRequest(
                method: "POST", url: baseURL + "/registrazioni",
                headers: [("Content-Type", "application/json"), ("Authorization", "Bearer " + token)],
                body: try RemoteProtocolCoding.encoder.encode(request)))
        switch response.status {
        case 200..<300:
            return try RemoteProtocolCoding.decoder.decode(RemoteRegistration.self, from: response.body)
        case 408, 429:
            throw RemoteProtocolError.unavailable(status: response.status)
        case 400..<500:
            throw PermanentDeliveryError(
                "protocol system refused the registration (HTTP \(response.status)): "
                    + String(decoding: response.body.prefix(500), as: UTF8.self))
        default:
            throw RemoteProtocolError.unavailable(status: response.status)
        }
    }
}

/// The protocol system could not answer now.
public enum RemoteProtocolError: Error, Equatable {
    case unavailable(status: Int)
}

/// JSON with ISO 8601 dates, shared by the client and the simulator.
public enum RemoteProtocolCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// A stand-in for a municipality's protocol system, shipped for the demo and the tests: it checks the token
/// and the main document's fingerprint, numbers registrations per register and year without gaps, answers a
/// repeated idempotency key with the first registration, and can be told to fail for a while.
public actor ProtocolSimulator {
    private var counters: [String: Int] = [:]
    private var byKey: [String: RemoteRegistration] = [:]
    private var failuresLeft = 0
    public private(set) var registrations: [RemoteRegistrationRequest] = []
    let token: String
    let timeZone: TimeZone
    let now: @Sendable () -> Date

    public init(token: String, timeZone: TimeZone, now: @escaping @Sendable () -> Date = { Date() }) {
        self.token = token
        self.timeZone = timeZone
        self.now = now
    }

    /// The next `count` calls answer 503, as a system down for maintenance.
    public func failNext(_ count: Int) { failuresLeft = count }

    /// The HTTP exchange, so the in-process transport and the web route share it.
    public func handle(_ request: TransportRequest) -> TransportResponse {
        guard request.headers.contains(where: { $0.0.lowercased() == "authorization" && $0.1 == "Bearer " + token }) else {
            return Self.error(401, "missing or wrong token")
        }
        guard request.method == "POST", request.url.hasSuffix("/registrazioni") else { return Self.error(404, "not found") }
        if failuresLeft > 0 {
            failuresLeft -= 1
            return Self.error(503, "temporarily unavailable")
        }
        guard let body = request.body,
            let registration = try? RemoteProtocolCoding.decoder.decode(RemoteRegistrationRequest.self, from: body)
        else { return Self.error(400, "malformed request") }
        guard let main = registration.documents.first, let content = main.content.flatMap({ Data(base64Encoded: $0) }),
            Hex.encode(SHA256.hash(data: content)) == main.sha256, !registration.subject.isEmpty
        else { return Self.error(422, "the main document is missing or does not match its fingerprint") }
        if let earlier = byKey[registration.idempotencyKey] { return Self.ok(earlier) }
        let date = now()
        let year = LocalDate(date, in: timeZone).year
        let counter = "\(registration.administrationCode)/\(registration.aooCode)/\(registration.registerCode)/\(year)"
        let number = (counters[counter] ?? 0) + 1
        counters[counter] = number
        let register = ProtocolRegisterIdentity(
            administrationName: registration.administrationCode, administrationCode: registration.administrationCode,
            aooCode: registration.aooCode, registerCode: registration.registerCode)
        let result = RemoteRegistration(
            year: year, number: number, registeredAt: date,
            segnatura: Segnatura.xml(
                register: register, number: number, registeredAt: date, timeZone: timeZone,
                registration: ProtocolRegistration(
                    direction: registration.direction, subject: registration.subject,
                    correspondents: registration.correspondents,
                    documents: registration.documents.map {
                        ProtocolDocument(fileName: $0.fileName, mimeType: $0.mimeType, sha256: $0.sha256)
                    })))
        byKey[registration.idempotencyKey] = result
        registrations.append(registration)
        return Self.ok(result)
    }

    static func ok(_ registration: RemoteRegistration) -> TransportResponse {
        TransportResponse(status: 201, body: (try? RemoteProtocolCoding.encoder.encode(registration)) ?? Data())
    }

    static func error(_ status: Int, _ message: String) -> TransportResponse {
        TransportResponse(status: status, body: Data("{\"error\":\"\(message)\"}".utf8))
    }

    /// A transport that hands requests straight to the simulator (tests and the demo's back channel).
    public nonisolated func loopbackTransport() -> any HTTPTransport { SimulatorTransport(simulator: self) }
}

struct SimulatorTransport: HTTPTransport {
    let simulator: ProtocolSimulator
    func send(_ request: TransportRequest) async throws -> TransportResponse { await simulator.handle(request) }
}
