public import Foundation

extension TestIdentityProvider {
    /// A transport that answers the provider's back-channel URLs (discovery, JWKS, token)
    /// by calling the provider directly, with the same JSON it serves over HTTP. Used where
    /// no socket is open (router tests); every other request fails loudly.
    /// - Parameter now: the clock the rest of the application reads (codes are issued with it, so they are
    ///   checked with it too).
    public func loopbackTransport(now: @escaping @Sendable () -> Date = { Date() }) -> any HTTPTransport {
        TestIdentityProviderLoopback(provider: self, now: now)
    }
}

struct TestIdentityProviderLoopback: HTTPTransport {
    let provider: TestIdentityProvider
    let now: @Sendable () -> Date

    struct UnexpectedRequest: Error, CustomStringConvertible {
        let description: String
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let discovery = provider.discoveryDocument
        switch (request.method, request.url) {
        case ("GET", provider.issuer + "/.well-known/openid-configuration"):
            return TransportResponse(status: 200, body: try JSONEncoder().encode(discovery))
        case ("GET", discovery.jwksURI):
            return TransportResponse(status: 200, body: provider.jwks)
        case ("POST", discovery.tokenEndpoint):
            let form = Dictionary(
                FormEncoding.decode(String(decoding: request.body ?? Data(), as: UTF8.self)), uniquingKeysWith: { a, _ in a })
            return await provider.token(form: form, basicCredentials: nil, now: now())
        default:
            throw UnexpectedRequest(description: "loopback has no answer for \(request.method) \(request.url)")
        }
    }
}
