import Crypto
public import Foundation
import JWTKit
public import Logging
public import SportelloCore
import Synchronization

/// Our side of an OpenID Connect sign-in (authorization code + PKCE S256, state and nonce),
/// against one provider. Discovery and keys are fetched once and kept; the keys are
/// fetched again when a token names a key we do not know (the provider rotated them).
public final class OIDCRelyingParty: Sendable {
    public let settings: OIDCProviderSettings
    private let transport: any HTTPTransport
    private let logger: Logger
    private let cache = Mutex<Cache>(Cache())
    /// How old a token's issue time may be; the provider's clock may differ a little from ours.
    private let clockSkew: TimeInterval = 120

    private struct Cache {
        var discovery: OIDCDiscoveryDocument?
        var keys: JWTKeyCollection?
        var keysFetchedAt: Date?
    }

    public init(settings: OIDCProviderSettings, transport: any HTTPTransport, logger: Logger) {
        self.settings = settings
        self.transport = transport
        self.logger = logger
    }

    /// The request that sends the browser to the provider, and what to remember in the session.
    public struct AuthorizationRequest: Sendable {
        public let url: String
        public let state: String
        public let nonce: String
        public let codeVerifier: String
    }

    public func makeAuthorizationRequest(redirectURI: String) async throws(OIDCSignInError) -> AuthorizationRequest {
        let discovery = try await discoveryDocument()
        let state = RandomToken.make()
        let nonce = RandomToken.make()
        let verifier = RandomToken.make(byteCount: 48)
        guard var components = URLComponents(string: discovery.authorizationEndpoint) else {
            throw .providerUnavailable("authorization endpoint is not a URL: \(discovery.authorizationEndpoint)")
        }
        let existing = components.queryItems ?? []
        components.queryItems =
            existing + [
                URLQueryItem(name: "response_type", value: "code"),
                URLQueryItem(name: "client_id", value: settings.clientID),
                URLQueryItem(name: "redirect_uri", value: redirectURI),
                URLQueryItem(name: "scope", value: settings.scopes.joined(separator: " ")),
                URLQueryItem(name: "state", value: state),
                URLQueryItem(name: "nonce", value: nonce),
                URLQueryItem(name: "code_challenge", value: Self.codeChallenge(for: verifier)),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
                URLQueryItem(name: "acr_values", value: settings.minimumLevel.acr),
                URLQueryItem(name: "prompt", value: "login"),
            ]
        // URLComponents leaves "+" alone in queries, which servers read as a space.
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components.percentEncodedQuery = query
        guard let url = components.string else {
            throw .providerUnavailable("authorization endpoint is not a URL: \(discovery.authorizationEndpoint)")
        }
        return AuthorizationRequest(url: url, state: state, nonce: nonce, codeVerifier: verifier)
    }

    /// Exchanges the code for tokens, checks the id token and returns the citizen it names.
    public func completeSignIn(
        code: String, returnedState: String, pending: PendingSignIn, redirectURI: String, now: Date
    ) async throws(OIDCSignInError) -> CitizenIdentity {
        guard ConstantTime.equals(returnedState, pending.state) else { throw .stateMismatch }
        let discovery = try await discoveryDocument()
        let response: TransportResponse
        do {
            response = try await transport.send(
                .form(
                    discovery.tokenEndpoint,
                    fields: [
                        ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                        ("client_id", settings.clientID), ("client_secret", settings.clientSecret),
                        ("code_verifier", pending.codeVerifier),
                    ]))
        } catch {
            throw .providerUnavailable("token endpoint: \(error)")
        }
        guard response.status == 200 else {
            throw .providerRefused(
                "token endpoint answered \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        guard let tokens = try? JSONDecoder().decode(TokenResponse.self, from: response.body) else {
            throw .invalidToken("token response is not JSON with an id_token")
        }
        let claims = try await verifiedClaims(of: tokens.idToken)
        return try identity(from: claims, expectedNonce: pending.nonce, now: now)
    }

    /// Checks issuer, audience, times, nonce, level and fiscal code of verified claims.
    func identity(from claims: IDTokenClaims, expectedNonce: String, now: Date) throws(OIDCSignInError) -> CitizenIdentity {
        guard claims.iss.value == settings.issuer else { throw .wrongIssuer }
        guard claims.aud.value.contains(settings.clientID) else { throw .wrongAudience }
        guard claims.exp.value > now, claims.iat.value < now.addingTimeInterval(clockSkew) else { throw .tokenExpired }
        guard let nonce = claims.nonce, ConstantTime.equals(nonce, expectedNonce) else { throw .nonceMismatch }
        let level = claims.acr.flatMap(AssuranceLevel.init(acr:)) ?? .low
        guard level >= settings.minimumLevel else { throw .insufficientLevel }
        guard let attribute = claims.fiscalNumber else { throw .missingFiscalCode }
        let fiscalCode: CodiceFiscale
        do { fiscalCode = try CodiceFiscale(spidAttribute: attribute) } catch { throw .invalidFiscalCode(error) }
        return CitizenIdentity(
            fiscalCode: fiscalCode, givenName: claims.givenName ?? "", familyName: claims.familyName ?? "",
            email: claims.email, assuranceLevel: level, method: Self.scheme(of: claims))
    }

    /// Which scheme the citizen signed in with, for the statistics on strong sign-in: the one the gateway names in
    /// `amr`, else SPID when the level is a SPID level (SPID and CIE gateways without `amr` use SPID's), else "oidc".
    static func scheme(of claims: IDTokenClaims) -> String {
        let known = ["spid", "cie", "cns", "eidas"]
        if let named = claims.amr?.lazy.map({ $0.lowercased() }).first(where: known.contains) { return named }
        return claims.acr.flatMap(AssuranceLevel.init(acr:)) != nil ? "spid" : "oidc"
    }

    /// Verifies the signature with the provider's published keys, refreshing them once if needed.
    func verifiedClaims(of token: String) async throws(OIDCSignInError) -> IDTokenClaims {
        var keys = try await signingKeys(forceRefresh: false)
        do {
            return try await keys.verify(token, as: IDTokenClaims.self)
        } catch {
            guard cache.withLock({ Date().timeIntervalSince($0.keysFetchedAt ?? .distantPast) > 30 }) else {
                throw .invalidToken("\(error)")
            }
            keys = try await signingKeys(forceRefresh: true)
            do {
                return try await keys.verify(token, as: IDTokenClaims.self)
            } catch {
                throw .invalidToken("\(error)")
            }
        }
    }

    func discoveryDocument() async throws(OIDCSignInError) -> OIDCDiscoveryDocument {
        if let cached = cache.withLock({ $0.discovery }) { return cached }
        let url = settings.issuer.trimmingSuffix("/") + "/.well-known/openid-configuration"
        let document: OIDCDiscoveryDocument = try await fetchJSON(url)
        guard document.issuer == settings.issuer else {
            throw .providerUnavailable("discovery issuer \(document.issuer) differs from configured \(settings.issuer)")
        }
        cache.withLock { $0.discovery = document }
        return document
    }

    private func signingKeys(forceRefresh: Bool) async throws(OIDCSignInError) -> JWTKeyCollection {
        if !forceRefresh, let keys = cache.withLock({ $0.keys }) { return keys }
        let discovery = try await discoveryDocument()
        let response = try await fetch(discovery.jwksURI)
        let keys = JWTKeyCollection()
        do {
            try await keys.add(jwksJSON: String(decoding: response, as: UTF8.self))
        } catch {
            throw .providerUnavailable("JWKS not usable: \(error)")
        }
        cache.withLock {
            $0.keys = keys
            $0.keysFetchedAt = Date()
        }
        logger.info("identity provider keys fetched", metadata: ["issuer": "\(settings.issuer)"])
        return keys
    }

    private func fetchJSON<T: Decodable>(_ url: String) async throws(OIDCSignInError) -> T {
        let body = try await fetch(url)
        do { return try JSONDecoder().decode(T.self, from: body) } catch {
            throw .providerUnavailable("\(url) is not the expected JSON: \(error)")
        }
    }

    private func fetch(_ url: String) async throws(OIDCSignInError) -> Data {
        let response: TransportResponse
        do { response = try await transport.send(TransportRequest(method: "GET", url: url)) } catch {
            throw .providerUnavailable("\(url): \(error)")
        }
        guard response.status == 200 else { throw .providerUnavailable("\(url) answered \(response.status)") }
        return response.body
    }

    /// PKCE S256: base64url(SHA-256(verifier)).
    public static func codeChallenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString()
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
