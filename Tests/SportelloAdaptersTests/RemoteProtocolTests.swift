import Crypto
import Foundation
import SportelloCore
import Testing

@testable import SportelloAdapters

@Suite("A municipality's own protocol system (web service client and simulator)")
struct RemoteProtocolTests {
    static let content = Data("%PDF-1.4 domanda".utf8)

    static func request(key: String = "filing:1", sha256: String? = nil) -> RemoteRegistrationRequest {
        RemoteRegistrationRequest(
            administrationCode: "c_prova", aooCode: "AOO01", registerCode: "PG", direction: .incoming,
            subject: "Contributo affitto – Mario Rossi",
            correspondents: [ProtocolParty(name: "Mario Rossi", fiscalCode: "RSSMRA85T10A562S")],
            documents: [
                .init(
                    fileName: "domanda.pdf", mimeType: "application/pdf",
                    sha256: sha256 ?? Hex.encode(SHA256.hash(data: content)), content: content.base64EncodedString())
            ], idempotencyKey: key)
    }

    @Test("registers with gap-free numbers; a repeated key returns the first registration instead of a second one")
    func numbersAndIdempotency() async throws {
        let simulator = ProtocolSimulator(token: "secret", timeZone: TimeZone(identifier: "Europe/Rome")!)
        let client = HTTPRemoteProtocol(transport: simulator.loopbackTransport(), baseURL: "http://simulator/", token: "secret")
        let first = try await client.register(Self.request(key: "a"))
        let again = try await client.register(Self.request(key: "a"))
        let second = try await client.register(Self.request(key: "b"))
        #expect(first.number == 1 && second.number == 2)
        #expect(again == first)
        #expect(first.segnatura.contains("<NumeroRegistrazione>0000001</NumeroRegistrazione>"))
        #expect(await simulator.registrations.count == 2)
    }

    @Test("a wrong token or a document that does not match its fingerprint is refused for good; 503 is tried again")
    func errors() async throws {
        let simulator = ProtocolSimulator(token: "secret", timeZone: TimeZone(identifier: "Europe/Rome")!)
        let wrongToken = HTTPRemoteProtocol(transport: simulator.loopbackTransport(), baseURL: "http://simulator", token: "nope")
        await #expect(throws: PermanentDeliveryError.self) { try await wrongToken.register(Self.request()) }
        let client = HTTPRemoteProtocol(transport: simulator.loopbackTransport(), baseURL: "http://simulator", token: "secret")
        await #expect(throws: PermanentDeliveryError.self) {
            try await client.register(Self.request(sha256: String(repeating: "0", count: 64)))
        }
        await simulator.failNext(1)
        await #expect(throws: RemoteProtocolError.unavailable(status: 503)) { try await client.register(Self.request()) }
        #expect(try await client.register(Self.request()).number == 1, "nothing was numbered by the refused calls")
    }
}
