import CryptoExtras
public import Foundation
import JWTKit
public import SportelloCore
import Synchronization

/// A person the test provider can sign in as.
public struct TestCitizen: Sendable, Equatable {
    public var fiscalCode: String
    public var givenName: String
    public var familyName: String
    public var email: String
    public var level: AssuranceLevel

    public init(fiscalCode: String, givenName: String, familyName: String, email: String, level: AssuranceLevel = .substantial) {
        self.fiscalCode = fiscalCode
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.level = level
    }

    /// The demo municipality's test citizens (valid fiscal codes, fictitious people).
    public static let demo: [TestCitizen] = [
        TestCitizen(fiscalCode: "RSSMRA85T10A562S", givenName: "Mario", familyName: "Rossi", email: "mario.rossi@example.org"),
        TestCitizen(fiscalCode: "BNCNNA90C55H501L", givenName: "Anna", familyName: "Bianchi", email: "anna.bianchi@example.org"),
        TestCitizen(
            fiscalCode: "VRDGPP50L01F205U", givenName: "Giuseppe", familyName: "Verdi", email: "giuseppe.verdi@example.org",
            level: .high),
        TestCitizen(
            fiscalCode: "SPSSFO01S62F839B", givenName: "Sofia", familyName: "Esposito", email: "sofia.esposito@example.org"),
        TestCitizen(fiscalCode: "KHLHMD78E05Z330U", givenName: "Ahmed", familyName: "Khalil", email: "ahmed.khalil@example.org"),
        TestCitizen(fiscalCode: "RSSGLI87P70L219B", givenName: "Giulia", familyName: "Russo", email: "giulia.russo@example.org"),
    ]
}

/// A relying party registered with the test provider.
public struct TestClientRegistration: Sendable {
    public var clientID: String
    public var clientSecret: String
    /// Decides which redirect URIs the client may use (exact callback paths on its own hosts).
    public var allowsRedirect: @Sendable (String) -> Bool

    public init(clientID: String, clientSecret: String, allowsRedirect: @escaping @Sendable (String) -> Bool) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.allowsRedirect = allowsRedirect
    }
}

/// An authorization request the provider accepted and shows to the person.
public struct TestAuthorizationRequest: Sendable, Equatable {
    public var clientID: String
    public var redirectURI: String
    public var state: String
    public var nonce: String
    public var codeChallenge: String
    public var scope: String

    /// The fields to carry through the provider's own sign-in form.
    public var formFields: [(String, String)] {
        [
            ("client_id", clientID), ("redirect_uri", redirectURI), ("state", state), ("nonce", nonce),
            ("code_challenge", codeChallenge), ("code_challenge_method", "S256"), ("scope", scope),
            ("response_type", "code"),
        ]
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.formFields.elementsEqual(rhs.formFields) { $0 == $1 }
    }
}

/// Why the test provider refused an authorization request; shown on its own page
/// because an unverified redirect URI must never be followed.
public struct TestIdentityProviderError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

/// A real, minimal OpenID Connect provider for demos and tests: discovery, JWKS,
/// authorization endpoint (a page to pick a test citizen) and token endpoint with
/// PKCE. It signs id tokens with its own RSA key, so the relying party runs the
/// same checks it runs against a SPID/CIE gateway. Only enabled in demo mode.
public final class TestIdentityProvider: Sendable {
    public let issuer: String
    public let citizens: [TestCitizen]
    /// A numbered crowd the provider also signs in (load tests); not listed on its page.
    public let population: SyntheticPopulation?
    private let clients: [String: TestClientRegistration]
    private let keys: JWTKeyCollection
    private let keyID: String
    private let jwksDocument: Data
    private let codes = Mutex<[String: IssuedCode]>([:])
    private let codeLifetime: TimeInterval = 60
    private let tokenLifetime: TimeInterval = 300

    private struct IssuedCode {
        let request: TestAuthorizationRequest
        let citizen: TestCitizen
        let expiresAt: Date
    }

    public init(
        issuer: String, citizens: [TestCitizen] = TestCitizen.demo, population: SyntheticPopulation? = nil,
        clients: [TestClientRegistration]
    ) async throws {
        self.issuer = issuer
        self.citizens = citizens
        self.population = population
        self.clients = Dictionary(clients.map { ($0.clientID, $0) }, uniquingKeysWith: { $1 })
        let privateKey = try Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        keyID = "test-idp-" + RandomToken.make(byteCount: 6)
        keys = JWTKeyCollection()
        await keys.add(rsa: privateKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: keyID))
        let jwk: [String: String] = [
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": keyID,
            "n": primitives.modulus.base64URLEncodedString(), "e": primitives.publicExponent.base64URLEncodedString(),
        ]
        jwksDocument = try JSONSerialization.data(withJSONObject: ["keys": [jwk]], options: [.sortedKeys])
    }

    public var discoveryDocument: OIDCDiscoveryDocument {
        OIDCDiscoveryDocument(
            issuer: issuer, authorizationEndpoint: issuer + "/authorize", tokenEndpoint: issuer + "/token",
            jwksURI: issuer + "/jwks")
    }

    public var jwks: Data { jwksDocument }

    /// Checks an incoming authorization request before showing anything.
    public func validate(authorization query: [String: String]) throws(TestIdentityProviderError) -> TestAuthorizationRequest {
        guard let clientID = query["client_id"], let client = clients[clientID] else {
            throw TestIdentityProviderError(description: "unknown client_id")
        }
        guard let redirectURI = query["redirect_uri"], client.allowsRedirect(redirectURI) else {
            throw TestIdentityProviderError(description: "redirect_uri not registered for this client")
        }
        guard query["response_type"] == "code" else { throw TestIdentityProviderError(description: "response_type must be code") }
        guard let scope = query["scope"], scope.split(separator: " ").contains("openid") else {
            throw TestIdentityProviderError(description: "scope must include openid")
        }
        guard let state = query["state"], state.count >= 32 else {
            throw TestIdentityProviderError(description: "state missing or too short")
        }
        guard let nonce = query["nonce"], nonce.count >= 32 else {
            throw TestIdentityProviderError(description: "nonce missing or too short")
        }
        guard query["code_challenge_method"] == "S256", let challenge = query["code_challenge"], challenge.count == 43 else {
            throw TestIdentityProviderError(description: "PKCE with S256 is required")
        }
        return TestAuthorizationRequest(
            clientID: clientID, redirectURI: redirectURI, state: state, nonce: nonce, codeChallenge: challenge, scope: scope)
    }

    /// The person chose a citizen: issue a one-time code and return where to send the browser.
    public func approve(
        _ request: TestAuthorizationRequest, fiscalCode: String, now: Date
    ) throws(TestIdentityProviderError) -> String {
        guard let citizen = citizens.first(where: { $0.fiscalCode == fiscalCode }) ?? population?.citizen(fiscalCode) else {
            throw TestIdentityProviderError(description: "unknown test citizen")
        }
        let code = RandomToken.make()
        codes.withLock { codes in
            codes = codes.filter { $0.value.expiresAt > now }
            codes[code] = IssuedCode(request: request, citizen: citizen, expiresAt: now.addingTimeInterval(codeLifetime))
        }
        var components = URLComponents(string: request.redirectURI)!
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: request.state),
                URLQueryItem(name: "iss", value: issuer),
            ]
        return components.string!
    }

    /// The person cancelled: send the browser back with the standard error.
    public func deny(_ request: TestAuthorizationRequest) -> String {
        var components = URLComponents(string: request.redirectURI)!
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "error", value: "access_denied"), URLQueryItem(name: "state", value: request.state),
            ]
        return components.string!
    }

    /// The token endpoint (RFC 6749 §4.1.3 with RFC 7636 PKCE); answers JSON like a real provider.
    public func token(form: [String: String], basicCredentials: (String, String)?, now: Date) async -> TransportResponse {
        let clientID = basicCredentials?.0 ?? form["client_id"] ?? ""
        let secret = basicCredentials?.1 ?? form["client_secret"] ?? ""
        guard let client = clients[clientID], client.clientSecret == secret else {
            return Self.error(401, "invalid_client")
        }
        guard form["grant_type"] == "authorization_code" else { return Self.error(400, "unsupported_grant_type") }
        // A code is good once: take it out before checking anything else.
        let issued = codes.withLock { $0.removeValue(forKey: form["code"] ?? "") }
        guard let issued, issued.expiresAt > now, issued.request.clientID == clientID else {
            return Self.error(400, "invalid_grant")
        }
        guard form["redirect_uri"] == issued.request.redirectURI else { return Self.error(400, "invalid_grant") }
        guard let verifier = form["code_verifier"],
            OIDCRelyingParty.codeChallenge(for: verifier) == issued.request.codeChallenge
        else { return Self.error(400, "invalid_grant") }
        let citizen = issued.citizen
        let claims = IDTokenClaims(
            issuer: issuer, subject: "test-" + citizen.fiscalCode, audience: clientID,
            expiresAt: now.addingTimeInterval(tokenLifetime), issuedAt: now, nonce: issued.request.nonce,
            acr: citizen.level.acr, givenName: citizen.givenName, familyName: citizen.familyName, email: citizen.email,
            fiscalNumber: "TINIT-" + citizen.fiscalCode)
        do {
            let idToken = try await sign(claims)
            let body = try JSONSerialization.data(
                withJSONObject: [
                    "id_token": idToken, "access_token": RandomToken.make(), "token_type": "Bearer",
                    "expires_in": Int(tokenLifetime),
                ], options: [.sortedKeys])
            return TransportResponse(status: 200, body: body)
        } catch {
            return Self.error(500, "server_error")
        }
    }

    /// Signs arbitrary claims with the provider's key (tests use it to forge bad tokens on purpose).
    public func sign(_ claims: IDTokenClaims) async throws -> String {
        try await keys.sign(claims, kid: JWKIdentifier(string: keyID))
    }

    private static func error(_ status: Int, _ code: String) -> TransportResponse {
        TransportResponse(status: status, body: Data("{\"error\":\"\(code)\"}".utf8))
    }
}
