import Foundation
import SportelloCore
import Synchronization
import Testing

@testable import SportelloAdapters

/// The test provider's back channel, with the token endpoint's id token replaced by one the test forges.
struct ForgingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let forge: @Sendable (IDTokenClaims) async throws -> String

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let response = try await inner.send(request)
        guard request.url.hasSuffix("/token"), response.status == 200 else { return response }
        let json = try JSONSerialization.jsonObject(with: response.body) as! [String: Any]
        let original = json["id_token"] as! String
        let payload = Data(base64URLEncoded: String(original.split(separator: ".")[1]))!
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let claims = try decoder.decode(IDTokenClaims.self, from: payload)
        var changed = json
        changed["id_token"] = try await forge(claims)
        return TransportResponse(status: 200, body: try JSONSerialization.data(withJSONObject: changed))
    }
}

@Suite("OpenID Connect sign-in against the test provider")
struct OIDCRelyingPartyTests {
    static let issuer = "http://idp.test/test-idp"
    static let redirect = "https://comune.test/auth/callback"

    let provider: TestIdentityProvider

    init() async throws {
        provider = try await TestIdentityProvider(
            issuer: Self.issuer,
            clients: [TestClientRegistration(clientID: "rp", clientSecret: "s3cret", allowsRedirect: { $0 == Self.redirect })])
    }

    func party(
        transport: (any HTTPTransport)? = nil, minimumLevel: AssuranceLevel = .substantial, clientID: String = "rp"
    ) -> OIDCRelyingParty {
        OIDCRelyingParty(
            settings: OIDCProviderSettings(
                issuer: Self.issuer, clientID: clientID, clientSecret: "s3cret", minimumLevel: minimumLevel),
            transport: transport ?? provider.loopbackTransport(), logger: .init(label: "test"))
    }

    /// Runs the browser's part: the authorization request goes to the provider, which approves a citizen.
    func authorize(
        _ party: OIDCRelyingParty, citizen: String = "RSSMRA85T10A562S"
    ) async throws -> (code: String, pending: PendingSignIn) {
        let request = try await party.makeAuthorizationRequest(redirectURI: Self.redirect)
        let query = Dictionary(
            URLComponents(string: request.url)!.queryItems!.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(query["code_challenge_method"] == "S256")
        #expect(query["code_challenge"] == OIDCRelyingParty.codeChallenge(for: request.codeVerifier))
        #expect(query["acr_values"] == "https://www.spid.gov.it/SpidL2")
        let authorization = try provider.validate(authorization: query)
        let callback = try provider.approve(authorization, fiscalCode: citizen, now: Date())
        let code = URLComponents(string: callback)!.queryItems!.first { $0.name == "code" }!.value!
        let pending = PendingSignIn(
            state: request.state, nonce: request.nonce, codeVerifier: request.codeVerifier, returnPath: "/", audience: .citizen,
            startedAt: Date())
        return (code, pending)
    }

    @Test("a citizen signs in and the fiscal code comes from the TINIT- claim")
    func happyPath() async throws {
        let party = party()
        let (code, pending) = try await authorize(party)
        let identity = try await party.completeSignIn(
            code: code, returnedState: pending.state, pending: pending, redirectURI: Self.redirect, now: Date())
        #expect(identity.fiscalCode.value == "RSSMRA85T10A562S")
        #expect(identity.fullName == "Mario Rossi")
        #expect(identity.assuranceLevel == .substantial)
        #expect(identity.method == "spid", "a SPID level without amr is SPID")
    }

    @Test("the sign-in scheme comes from amr when the gateway names it, else from a SPID level")
    func scheme() {
        func claims(acr: String?, amr: [String]?) -> IDTokenClaims {
            var claims = IDTokenClaims(
                issuer: "i", subject: "s", audience: "a", expiresAt: Date(), issuedAt: Date(), nonce: nil, acr: acr,
                givenName: nil, familyName: nil, email: nil, fiscalNumber: nil)
            claims.amr = amr
            return claims
        }
        #expect(OIDCRelyingParty.scheme(of: claims(acr: AssuranceLevel.high.acr, amr: ["pwd", "CIE"])) == "cie")
        #expect(OIDCRelyingParty.scheme(of: claims(acr: nil, amr: ["cns"])) == "cns")
        #expect(OIDCRelyingParty.scheme(of: claims(acr: AssuranceLevel.substantial.acr, amr: nil)) == "spid")
        #expect(OIDCRelyingParty.scheme(of: claims(acr: "urn:other", amr: ["pwd"])) == "oidc")
    }

    @Test("a wrong state is refused before any call to the provider")
    func wrongState() async throws {
        let party = party()
        let (code, pending) = try await authorize(party)
        await #expect(throws: OIDCSignInError.stateMismatch) {
            try await party.completeSignIn(
                code: code, returnedState: "x" + pending.state, pending: pending, redirectURI: Self.redirect, now: Date())
        }
    }

    @Test("an authorization code works once only")
    func codeReuse() async throws {
        let party = party()
        let (code, pending) = try await authorize(party)
        _ = try await party.completeSignIn(
            code: code, returnedState: pending.state, pending: pending, redirectURI: Self.redirect, now: Date())
        await #expect {
            try await party.completeSignIn(
                code: code, returnedState: pending.state, pending: pending, redirectURI: Self.redirect, now: Date())
        } throws: { ($0 as? OIDCSignInError)?.messageKey == "error.signIn.providerRefused" }
    }

    @Test("a wrong PKCE verifier is refused by the provider")
    func wrongVerifier() async throws {
        let party = party()
        var (code, pending) = try await authorize(party)
        pending.codeVerifier = RandomToken.make(byteCount: 48)
        await #expect {
            try await party.completeSignIn(
                code: code, returnedState: pending.state, pending: pending, redirectURI: Self.redirect, now: Date())
        } throws: { ($0 as? OIDCSignInError)?.messageKey == "error.signIn.providerRefused" }
    }

    @Test("forged or unsuitable id tokens are refused", arguments: ForgeryCase.allCases)
    func forgedTokens(forgery: ForgeryCase) async throws {
        let impostor = try await TestIdentityProvider(issuer: Self.issuer, clients: [])
        let provider = self.provider
        let transport = ForgingTransport(inner: provider.loopbackTransport()) { claims in
            var claims = claims
            switch forgery {
            case .unknownKey: return try await impostor.sign(claims)
            case .expired: claims.exp.value = Date().addingTimeInterval(-60)
            case .wrongNonce: claims.nonce = RandomToken.make()
            case .wrongAudience: claims.aud.value = ["someone-else"]
            case .wrongIssuer: claims.iss.value = "https://evil.example"
            case .wrongCheckLetter: claims.fiscalNumber = "TINIT-RSSMRA85T10A562T"
            case .missingFiscalCode: claims.fiscalNumber = nil
            case .levelOne: claims.acr = AssuranceLevel.low.acr
            case .tampered:
                let token = try await provider.sign(claims)
                var parts = token.split(separator: ".").map(String.init)
                claims.givenName = "Mallory"
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .secondsSince1970
                parts[1] = try encoder.encode(claims).base64URLEncodedString()
                return parts.joined(separator: ".")
            }
            return try await provider.sign(claims)
        }
        let party = party(transport: transport)
        let (code, pending) = try await authorize(party)
        await #expect {
            try await party.completeSignIn(
                code: code, returnedState: pending.state, pending: pending, redirectURI: Self.redirect, now: Date())
        } throws: { error in
            guard let error = error as? OIDCSignInError else { return false }
            return error.messageKey == forgery.expectedMessageKey
        }
    }

    @Test("the test provider refuses unregistered redirects, short state and plain PKCE")
    func providerValidation() throws {
        let good: [String: String] = [
            "client_id": "rp", "redirect_uri": Self.redirect, "response_type": "code", "scope": "openid",
            "state": String(repeating: "s", count: 43), "nonce": String(repeating: "n", count: 43),
            "code_challenge": String(repeating: "c", count: 43), "code_challenge_method": "S256",
        ]
        _ = try provider.validate(authorization: good)
        for (key, value) in [
            ("redirect_uri", "https://evil.example/auth/callback"), ("client_id", "nobody"), ("state", "short"),
            ("code_challenge_method", "plain"), ("scope", "profile"),
        ] {
            var bad = good
            bad[key] = value
            #expect(throws: TestIdentityProviderError.self) { try provider.validate(authorization: bad) }
        }
    }

    @Test("the token endpoint refuses a wrong client secret")
    func wrongSecret() async throws {
        let answer = await provider.token(
            form: ["grant_type": "authorization_code", "code": "x"], basicCredentials: ("rp", "nope"), now: Date())
        #expect(answer.status == 401)
    }
}

enum ForgeryCase: String, CaseIterable, Sendable {
    case unknownKey, tampered, expired, wrongNonce, wrongAudience, wrongIssuer, wrongCheckLetter, missingFiscalCode, levelOne

    var expectedMessageKey: String {
        switch self {
        case .unknownKey, .tampered, .expired, .wrongNonce, .wrongAudience, .wrongIssuer: "error.signIn.invalidToken"
        case .wrongCheckLetter, .missingFiscalCode: "error.signIn.invalidFiscalCode"
        case .levelOne: "error.signIn.insufficientLevel"
        }
    }
}
